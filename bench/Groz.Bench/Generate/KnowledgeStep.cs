using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Collaboration;
using Groz.Web.Features.Knowledge;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Bench.Generate;

/// <summary>
/// The Kennisbank's and learning environment's share: per 100,000 residents 1,500 documents (a third shared with all
/// leerregio's; 30% "uploaded files" whose extracted text is stored as upload would store it, without the file itself on
/// disk, the rest Markdown pages), about 1.4 versions each, indexed for search exactly as the app indexes them; the five
/// bouwstenen with two updates a month each over two years; 4,000 responses; and 3% of the members following one to
/// three bouwstenen or themes.
/// </summary>
public sealed class KnowledgeStep : IGeneratorStep
{
    public string Name => "knowledge";

    public const int DocumentsPer100k = 1_500;
    public const int CommentsPer100k = 4_000;
    public const int FollowPercent = 3;

    private static readonly string[] Words =
    [
        "buurt", "bewoners", "gezondheid", "mantelzorg", "eenzaamheid", "wandelgroep", "subsidie", "vrijwilligers", "huisarts", "wijkteam",
        "sporten", "voeding", "jongeren", "ouderen", "buurthuis", "samenwerking", "monitoring", "begroting", "evaluatie", "pilot",
        "leefstijl", "bewegen", "ontmoeting", "coöperatie", "statuten", "financiering", "data", "privacy", "leren", "resultaten",
    ];

