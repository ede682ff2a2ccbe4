using System.Globalization;
using Groz.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Groz.Web.Features.SocialMap.Portal;

/// <summary>
/// The public search of the Wijkportaal: a GET form (works without JavaScript, every search is a link), the complete
/// list of results, and a map beside it when tiles are configured and the visitor has not switched it off (kaart=uit).
/// </summary>
public sealed class IndexModel(GrozDbContext db, PortalSearch search, PortalOptions options, WijkCache wijken) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }
    [BindProperty(SupportsGet = true, Name = "wijk")] public string? Wijk { get; set; }
    [BindProperty(SupportsGet = true, Name = "thema")] public string? Theme { get; set; }
    [BindProperty(SupportsGet = true, Name = "doelgroep")] public string? Group { get; set; }
    [BindProperty(SupportsGet = true, Name = "gratis")] public string? Free { get; set; }
    [BindProperty(SupportsGet = true, Name = "dag")] public string? Day { get; set; }
    [BindProperty(SupportsGet = true, Name = "tijd")] public string? Time { get; set; }
    [BindProperty(SupportsGet = true, Name = "nu")] public string? OpenNow { get; set; }
    [BindProperty(SupportsGet = true, Name = "vorm")] public string? Form { get; set; }
    [BindProperty(SupportsGet = true, Name = "leeftijd")] public string? Age { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public string? PageText { get; set; }
    [BindProperty(SupportsGet = true, Name = "kaart")] public string? Map { get; set; }

    /// <summary>Field of <see cref="SearchInput"/> → the name of its input on this page (ModelState keys, ids, links).</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["Text"] = "q", ["Wijk"] = "wijk", ["Theme"] = "thema", ["Group"] = "doelgroep", ["Free"] = "gratis", ["Day"] = "dag",
        ["Time"] = "tijd", ["OpenNow"] = "nu", ["Form"] = "vorm", ["Age"] = "leeftijd", ["Page"] = "p",
    };

    public SearchResults? Results { get; private set; }
    public List<PortalPages.WijkOption> Wijken { get; private set; } = [];
    public bool MapOff => Map == "uit";
    public bool ShowMap => !MapOff && options.TileUrl.Length > 0 && Results is { Items.Count: > 0 };
    public string TileUrl => options.TileUrl;
    public string TileAttribution => options.TileAttribution;
    public bool Searched { get; private set; }

    public bool IsChecked(string? value) => value is "true" or "1" or "on" or "ja";

    public async Task OnGetAsync()
    {
        Wijken = await PortalPages.WijkOptionsAsync(db, wijken, HttpContext.RequestAborted);
        var input = new SearchInput { Text = Text, Wijk = Wijk, Theme = Theme, Group = Group, Free = Free, Day = Day, Time = Time, OpenNow = OpenNow, Form = Form, Age = Age, Page = PageText };
        Searched = new[] { Text, Wijk, Theme, Group, Free, Day, Time, OpenNow, Form, Age }.Any(v => !string.IsNullOrWhiteSpace(v));
        var (filter, errors) = await search.CheckAsync(input, HttpContext.RequestAborted);
        if (filter is null)
        {
            foreach (var (field, message) in errors)
            {
                ModelState.AddModelError(Names[field], message);
            }
            return;
        }
        // The first visit shows the form only; any search (even "everything in my wijk") shows the complete list.
        if (Searched || PageText is not null)
        {
            Results = await search.SearchAsync(filter, ct: HttpContext.RequestAborted);
        }
    }

    /// <summary>This search with other values (a page, the map on or off); every search is a plain link.</summary>
    public string Link(int? page = null, string? map = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Text, ["wijk"] = Wijk, ["thema"] = Theme, ["doelgroep"] = Group, ["gratis"] = Free, ["dag"] = Day, ["tijd"] = Time,
            ["nu"] = OpenNow, ["vorm"] = Form, ["leeftijd"] = Age, ["kaart"] = map ?? Map,
            ["p"] = page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null,
        };
        return QueryHelpers.AddQueryString("/wijkportaal", query.Where(x => !string.IsNullOrWhiteSpace(x.Value)));
    }
}
