using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>
/// A handful of activities per demo leerregio, from the coming days on: a weekly walking group (repeats, with places),
/// a cooking workshop that is nearly full, a monthly coffee morning without registration, a chair-yoga series and a draft.
/// </summary>
public static class EventsDemo
{
    private sealed record Demo(string Title, string Description, string Theme, int DaysAhead, int Hour, int Minutes, string? Rule, int? Capacity,
        decimal Cost, bool Registration, EventStatus Status, string? Accessibility, string? TargetGroup);

    private static readonly Demo[] Demos =
    [
        new("Wandelgroep: samen een rondje door de wijk", "Elke dinsdagochtend wandelen we een uur door de wijk. Rustig tempo, iedereen kan meedoen. Na afloop drinken we samen koffie.",
            "leefstijl", 1, 10, 60, "FREQ=WEEKLY;BYDAY=TU", 15, 0, true, EventStatus.Published, "Rustig tempo. Er zijn bankjes onderweg.", null),
        new("Gezond koken met weinig geld", "Samen koken en eten: een gezonde maaltijd voor minder dan 3 euro per persoon. U neemt de recepten mee naar huis.",
            "leefstijl", 9, 17, 150, null, 12, 2.50m, true, EventStatus.Published, "De keuken is op de begane grond.", null),
        new("Koffieochtend voor buren", "Kom langs voor een kop koffie en een praatje. U hoeft zich niet aan te melden.",
            "zorg-voor-elkaar", 3, 10, 90, "FREQ=MONTHLY;BYDAY=1WE", null, 0, false, EventStatus.Published, "Rolstoeltoegankelijk, met ringleiding.", null),
        new("Stoelyoga voor 65-plussers", "Zes lessen yoga op een stoel. Goed voor uw balans en soepelheid. Neem makkelijke kleren mee.",
            "leefstijl", 4, 14, 60, "FREQ=WEEKLY;COUNT=6", 10, 0, true, EventStatus.Published, "Alle oefeningen zijn zittend.", "ouderen"),
        new("Proeverij voorbereiden (concept)", "Overleg met de aanbieders over de proeverij in het voorjaar.",
            "sociale-basis", 20, 19, 90, null, 25, 0, true, EventStatus.Draft, null, null),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        var time = services.GetRequiredService<TimeProvider>();
        if (await db.Events.AnyAsync(ct))
        {
            return;
        }
        var today = DateOnly.FromDateTime(Recurrence.Local(time.GetUtcNow()));
        foreach (var leerregio in await db.Leerregios.AsNoTracking().OrderBy(l => l.Id).ToListAsync(ct))
        {
            var coordinatorEmail = DemoData.DemoEmail(GrozRole.Coordinator, leerregio.Slug);
            var coordinator = await db.Users.Where(u => u.Email == coordinatorEmail).Select(u => u.Id).FirstOrDefaultAsync(ct);
            if (coordinator is null)
            {
                continue;
            }
            var wijken = await db.Wijken.Where(w => w.LeerregioId == leerregio.Id).OrderBy(w => w.Code).Select(w => new { w.Id, w.Name }).ToListAsync(ct);
            var organisation = await db.SmOrganizations.Where(o => o.LeerregioId == leerregio.Id).OrderBy(o => o.Name).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
            var i = 0;
            foreach (var d in Demos)
            {
                var wijk = wijken[i++ % wijken.Count];
                var day = today.AddDays(d.DaysAhead);
                if (d.Rule?.Contains("BYDAY=TU", StringComparison.Ordinal) == true)
                {
                    // The walking group starts on the next Tuesday, as its rule says.
                    while (day.DayOfWeek != DayOfWeek.Tuesday)
                    {
                        day = day.AddDays(1);
                    }
                }
                if (d.Rule?.Contains("BYDAY=1WE", StringComparison.Ordinal) == true)
                {
                    day = new DateOnly(day.Year, day.Month, 1).AddMonths(1);
                    while (day.DayOfWeek != DayOfWeek.Wednesday)
                    {
                        day = day.AddDays(1);
                    }
                }
                var start = EventEditor.ToUtc(day.ToDateTime(new TimeOnly(d.Hour, 0)))!.Value;
                var now = time.GetUtcNow();
                db.Events.Add(new Event
                {
                    LeerregioId = leerregio.Id, WijkId = wijk.Id, Title = d.Title, Description = d.Description, Theme = d.Theme,
                    Address = $"Buurthuis {wijk.Name}", OrganizationId = d.Registration ? organisation : null, StartsAt = start, EndsAt = start.AddMinutes(d.Minutes),
                    RecurrenceRule = d.Rule, Capacity = d.Capacity, Cost = d.Cost, RegistrationRequired = d.Registration, Status = d.Status,
                    Accessibility = d.Accessibility, TargetGroupTermId = d.TargetGroup is null ? null : SocialMap.SocialMapTaxonomies.TargetGroupTermId(d.TargetGroup),
                    CreatedByUserId = coordinator, CreatedAt = now, UpdatedAt = now,
                });
            }
        }
        await db.SaveChangesAsync(ct);
        await ProeverijDemo.SeedAsync(services, ct);
    }
}
