using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>
/// One proeverij per demo leerregio, two weeks ahead on a Saturday: eight stands of Wijkportaal organisations and twelve
/// sessions over three time slots, a few of them nearly full, so that the waitlist can be tried at once.
/// </summary>
public static class ProeverijDemo
{
    private static readonly (string Theme, string Stand)[] Stands =
    [
        ("leefstijl", "Bewegen en sporten in de wijk"), ("leefstijl", "Gezond eten met weinig geld"), ("zorg-voor-elkaar", "Mantelzorg: hulp en even rust"),
        ("zorg-voor-elkaar", "Buren helpen buren"), ("vitaal-werken", "Werk dat bij u past"), ("leefstijl", "Goed slapen, minder stress"),
        ("sociale-basis", "Ontmoeten in het buurthuis"), ("ondernemen", "Lokale ondernemers"),
    ];

    private static readonly (int Stand, int Slot, SessionType Type, string Title, int Capacity)[] Sessions =
    [
        (0, 0, SessionType.TrialLesson, "Proefles wandelvoetbal", 12), (1, 0, SessionType.Tasting, "Proeven: soep van de dag", 15),
        (2, 0, SessionType.Workshop, "Workshop: zorgen voor een ander en voor uzelf", 10), (5, 0, SessionType.TrialLesson, "Proefles ontspannen ademen", 2),
        (3, 1, SessionType.Workshop, "Workshop: de Tijdbank in 30 minuten", 12), (4, 1, SessionType.Workshop, "Workshop: uw talenten op een rij", 8),
        (6, 1, SessionType.Tasting, "Koffie en taart met de buren", 20), (0, 1, SessionType.TrialLesson, "Proefles stoelyoga", 10),
        (1, 2, SessionType.Workshop, "Workshop: gezond koken voor 3 euro", 10), (7, 2, SessionType.Tasting, "Proeven bij de bakker", 15),
        (5, 2, SessionType.Workshop, "Workshop: beter slapen", 12), (3, 2, SessionType.TrialLesson, "Proefles fietsen voor volwassenen", 6),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        var time = services.GetRequiredService<TimeProvider>();
        if (await db.Events.AnyAsync(e => e.Kind == EventKind.Proeverij, ct))
        {
            return;
        }
        var day = DateOnly.FromDateTime(Recurrence.Local(time.GetUtcNow())).AddDays(14);
        while (day.DayOfWeek != DayOfWeek.Saturday)
        {
            day = day.AddDays(1);
        }
        DateTimeOffset At(int hour, int minute) => EventEditor.ToUtc(day.ToDateTime(new TimeOnly(hour, minute)))!.Value;
        var now = time.GetUtcNow();
        foreach (var leerregio in await db.Leerregios.AsNoTracking().OrderBy(l => l.Id).ToListAsync(ct))
        {
            var coordinatorEmail = DemoData.DemoEmail(GrozRole.Coordinator, leerregio.Slug);
            var coordinator = await db.Users.Where(u => u.Email == coordinatorEmail).Select(u => u.Id).FirstOrDefaultAsync(ct);
            var wijk = await db.Wijken.Where(w => w.LeerregioId == leerregio.Id).OrderBy(w => w.Code == "WK034408" || w.Code == "WK034409" ? 0 : 1).ThenBy(w => w.Code)
                .Select(w => new { w.Id, w.Name }).FirstOrDefaultAsync(ct);
            var organisations = await db.SmOrganizations.Where(o => o.LeerregioId == leerregio.Id).OrderBy(o => o.Name).Select(o => o.Id).Take(Stands.Length).ToListAsync(ct);
            if (coordinator is null || wijk is null)
            {
                continue;
            }
            var fair = new Event
            {
                LeerregioId = leerregio.Id, WijkId = wijk.Id, Kind = EventKind.Proeverij, Title = $"Proeverij {wijk.Name}",
                Description = "Maak kennis met wat er in de wijk te doen is: bewegen, gezond eten, elkaar helpen en meer. Kies een paar sessies en probeer het uit. Gratis.",
                Theme = "leefstijl", Address = $"Buurthuis {wijk.Name}", StartsAt = At(10, 0), EndsAt = At(16, 0), Status = EventStatus.Published,
                RegistrationRequired = false, Accessibility = "Rolstoeltoegankelijk. Er is een stille ruimte.", CreatedByUserId = coordinator, CreatedAt = now, UpdatedAt = now,
            };
            db.Events.Add(fair);
            await db.SaveChangesAsync(ct);
            var stands = Stands.Select((s, i) => new ProeverijStand
            {
                ProeverijEventId = fair.Id, OrganizationId = i < organisations.Count ? organisations[i] : null, Name = s.Stand, Theme = s.Theme,
                Description = "Kom langs, stel uw vragen en probeer het zelf.",
            }).ToList();
            var slots = new[] { (10, 30, "Ronde 1"), (12, 0, "Ronde 2"), (13, 30, "Ronde 3") }
                .Select(s => new ProeverijSlot { ProeverijEventId = fair.Id, Label = s.Item3, StartsAt = At(s.Item1, s.Item2), EndsAt = At(s.Item1, s.Item2).AddHours(1) }).ToList();
            db.ProeverijStands.AddRange(stands);
            db.ProeverijSlots.AddRange(slots);
            await db.SaveChangesAsync(ct);
            foreach (var s in Sessions)
            {
                var (stand, slot) = (stands[s.Stand], slots[s.Slot]);
                var session = new Event
                {
                    LeerregioId = leerregio.Id, WijkId = wijk.Id, Kind = EventKind.Session, ParentEventId = fair.Id, Title = s.Title,
                    Description = "Doe mee en probeer het uit. U hoeft niets mee te nemen.", Theme = stand.Theme, Address = fair.Address, OrganizationId = stand.OrganizationId,
                    StartsAt = slot.StartsAt, EndsAt = slot.EndsAt, Capacity = s.Capacity, RegistrationRequired = true, Status = EventStatus.Published,
                    Accessibility = fair.Accessibility, CreatedByUserId = coordinator, CreatedAt = now, UpdatedAt = now,
                };
                db.Events.Add(session);
                await db.SaveChangesAsync(ct);
                db.ProeverijSessions.Add(new ProeverijSession { EventId = session.Id, ProeverijEventId = fair.Id, StandId = stand.Id, SlotId = slot.Id, Type = s.Type });
            }
            await db.SaveChangesAsync(ct);
        }
    }
}
