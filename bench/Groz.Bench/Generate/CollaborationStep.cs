using Groz.Web.Features.Collaboration;
using Groz.Web.Features.SocialMap;
using Microsoft.EntityFrameworkCore;

namespace Groz.Bench.Generate;

/// <summary>
/// Samenwerking's share: per 100,000 residents <see cref="CollaborationsPer100k"/> samenwerkingsverbanden among the
/// wijkportaal's organisations (2 to 12 members, a few of them in many, so the network has hubs and brokers), a codebook of
/// seven themes with subthemes, <see cref="ConversationsPer100k"/> wijkgesprekken over the two years with 3 to 10 coded
/// fragments each, and an urgency for most themes in most wijken.
/// </summary>
public sealed class CollaborationStep : IGeneratorStep
{
    public string Name => "collaboration";

    public const int CollaborationsPer100k = 120;
    public const int ConversationsPer100k = 400;

    private static readonly (string Theme, string[] Subthemes)[] Codebook =
    [
        ("Ontmoeten en eenzaamheid", ["Plekken om elkaar te zien", "Ouderen alleen thuis", "Nieuwe bewoners"]),
        ("Bewegen en gezond eten", ["Sporten in de buurt", "Gezonde voeding", "Kinderen en bewegen"]),
        ("Geldzorgen", ["Schulden", "Hoge energiekosten", "Regelingen kennen"]),
        ("Mantelzorg", ["Overbelasting", "Respijtzorg"]),
        ("Veiligheid en leefbaarheid", ["Overlast", "Verlichting en straten"]),
        ("Werk en meedoen", ["Vrijwilligerswerk", "Taal en werk"]),
        ("Zorg dichtbij", ["Huisarts en wijkteam", "Digitale zorg"]),
    ];

    private static readonly string[] Words = ["Buurt", "Samen", "Gezond", "Vitaal", "Wijk", "Zorg", "Beweeg", "Ontmoet"];
    private static readonly string[] Kinds = ["netwerk", "alliantie", "project", "leerkring"];
    private static readonly string[] Roles = ["trekker", "deelnemer", "deelnemer", "deelnemer", "financier", "uitvoerder"];
    private static readonly string[] Themes = ["leefstijl", "zorg-voor-elkaar", "vitaal-werken", "sociale-basis", "wijkportaal-data", "financiering", "ondernemen"];
    private static readonly string[] Sentences =
    [
        "Er is te weinig plek om elkaar te ontmoeten.", "Veel ouderen komen de deur niet meer uit.", "De sportvereniging is te duur voor gezinnen.",
        "Mensen weten de regelingen niet te vinden.", "Mantelzorgers zijn moe en vragen om hulp.", "Het buurthuis is alleen overdag open.",
        "Jongeren willen graag vrijwilligerswerk doen.", "De huisarts is moeilijk bereikbaar.", "Het is 's avonds donker op straat.",
        "Een kookgroep zou de buurt dichter bij elkaar brengen.",
    ];

