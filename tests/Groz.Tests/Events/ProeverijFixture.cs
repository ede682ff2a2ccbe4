using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Events;

/// <summary>A proeverij made straight in the database, with its programme built through <see cref="ProeverijEditor"/> as its coordinator.</summary>
public static class ProeverijFixture
{
    public sealed record Fair(Event Proeverij, List<ProeverijStand> Stands, List<ProeverijSlot> Slots);

    public static async Task<T> ProgrammeEditorAsync<T>(this EventsApp app, Func<ProeverijEditor, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ProeverijEditor>());
    }

    /// <summary>A published proeverij 10:00–16:00 (UTC) a week from now, with <paramref name="stands"/> stands and three slots of an hour.</summary>
    public static async Task<Fair> FairAsync(this EventsApp app, string wijk = "WK034408", int stands = 2, string title = "Proeverij Kanaleneiland")
    {
        var e = await app.EventAsync(capacity: null, wijk: wijk, title: title);
        var day = e.StartsAt.Date;
        var start = new DateTimeOffset(day, TimeSpan.Zero).AddHours(9);
        await app.DbAsync(async db =>
        {
            await db.Events.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Kind, EventKind.Proeverij)
                .SetProperty(x => x.StartsAt, start).SetProperty(x => x.EndsAt, start.AddHours(6)).SetProperty(x => x.RegistrationRequired, false));
            return 0;
        });
        e.Kind = EventKind.Proeverij;
        e.StartsAt = start;
        e.EndsAt = start.AddHours(6);
        var slug = await app.DbAsync(db => db.Leerregios.Where(l => l.Id == e.LeerregioId).Select(l => l.Slug).SingleAsync());
        var coordinator = await app.PrincipalAsync(EventsApp.Email(GrozRole.Coordinator, slug));
        var orgs = await app.DbAsync(db => db.SmOrganizations.Where(o => o.LeerregioId == e.LeerregioId).OrderBy(o => o.Name).Select(o => o.Id).Take(stands).ToListAsync());
        var standList = new List<ProeverijStand>();
        foreach (var org in orgs)
        {
            var s = await app.ProgrammeEditorAsync(x => x.AddStandAsync(coordinator, e.Id, new StandInput(null, "leefstijl", "Kom proeven.", org)));
            Assert.True(s.Succeeded, s.Message);
            standList.Add(s.Value!);
        }
        var slots = new List<ProeverijSlot>();
        for (var i = 0; i < 3; i++)
        {
            var local = Recurrence.Local(start.AddHours(1 + i));
            var slot = await app.ProgrammeEditorAsync(x => x.AddSlotAsync(coordinator, e.Id, new SlotInput($"Ronde {i + 1}", local, local.AddHours(1))));
            Assert.True(slot.Succeeded, slot.Message);
            slots.Add(slot.Value!);
        }
        return new Fair(e, standList, slots);
    }

    public static async Task<Event> SessionAsync(this EventsApp app, Fair fair, int stand, int slot, int capacity = 10, string title = "Proefles")
    {
        var slug = await app.DbAsync(db => db.Leerregios.Where(l => l.Id == fair.Proeverij.LeerregioId).Select(l => l.Slug).SingleAsync());
        var coordinator = await app.PrincipalAsync(EventsApp.Email(GrozRole.Coordinator, slug));
        var s = await app.ProgrammeEditorAsync(x => x.AddSessionAsync(coordinator, fair.Proeverij.Id,
            new SessionInput(fair.Stands[stand].Id, fair.Slots[slot].Id, title, "Even proberen.", SessionType.TrialLesson, capacity)));
        Assert.True(s.Succeeded, s.Message);
        return s.Value!;
    }
}
