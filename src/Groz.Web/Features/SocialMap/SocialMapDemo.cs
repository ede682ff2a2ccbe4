using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap;

/// <summary>Demo social map: for each demo leerregio a few dozen services across the themes, in its own wijken.</summary>
public static class SocialMapDemo
{
    public const int Organizations = 18;
    public const int Services = 42;

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var leerregio in await db.Leerregios.AsNoTracking().OrderBy(l => l.Id).ToListAsync(ct))
        {
            var wijken = await db.Wijken.AsNoTracking().Include(w => w.Gemeente).Where(w => w.LeerregioId == leerregio.Id).OrderBy(w => w.Code).ToListAsync(ct);
            var info = wijken.Select(w => new SocialMapGenerator.WijkInfo(w.Id, w.Code, w.Name, w.Gemeente!.Name, w.Postcodes.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
            // A fixed seed per leerregio: the demo map is the same on every fresh installation.
            var batch = new SocialMapGenerator(new Random(4242 + leerregio.Id), now).Generate(leerregio.Id, info, Organizations, Services, draftShare: 0.05);
            Add(db, batch);
            await db.SaveChangesAsync(ct);
        }
    }

    public static void Add(GrozDbContext db, SocialMapGenerator.Batch batch)
    {
        db.SmOrganizations.AddRange(batch.Organizations);
        db.SmOrganizationIdentifiers.AddRange(batch.Identifiers);
        db.SmServices.AddRange(batch.Services);
        db.SmLocations.AddRange(batch.Locations);
        db.SmServiceAtLocations.AddRange(batch.ServiceAtLocations);
        db.SmAddresses.AddRange(batch.Addresses);
        db.SmPhones.AddRange(batch.Phones);
        db.SmContacts.AddRange(batch.Contacts);
        db.SmSchedules.AddRange(batch.Schedules);
        db.SmCostOptions.AddRange(batch.CostOptions);
        db.SmLanguages.AddRange(batch.Languages);
        db.SmServiceAreas.AddRange(batch.ServiceAreas);
        db.SmAttributes.AddRange(batch.Attributes);
    }
}
