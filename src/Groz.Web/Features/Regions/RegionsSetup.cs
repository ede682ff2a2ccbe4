using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Regions;

public static class RegionsSetup
{
    public static WebApplicationBuilder AddRegions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RegionImport>();
        builder.Services.AddScoped<RegionManagement>();
        builder.Services.AddScoped<DemoData>();
        return builder;
    }

    /// <summary>The wijken a person can choose from, grouped by leerregio (public CBS data).</summary>
    public static async Task<List<(Leerregio Leerregio, List<Wijk> Wijken)>> WijkChoicesAsync(this GrozDbContext db, CancellationToken ct = default)
    {
        var leerregios = await db.Leerregios.AsNoTracking().OrderBy(l => l.Name).ToListAsync(ct);
        var wijken = await db.Wijken.AsNoTracking().Include(w => w.Gemeente).OrderBy(w => w.Name).ToListAsync(ct);
        return leerregios.Select(l => (l, wijken.Where(w => w.LeerregioId == l.Id).ToList())).ToList();
    }
}
