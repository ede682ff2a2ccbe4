using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Knowledge;

/// <summary>The Kennisbank: documents shared with all leerregio's and those of the member's own leerregio, searchable.</summary>
public sealed class IndexModel(GrozDbContext db, KnowledgeLibrary library, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Soort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Thema { get; set; }
    [BindProperty(SupportsGet = true)] public string? Bouwsteen { get; set; }
    [BindProperty(SupportsGet = true)] public int Pagina { get; set; }

    public KnowledgeLibrary Library => library;
    public KnowledgeResults Results { get; private set; } = new(0, 0, []);
    /// <summary>The leerregio's where this member may add documents (slug, name).</summary>
    public List<(string Slug, string Name)> Writable { get; private set; } = [];
    /// <summary>Every leerregio, for the links to its learning page.</summary>
    public List<(string Slug, string Name)> Leerregios { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (Q is { Length: > KnowledgeSearch.MaxQueryChars })
        {
            ModelState.AddModelError(nameof(Q), string.Format(System.Globalization.CultureInfo.CurrentCulture, l["Use at most {0} characters."], KnowledgeSearch.MaxQueryChars));
            Q = Q[..KnowledgeSearch.MaxQueryChars];
        }
        DocumentKind? kind = Enum.TryParse<DocumentKind>(Soort, out var k) && Enum.IsDefined(k) && !int.TryParse(Soort, out _) ? k : null;
        BouwsteenKind? bouwsteen = Enum.TryParse<BouwsteenKind>(Bouwsteen, out var b) && Enum.IsDefined(b) && !int.TryParse(Bouwsteen, out _) ? b : null;
        var theme = Thema is not null && Shared.Themes.IsKnown(Thema) ? Thema : null;
        (Soort, Bouwsteen, Thema) = (kind?.ToString(), bouwsteen?.ToString(), theme);
        Results = await KnowledgeQueries.SearchAsync(db, User, new KnowledgeQuery(string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(), null, kind, theme, bouwsteen, Math.Clamp(Pagina, 0, 500)), ct);
        var leerregios = await db.Leerregios.AsNoTracking().OrderBy(x => x.Name).Select(x => new { x.Id, x.Slug, x.Name }).ToListAsync(ct);
        Leerregios = leerregios.Select(x => (x.Slug, x.Name)).ToList();
        Writable = leerregios.Where(x => KnowledgeLibrary.MayWrite(User, x.Id)).Select(x => (x.Slug, x.Name)).ToList();
    }

    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?> { ["q"] = Q, ["soort"] = Soort, ["thema"] = Thema, ["bouwsteen"] = Bouwsteen, ["pagina"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/kennisbank", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }
}