    public async Task RunAsync(GenerationContext context, CancellationToken ct)
    {
        var leerregio = context.Leerregio ?? throw new InvalidOperationException("The regions step runs first.");
        var random = context.RandomFor(Name);
        var residents = context.Wijken.Sum(w => w.Wijk.Residents ?? 0);
        int Scaled(int per100k) => Math.Max(1, (int)Math.Round(residents * (long)per100k / 100_000.0));
        List<Guid> organisations = [];
        await context.WriteAsync(async db => organisations = await db.SmOrganizations.AsNoTracking()
            .Where(o => o.LeerregioId == leerregio.Id && o.Publication == Publication.Published).OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(ct), ct);
        var wijkIds = context.Wijken.Select(w => w.Wijk.Id).ToList();
        var asOf = DateOnly.FromDateTime(context.Options.AsOf.UtcDateTime);

        // Collaborations: a few hub organisations take part often, the rest now and then.
        var hubs = organisations.Take(Math.Max(2, organisations.Count / 50)).ToList();
        var collaborations = new List<Collaboration>();
        for (var i = 0; i < Scaled(CollaborationsPer100k) && organisations.Count >= 2; i++)
        {
            var size = Math.Min(organisations.Count, 2 + random.Next(11));
            var members = new HashSet<Guid>();
            while (members.Count < size)
            {
                members.Add(random.NextDouble() < 0.3 ? hubs[random.Next(hubs.Count)] : organisations[random.Next(organisations.Count)]);
            }
            var memberList = members.ToList();
            var startsOn = asOf.AddDays(-random.Next(900));
            var status = random.NextDouble() switch { < 0.7 => CollaborationStatus.Active, < 0.8 => CollaborationStatus.Planned, < 0.9 => CollaborationStatus.Paused, _ => CollaborationStatus.Ended };
            collaborations.Add(new Collaboration
            {
                LeerregioId = leerregio.Id, Name = $"{Words[random.Next(Words.Length)]}{Kinds[random.Next(Kinds.Length)]} {i + 1}",
                Type = (CollaborationType)random.Next(4), Status = status, StartsOn = startsOn,
                EndsOn = status == CollaborationStatus.Ended ? startsOn.AddDays(90 + random.Next(400)) : null,
                ProcessOwnerId = random.NextDouble() < 0.8 ? memberList[0] : null, ModifiedAt = context.Options.AsOf,
                Members = [.. memberList.Select(m => new CollaborationMember { OrganizationId = m, Role = Roles[random.Next(Roles.Length)] })],
                Themes = [.. Themes.OrderBy(_ => random.Next()).Take(1 + random.Next(2)).Select(t => new CollaborationTheme { ThemeCode = t })],
                Wijken = [.. wijkIds.OrderBy(_ => random.Next()).Take(1 + random.Next(Math.Min(3, wijkIds.Count))).Select(w => new CollaborationWijk { WijkId = w })],
            });
        }
        context.Count("collaborations", await context.InsertAsync(collaborations, ct));
        context.Count("collaboration memberships", collaborations.Sum(c => c.Members.Count));

        // The codebook: themes first (their ids), then their subthemes.
        var themes = Codebook.Select(t => new Code { LeerregioId = leerregio.Id, Name = t.Theme }).ToList();
        await context.InsertAsync(themes, ct);
        var subthemes = Codebook.SelectMany((t, i) => t.Subthemes.Select(s => new Code { LeerregioId = leerregio.Id, ParentId = themes[i].Id, Name = s })).ToList();
        await context.InsertAsync(subthemes, ct);
        var codes = themes.Concat(subthemes).Select(c => c.Id).ToList();
        context.Count("codes", codes.Count);

        var conversations = new List<NeighbourhoodConversation>();
        for (var i = 0; i < Scaled(ConversationsPer100k); i++)
        {
            var fragments = Enumerable.Range(0, 3 + random.Next(8)).Select(_ => new ConversationFragment
            {
                LeerregioId = leerregio.Id, Text = Sentences[random.Next(Sentences.Length)],
                Codes = [.. codes.OrderBy(_ => random.Next()).Take(1 + random.Next(2)).Select(c => new FragmentCode { CodeId = c })],
            }).ToList();
            conversations.Add(new NeighbourhoodConversation
            {
                LeerregioId = leerregio.Id, WijkId = wijkIds[random.Next(wijkIds.Count)], HeldOn = asOf.AddDays(-random.Next(730)),
                Format = random.NextDouble() < 0.4 ? ConversationFormat.FocusGroup : ConversationFormat.Conversation, Place = (PlaceKind)random.Next(6),
                Participants = (ParticipantKinds)(1 + random.Next(15)), ParticipantCount = 4 + random.Next(20), Facilitator = "Buurtteam",
                Summary = Sentences[random.Next(Sentences.Length)], CreatedAt = context.Options.AsOf, Fragments = fragments,
            });
        }
        context.Count("wijkgesprekken", await context.InsertAsync(conversations, ct));
        context.Count("coded fragments", conversations.Sum(c => c.Fragments.Count));

        var urgencies = (from w in wijkIds from t in themes where random.NextDouble() < 0.7
                         select new ThemeUrgency { LeerregioId = leerregio.Id, WijkId = w, CodeId = t.Id, Level = 1 + random.Next(5), Rationale = "Uit de wijkgesprekken", SetOn = asOf }).ToList();
        context.Count("theme urgencies", await context.InsertAsync(urgencies, ct));
    }
}
