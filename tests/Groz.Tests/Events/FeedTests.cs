using System.Net;
using Groz.Web.Features.Events;
using Ical.Net.DataTypes;

namespace Groz.Tests.Events;

/// <summary>The iCalendar output, parsed back with Ical.Net; recurrence across the changes to and from summer time.</summary>
public sealed class FeedTests(EventsApp app) : IClassFixture<EventsApp>
{
    private static DateTimeOffset Utc(int y, int m, int d, int h) => new(y, m, d, h, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_weekly_rule_keeps_the_Dutch_wall_clock_across_summer_time_both_ways()
    {
        // Tuesday 17 March 2026 10:00 in Amsterdam is 09:00 UTC; summer time starts on 29 March, then 10:00 is 08:00 UTC.
        var spring = new Event { Title = "w", Description = "d", Theme = "leefstijl", CreatedByUserId = "x",
            StartsAt = Utc(2026, 3, 17, 9), EndsAt = Utc(2026, 3, 17, 10), RecurrenceRule = "FREQ=WEEKLY;COUNT=4" };
        Assert.Equal([Utc(2026, 3, 17, 9), Utc(2026, 3, 24, 9), Utc(2026, 3, 31, 8), Utc(2026, 4, 7, 8)],
            Recurrence.Occurrences(spring, Utc(2026, 1, 1, 0), Utc(2027, 1, 1, 0)));
        // 20 October 2026 10:00 summer time is 08:00 UTC; winter time from 25 October: 09:00 UTC.
        var autumn = new Event { Title = "w", Description = "d", Theme = "leefstijl", CreatedByUserId = "x",
            StartsAt = Utc(2026, 10, 20, 8), EndsAt = Utc(2026, 10, 20, 9), RecurrenceRule = "FREQ=WEEKLY;BYDAY=TU" };
        Assert.Equal([Utc(2026, 10, 20, 8), Utc(2026, 10, 27, 9), Utc(2026, 11, 3, 9)],
            Recurrence.Occurrences(autumn, Utc(2026, 10, 1, 0), Utc(2026, 11, 4, 0)));
        // A window later in the series starts there, and still counts COUNT from the first date.
        Assert.Equal([Utc(2026, 4, 7, 8)], Recurrence.Occurrences(spring, Utc(2026, 4, 1, 0), Utc(2027, 1, 1, 0)));
    }

    [Theory]
    [InlineData("FREQ=WEEKLY;BYDAY=TU", true)]
    [InlineData("FREQ=MONTHLY;BYDAY=1WE;UNTIL=20271231T230000Z", true)]
    [InlineData("FREQ=SOMETIMES", false)]
    [InlineData("RRULE:FREQ=WEEKLY", false)]
    [InlineData("FREQ=MINUTELY", false)]
    [InlineData("FREQ=WEEKLY;BYDAY=XX", false)]
    [InlineData("FREQ=WEEKLY;UNTIL=20200101T000000Z", false)]
    public void Rules_are_validated_with_Ical_Net(string rule, bool valid) =>
        Assert.Equal(valid, Recurrence.IsValid(rule, Utc(2026, 12, 1, 9)));

    [Fact]
    public async Task The_feed_of_all_activities_parses_back_with_its_rules_and_time_zone()
    {
        var e = await app.EventAsync(rule: "FREQ=WEEKLY;COUNT=4", start: Utc(2026, 3, 17, 9), title: "Wandelen door de lente");
        using var client = app.NewClient();
        var response = await client.Http.GetAsync("/activiteiten/agenda.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("PRODID:" + EventCalendar.ProductId, text, StringComparison.Ordinal);
        Assert.Contains("VERSION:2.0", text, StringComparison.Ordinal);

        var calendar = Ical.Net.Calendar.Load(text)!;
        Assert.Equal(EventCalendar.ProductId, calendar.ProductId);
        Assert.Equal("2.0", calendar.Version);
        Assert.Contains(calendar.TimeZones, z => z.TzId == Recurrence.TimeZoneId);
        var parsed = Assert.Single(calendar.Events, x => x.Uid == EventCalendar.Uid(e));
        Assert.NotNull(parsed.DtStamp);
        Assert.Equal(Recurrence.TimeZoneId, parsed.DtStart!.TzId);
        Assert.Equal("FREQ=WEEKLY;COUNT=4", parsed.RecurrenceRule!.ToString());
        var starts = parsed.GetOccurrences().Select(o => new DateTimeOffset(o.Period.StartTime.AsUtc, TimeSpan.Zero)).ToList();
        Assert.Equal([Utc(2026, 3, 17, 9), Utc(2026, 3, 24, 9), Utc(2026, 3, 31, 8), Utc(2026, 4, 7, 8)], starts);
        // Every event has its UID and DTSTAMP (RFC 5545 3.6.1).
        Assert.All(calendar.Events, x => { Assert.False(string.IsNullOrEmpty(x.Uid)); Assert.NotNull(x.DtStamp); });
        // Drafts are never in a public feed.
        Assert.DoesNotContain(calendar.Events, x => x.Summary is not null && x.Summary.Contains("(concept)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wijk_and_theme_feeds_hold_only_their_own_activities()
    {
        var oost = await app.EventAsync(wijk: "WK034405", theme: "zorg-voor-elkaar", title: "Burenhulp Oost");
        var kanaleneiland = await app.EventAsync(wijk: "WK034408", theme: "leefstijl", title: "Sporten Kanaleneiland");
        using var client = app.NewClient();
        var wijk = Ical.Net.Calendar.Load(await client.Http.GetStringAsync("/activiteiten/wijk/WK034405/agenda.ics"))!;
        Assert.Contains(wijk.Events, x => x.Uid == EventCalendar.Uid(oost));
        Assert.DoesNotContain(wijk.Events, x => x.Uid == EventCalendar.Uid(kanaleneiland));
        var theme = Ical.Net.Calendar.Load(await client.Http.GetStringAsync("/activiteiten/thema/zorg-voor-elkaar/agenda.ics"))!;
        Assert.Contains(theme.Events, x => x.Uid == EventCalendar.Uid(oost));
        Assert.DoesNotContain(theme.Events, x => x.Uid == EventCalendar.Uid(kanaleneiland));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/activiteiten/wijk/WK999999/agenda.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/activiteiten/thema/onbekend/agenda.ics")).StatusCode);

        // "Add to my calendar": one event as a download.
        var one = await client.Http.GetAsync($"/activiteiten/{oost.Id}/agenda.ics");
        Assert.Equal("text/calendar", one.Content.Headers.ContentType?.MediaType);
        var single = Ical.Net.Calendar.Load(await one.Content.ReadAsStringAsync())!;
        Assert.Equal(EventCalendar.Uid(oost), Assert.Single(single.Events).Uid);
        Assert.Equal(CalDateTime.UtcTzId, single.Events.First()?.DtStamp?.TzId);
    }

    [Fact]
    public async Task The_feeds_are_in_the_OpenAPI_document()
    {
        using var client = app.NewClient();
        var doc = await client.Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/activiteiten/agenda.ics\"", doc, StringComparison.Ordinal);
        Assert.Contains("\"/activiteiten/wijk/{code}/agenda.ics\"", doc, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/events/{id}/registrations\"", doc, StringComparison.Ordinal);
    }
}
