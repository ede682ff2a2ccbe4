using System.Net;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Events;

public sealed class EventApiTests(EventsApp app) : IClassFixture<EventsApp>
{
    private async Task<object> BodyAsync(string start = "2027-02-02T10:00", string end = "2027-02-02T11:00", string? rule = "FREQ=WEEKLY;BYDAY=TU", int? capacity = 8) => new
    {
        title = "Wandelgroep Oost", description = "Elke dinsdag samen wandelen.", theme = "leefstijl", wijkId = (await app.WijkAsync()).WijkId,
        start, end, recurrenceRule = rule, capacity, cost = 0, address = "Buurthuis Oost", registrationRequired = true, targetGroup = "ouderen",
    };

    [Fact]
    public async Task A_coordinator_creates_an_activity_and_bad_input_changes_nothing()
    {
        var token = await app.TokenAsync(GrozRole.Coordinator);
        var before = await app.DbAsync(db => db.Events.CountAsync());
        var bad = await app.SendAsync(HttpMethod.Post, EventsApp.Api, token, await BodyAsync(end: "2027-02-02T09:00", rule: "FREQ=NEVER", capacity: 0), Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        var errors = bad.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("end", out _), bad.ToString());
        Assert.True(errors.TryGetProperty("recurrenceRule", out _), bad.ToString());
        Assert.True(errors.TryGetProperty("capacity", out _), bad.ToString());
        Assert.Equal(before, await app.DbAsync(db => db.Events.CountAsync()));

        var created = await app.SendAsync(HttpMethod.Post, EventsApp.Api, token, await BodyAsync(), Guid.NewGuid().ToString("N"));
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var id = created.Id;
        var e = await app.DbAsync(db => db.Events.SingleAsync(x => x.Id == id));
        // 10:00 Dutch winter time is 09:00 UTC.
        Assert.Equal(new DateTimeOffset(2027, 2, 2, 9, 0, 0, TimeSpan.Zero), e.StartsAt);
        Assert.Equal("FREQ=WEEKLY;BYDAY=TU", e.RecurrenceRule);
        Assert.Equal(Groz.Web.Features.SocialMap.SocialMapTaxonomies.TargetGroupTermId("ouderen"), e.TargetGroupTermId);

        var list = await app.GetAsync("/api/v1/events?wijk=WK034405&from=2027-02-01T00:00:00Z&days=15", null);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(2, list.Json.EnumerateArray().Count(x => x.GetProperty("eventId").GetInt32() == id));
    }

    [Fact]
    public async Task Registering_through_the_API_is_idempotent_and_cancelling_promotes()
    {
        var e = await app.EventAsync(capacity: 1);
        var resident = await app.TokenAsync(GrozRole.Resident);
        var key = Guid.NewGuid().ToString("N");
        var first = await app.SendAsync(HttpMethod.Post, $"{EventsApp.Api}/{e.Id}/registrations", resident, new { }, key);
        Assert.True(first.Status == HttpStatusCode.Created, first.ToString());
        var again = await app.SendAsync(HttpMethod.Post, $"{EventsApp.Api}/{e.Id}/registrations", resident, new { }, key);
        Assert.True(again.Replayed);
        Assert.Equal(first.Text, again.Text);
        Assert.Single(await app.RegistrationsAsync(e.Id));
        var twice = await app.SendAsync(HttpMethod.Post, $"{EventsApp.Api}/{e.Id}/registrations", resident, new { }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        Assert.Equal("/problems/already-registered", twice.ProblemType);

        var volunteer = await app.TokenAsync(GrozRole.Volunteer);
        var waiting = await app.SendAsync(HttpMethod.Post, $"{EventsApp.Api}/{e.Id}/registrations", volunteer, new { }, Guid.NewGuid().ToString("N"));
        Assert.Equal("Waitlisted", waiting.Json.GetProperty("status").GetString());
        Assert.Equal(1, waiting.Json.GetProperty("waitlistPosition").GetInt32());

        var cancelled = await app.SendAsync(HttpMethod.Delete, $"{EventsApp.Api}/registrations/{first.Id}", resident);
        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        var rows = await app.RegistrationsAsync(e.Id);
        Assert.Equal(RegistrationStatus.Registered, rows.Single(r => r.Id == waiting.Id).Status);

        // The organiser's list and check-in.
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var participants = await app.GetAsync($"{EventsApp.Api}/{e.Id}/registrations", coordinator);
        Assert.Equal(2, participants.Json.GetArrayLength());
        var checkin = await app.SendAsync(HttpMethod.Post, $"{EventsApp.Api}/registrations/{waiting.Id}/attendance", coordinator, new { attended = true });
        Assert.Equal("Attended", checkin.Json.GetProperty("status").GetString());
        var cancelledCheckin = await app.SendAsync(HttpMethod.Post, $"{EventsApp.Api}/registrations/{first.Id}/attendance", coordinator, new { attended = true });
        Assert.Equal(HttpStatusCode.Conflict, cancelledCheckin.Status);
    }
}