    private static string Sentence(Random r, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[r.Next(Words.Length)])) + ".";

    public async Task RunAsync(GenerationContext context, CancellationToken ct)
    {
        var leerregio = context.Leerregio ?? throw new InvalidOperationException("The regions step runs first.");
        var random = context.RandomFor(Name);
        var residents = context.Wijken.Sum(w => w.Wijk.Residents ?? 0);
        var writers = context.Members.Where(m => m.Roles.Contains(GrozRole.Professional) || m.Roles.Contains(GrozRole.Coordinator)).Select(m => m.UserId).ToList();
        var members = context.Members.Select(m => m.UserId).ToList();
        if (writers.Count == 0 || members.Count == 0)
        {
            return;
        }
        var (start, span) = (context.Start, context.Options.AsOf - context.Start);
        DateTimeOffset At() => start + TimeSpan.FromMinutes(random.NextInt64((long)span.TotalMinutes));

        // Documents, indexed through the app's own KnowledgeSearch so the engine's text is what a real upload gives.
        var documents = new List<KnowledgeDocument>();
        await using (var scope = context.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
            var count = (int)Math.Round(residents * (long)DocumentsPer100k / 100_000.0);
            var kinds = Enum.GetValues<DocumentKind>();
            var bouwstenen = Enum.GetValues<BouwsteenKind>();
            var themes = Groz.Web.Features.Shared.Themes.All.Select(t => t.Code).ToArray();
            for (var i = 0; i < count; i++)
            {
                var created = At();
                var file = random.Next(100) < 30;
                var d = new KnowledgeDocument
                {
                    LeerregioId = leerregio.Id, Title = Sentence(random, 4).TrimEnd('.'), Summary = Sentence(random, 14), Kind = kinds[random.Next(kinds.Length)],
                    Themes = [.. themes.OrderBy(_ => random.Next()).Take(random.Next(0, 3))],
                    Bouwsteen = random.Next(2) == 0 ? bouwstenen[random.Next(bouwstenen.Length)] : null,
                    Sharing = random.Next(3) == 0 ? KnowledgeSharing.AllLeerregios : KnowledgeSharing.Leerregio,
                    Format = file ? KnowledgeFormat.File : KnowledgeFormat.Markdown, CreatedAt = created, UpdatedAt = created,
                    CreatedByUserId = writers[random.Next(writers.Count)],
                };
                if (d.Kind == DocumentKind.Subsidy)
                {
                    d.SubsidyDeadline = DateOnly.FromDateTime(context.Options.AsOf.UtcDateTime).AddDays(random.Next(-200, 200));
                    d.SubsidyAmount = random.Next(1, 200) * 500m;
                }
                var versions = 1 + (random.Next(10) < 3 ? random.Next(1, 4) : 0);
                string text = "";
                for (var v = 1; v <= versions; v++)
                {
                    var at = v == 1 ? created : created + TimeSpan.FromDays(random.Next(1, 60) * v);
                    text = string.Join("\n\n", Enumerable.Range(0, random.Next(3, 12)).Select(_ => Sentence(random, random.Next(8, 25))));
                    d.Versions.Add(new KnowledgeVersion
                    {
                        Number = v, CreatedAt = at, CreatedByUserId = d.CreatedByUserId, ChangeNote = v == 1 ? null : Sentence(random, 5),
                        Markdown = file ? null : "# " + d.Title + "\n\n" + text,
                        FileName = file ? $"document-{i + 1}-v{v}.pdf" : null, ContentType = file ? "application/pdf" : null,
                        SizeBytes = file ? random.Next(20_000, 2_000_000) : null, ExtractedText = file ? text : null,
                    });
                    d.UpdatedAt = at;
                }
                d.CurrentVersion = versions;
                KnowledgeSearch.Index(db, d, file ? text : KnowledgeMarkdown.ToPlainText(d.Versions[^1].Markdown));
                documents.Add(d);
            }
        }
        context.Count("kennisbank documents", await context.InsertAsync(documents, ct));
        context.Count("kennisbank versions", documents.Sum(d => d.Versions.Count));

        // The five bouwstenen with two updates a month each.
        var bouwsteenRows = Collaborations.BouwsteenCodes.Select(c => new Bouwsteen { LeerregioId = leerregio.Id, Code = c.Code, Trekker = c.DefaultTrekker }).ToList();
        await context.InsertAsync(bouwsteenRows, ct);
        var months = Math.Max(1, (int)(span.TotalDays / 30));
        var updates = bouwsteenRows.SelectMany(b => Enumerable.Range(0, months * 2).Select(_ => new BouwsteenUpdate
        {
            BouwsteenId = b.Id, On = DateOnly.FromDateTime(At().UtcDateTime), Text = Sentence(random, random.Next(20, 80)), AuthorUserId = writers[random.Next(writers.Count)],
        })).ToList();
        context.Count("bouwsteen updates", await context.InsertAsync(updates, ct));

        // Responses: two thirds on documents, a third on updates.
        var commentCount = (int)Math.Round(residents * (long)CommentsPer100k / 100_000.0);
        var comments = Enumerable.Range(0, commentCount).Select(_ =>
        {
            var onDocument = random.Next(3) != 0;
            return new KnowledgeComment
            {
                DocumentId = onDocument ? documents[random.Next(documents.Count)].Id : null,
                UpdateId = onDocument ? null : updates[random.Next(updates.Count)].Id,
                LeerregioId = leerregio.Id, AuthorUserId = members[random.Next(members.Count)], Text = Sentence(random, random.Next(5, 40)), CreatedAt = At(),
            };
        }).ToList();
        context.Count("kennisbank responses", await context.InsertAsync(comments, ct));

        var topics = Enum.GetValues<BouwsteenKind>().Select(b => (FollowKind.Bouwsteen, b.ToString()))
            .Concat(Groz.Web.Features.Shared.Themes.All.Select(t => (FollowKind.Theme, t.Code))).ToArray();
        var follows = members.Where(_ => random.Next(100) < FollowPercent)
            .SelectMany(userId => topics.OrderBy(_ => random.Next()).Take(random.Next(1, 4))
                .Select(t => new KnowledgeFollow { UserId = userId, Kind = t.Item1, Code = t.Item2, CreatedAt = At() })).ToList();
        context.Count("kennisbank follows", await context.InsertAsync(follows, ct));
    }
}
