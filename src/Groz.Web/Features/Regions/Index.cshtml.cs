using Groz.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Regions;

public sealed class IndexModel(GrozDbContext db, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Match(string Code, string Name, string GemeenteName, string LeerregioName);

    [BindProperty(SupportsGet = true)] public string? Postcode { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }

    public string? PostcodeError { get; private set; }
    public bool Searched { get; private set; }
    public List<Match> Matches { get; } = [];
    public List<(Leerregio Leerregio, List<Wijk> Wijken)> Leerregios { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Leerregios = await db.WijkChoicesAsync();

        if (!string.IsNullOrWhiteSpace(Postcode))
        {
            Searched = true;
            var pc4 = Regions.Postcode.ToPc4(Postcode);
            if (pc4 is null)
            {
                PostcodeError = l["Enter a postcode like 3526 KA or 3526."];
                return;
            }
            if (await db.FindWijkByPostcodeAsync(pc4) is { } wijk)
            {
                var leerregio = await db.Leerregios.Where(x => x.Id == wijk.LeerregioId).Select(x => x.Name).FirstAsync();
                Matches.Add(new Match(wijk.Code, wijk.Name, wijk.Gemeente!.Name, leerregio));
            }
        }
        else if (!string.IsNullOrWhiteSpace(Query))
        {
            Searched = true;
            var q = Query.Trim().ToLowerInvariant();
            var wijken = await db.Wijken.AsNoTracking()
                .Where(w => w.Name.ToLower().Contains(q) || w.Buurten.Any(b => b.Name.ToLower().Contains(q)))
                .OrderBy(w => w.Name)
                .Select(w => new Match(w.Code, w.Name, w.Gemeente!.Name, w.Leerregio!.Name))
                .Take(50).ToListAsync();
            Matches.AddRange(wijken);
        }
    }
}
