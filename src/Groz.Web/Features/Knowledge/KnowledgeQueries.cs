using System.Security.Claims;
using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge;

public sealed record KnowledgeQuery(string? Text, int? LeerregioId, DocumentKind? Kind, string? Theme, BouwsteenKind? Bouwsteen, int Page);

public sealed record KnowledgeItem(int Id, string LeerregioSlug, string LeerregioName, string Title, string? Summary, DocumentKind Kind, KnowledgeSharing Sharing,
    KnowledgeFormat Format, DateTimeOffset UpdatedAt, DateOnly? SubsidyDeadline, decimal? SubsidyAmount, double Rank, Snippet Snippet);

public sealed record KnowledgeResults(int Total, int Page, IReadOnlyList<KnowledgeItem> Items)
{
    public int Pages => Math.Max(1, (Total + KnowledgeQueries.PageSize - 1) / KnowledgeQueries.PageSize);
}

/// <summary>The one list and search query of the Kennisbank: the page and the API show what this returns.</summary>
public static class KnowledgeQueries
{
    public const int PageSize = 20;

    public static async Task<KnowledgeResults> SearchAsync(GrozDbContext db, ClaimsPrincipal user, KnowledgeQuery q, CancellationToken ct)
    {
        var docs = KnowledgeLibrary.Visible(db.KnowledgeDocuments.AsNoTracking(), user);
        if (q.LeerregioId is { } lr)
        {
            docs = docs.Where(d => d.LeerregioId == lr);
        }
        if (q.Kind is { } kind)
        {
            docs = docs.Where(d => d.Kind == kind);
        }
        if (q.Bouwsteen is { } b)
        {
            docs = docs.Where(d => d.Bouwsteen == b);
        }
        if (q.Theme is { } theme)
        {
            docs = docs.Where(d => d.Themes.Contains(theme));
        }
        var hits = KnowledgeSearch.Match(db, q.Text);
        var ranked = hits is null
            ? docs.Select(d => new { d, Rank = 0.0 })
            : docs.Join(hits, d => d.Id, h => h.Id, (d, h) => new { d, h.Rank });
        var total = await ranked.CountAsync(ct);
        var page = Math.Max(0, q.Page);
        var rows = await ranked.OrderByDescending(x => x.Rank).ThenByDescending(x => x.d.UpdatedAt).ThenByDescending(x => x.d.Id)
            .Skip(page * PageSize).Take(PageSize)
            .Select(x => new
            {
                x.d.Id, x.d.Title, x.d.Summary, x.d.Kind, x.d.Sharing, x.d.Format, x.d.UpdatedAt, x.d.SubsidyDeadline, x.d.SubsidyAmount, x.Rank,
                Leerregio = db.Leerregios.Where(l => l.Id == x.d.LeerregioId).Select(l => new { l.Slug, l.Name }).First(),
                Text = db.KnowledgeVersions.Where(v => v.DocumentId == x.d.Id && v.Number == x.d.CurrentVersion).Select(v => v.ExtractedText ?? v.Markdown).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new KnowledgeResults(total, page, rows.Select(r => new KnowledgeItem(r.Id, r.Leerregio.Slug, r.Leerregio.Name, r.Title, r.Summary, r.Kind, r.Sharing,
            r.Format, r.UpdatedAt, r.SubsidyDeadline, r.SubsidyAmount, r.Rank,
            q.Text is null ? new Snippet("", "", "") : KnowledgeSearch.MakeSnippet(string.Join(" ", r.Summary, r.Format == KnowledgeFormat.Markdown ? KnowledgeMarkdown.ToPlainText(r.Text) : r.Text), q.Text))).ToList());
    }
}
