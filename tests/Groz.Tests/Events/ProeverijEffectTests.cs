using System.Net;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Events;

/// <summary>
/// After the proeverij: its effect on a hand-built case, feedback once per person with anonymous totals, the personal
/// calendar feed, and who may build or read a programme (leerregio isolation included).
/// </summary>
public sealed class ProeverijEffectTests(EventsApp app) : IClassFixture<EventsApp>
{
    private static RegistrationInput Guest(string name) => new(null, name, $"{name.ToLowerInvariant().Replace(' ', '.')}@example.net");

    private async Task<Event> OrganisationEventAsync(ProeverijFixture.Fair fair, Guid organisation, string title)
    {
        var e = await app.EventAsync(capacity: 50, start: fair.Proeverij.StartsAt.AddDays(120), title: title);
        await app.DbAsync(db => db.Events.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OrganizationId, organisation)));
        return e;
    }

    [Fact]
    public async Task The_effect_counts_sign_ups_for_the_stands_organisation_and_the_Tijdbank_within_90_days_only()
    {
        var fair = await app.FairAsync(stands: 3);
        var (o0, o1, o2) = (fair.Stands[0].OrganizationId!.Value, fair.Stands[1].OrganizationId!.Value, fair.Stands[2].OrganizationId!.Value);
        var s0 = await app.SessionAsync(fair, 0, 0, title: "Sessie stand 0");
        var s1 = await app.SessionAsync(fair, 1, 1, title: "Sessie stand 1");
        var e0 = await OrganisationEventAsync(fair, o0, "Later bij organisatie 0");
        var e1 = await OrganisationEventAsync(fair, o1, "Later bij organisatie 1");
        var e2 = await OrganisationEventAsync(fair, o2, "Later bij organisatie 2");
        var resident = await app.PrincipalAsync(EventsApp.Email(GrozRole.Resident));
        var volunteer = await app.PrincipalAsync(EventsApp.Email(GrozRole.Volunteer));
        async Task RegisterAsync(System.Security.Claims.ClaimsPrincipal who, int eventId, RegistrationInput input)
        {
            var o = await app.WithAsync(r => r.RegisterAsync(who, eventId, input));
            Assert.True(o.Succeeded, o.Message);
        }
        // At the fair: resident at stand 0; volunteer at 0 and 1; guests Gina and Henk at 1; Ivo at 0 but cancelled.
        await RegisterAsync(resident, s0.Id, new RegistrationInput());
        await RegisterAsync(volunteer, s0.Id, new RegistrationInput());
        await RegisterAsync(volunteer, s1.Id, new RegistrationInput());
        await RegisterAsync(EventsApp.Anonymous, s1.Id, Guest("Gina Gast"));
        await RegisterAsync(EventsApp.Anonymous, s1.Id, Guest("Henk Gast"));
        var ivo = await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, s0.Id, Guest("Ivo Weg")));
        Assert.True((await app.WithAsync(r => r.CancelByTokenAsync(ivo.Value!.CancelToken))).Succeeded);
        // Before the fair: signing up for the organisation's activity then does not count.
        await RegisterAsync(EventsApp.Anonymous, e1.Id, Guest("Henk Gast"));

        var toFair = fair.Proeverij.StartsAt - app.Clock.GetUtcNow();
        try
        {
            app.Clock.Offset = toFair + TimeSpan.FromDays(8);
            await RegisterAsync(resident, e0.Id, new RegistrationInput());                // counts for stand 0
            await RegisterAsync(volunteer, e2.Id, new RegistrationInput());               // organisation 2: volunteer did not visit its stand
            await RegisterAsync(EventsApp.Anonymous, e1.Id, Guest("Gina Gast") with { Email = "GINA.GAST@example.net" }); // counts for stand 1
            await RegisterAsync(EventsApp.Anonymous, e0.Id, Guest("Henk Gast"));          // organisation 0, but Henk visited stand 1 only
            // The volunteer exchanges hours with the resident in the window: the Tijdbank counts for both, at every stand they visited.
            var (from, to) = (await app.AccountIdAsync(GrozRole.Volunteer), await app.AccountIdAsync(GrozRole.Resident));
            var volunteerId = await app.UserIdAsync(EventsApp.Email(GrozRole.Volunteer));
            await app.DbAsync(async db =>
            {
                db.Transfers.Add(new Transfer
                {
                    LeerregioId = fair.Proeverij.LeerregioId, Kind = TransferKind.Exchange, Status = TransferStatus.Pending, FromAccountId = from, ToAccountId = to,
                    Minutes = 60, Description = "Hulp in de tuin", CreatedByUserId = volunteerId, CreatedAt = app.Clock.GetUtcNow(),
                });
                return await db.SaveChangesAsync();
            });
            // Day 91: too late for the resident's second sign-up with organisation 1 (they did not visit it anyway) and the volunteer's.
            app.Clock.Offset = toFair + TimeSpan.FromDays(91);
            await RegisterAsync(volunteer, e1.Id, new RegistrationInput());

            var report = (await app.DbAsync(db => ProeverijEffect.MeasureAsync(db, fair.Proeverij.Id, app.Clock.GetUtcNow())))!;
            Assert.True(report.Complete);
            var stand0 = report.Stands.Single(s => s.StandId == fair.Stands[0].Id);
            var stand1 = report.Stands.Single(s => s.StandId == fair.Stands[1].Id);
            var stand2 = report.Stands.Single(s => s.StandId == fair.Stands[2].Id);
            // The resident received the volunteer's hours: taking part in the Tijdbank too.
            Assert.Equal((2, 1, 2, 2), (stand0.Visitors, stand0.JoinedOffer, stand0.TimeBankActive, stand0.Either));
            Assert.Equal((3, 1, 1, 2), (stand1.Visitors, stand1.JoinedOffer, stand1.TimeBankActive, stand1.Either));
            Assert.Equal((0, 0, 0, 0), (stand2.Visitors, stand2.JoinedOffer, stand2.TimeBankActive, stand2.Either));
            Assert.Equal((4, 3), (report.Visitors, report.Either));

            // The same numbers through the API, for the coordinator; nobody else.
            var api = await app.GetAsync($"{EventsApp.Api}/{fair.Proeverij.Id}/effect", await app.TokenAsync(GrozRole.Coordinator));
            Assert.Equal(HttpStatusCode.OK, api.Status);
            var first = api.Json.GetProperty("stands").EnumerateArray().Single(s => s.GetProperty("standId").GetInt32() == fair.Stands[1].Id);
            Assert.Equal(3, first.GetProperty("visitors").GetInt32());
            Assert.Equal(1, first.GetProperty("joinedOffer").GetInt32());
            Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{EventsApp.Api}/{fair.Proeverij.Id}/effect", await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"))).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{EventsApp.Api}/{fair.Proeverij.Id}/effect", await app.TokenAsync(GrozRole.Resident))).Status);
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Feedback_is_asked_by_mail_once_per_person_and_shown_only_as_anonymous_totals_from_three_answers()
    {
        var fair = await app.FairAsync();
        var a = await app.SessionAsync(fair, 0, 0, title: "Ochtendsessie");
        var b = await app.SessionAsync(fair, 1, 2, title: "Middagsessie");
        var names = new[] { "Fleur Een", "Gert Twee", "Hanna Drie" };
        foreach (var name in names)
        {
            Assert.True((await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, a.Id, Guest(name)))).Succeeded);
        }
        // Fleur has two sessions of the fair: still one question about the proeverij.
        Assert.True((await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, b.Id, Guest("Fleur Een")))).Succeeded);
        try
        {
            app.Clock.Offset = fair.Proeverij.EndsAt - app.Clock.GetUtcNow() + TimeSpan.FromHours(2);
            await using var scope = app.Services.CreateAsyncScope();
            var feedback = scope.ServiceProvider.GetRequiredService<EventFeedbackService>();
            Assert.True(await feedback.SendDueAsync() >= 3);
            Assert.Equal(0, await feedback.SendDueAsync());
            using var client = app.NewClient();
            var tokens = names.Select(n => client.MailsTo($"{n.ToLowerInvariant().Replace(' ', '.')}@example.net")
                .Single(m => (m.TextBody ?? "").Contains("/reactie?t=", StringComparison.Ordinal)).TextBody!)
                .Select(body => System.Text.RegularExpressions.Regex.Match(body, @"reactie\?t=([A-Za-z0-9_-]+)").Groups[1].Value).ToList();

            var fleur = await feedback.OpenForTokenAsync(tokens[0], fair.Proeverij.Id);
            Assert.NotNull(fleur);
            Assert.Equal("validation", (await feedback.SubmitAsync(fleur, fair.Proeverij.Id, new FeedbackInput(7, true, null))).Code);
            Assert.True((await feedback.SubmitAsync(fleur, fair.Proeverij.Id, new FeedbackInput(5, true, "Heel leuk!"))).Succeeded);
            Assert.Equal("feedback-given", (await feedback.SubmitAsync(fleur, fair.Proeverij.Id, new FeedbackInput(1, false, null))).Code);
            Assert.Null(await feedback.OpenForTokenAsync(tokens[0], fair.Proeverij.Id));
            Assert.Null(await feedback.OpenForTokenAsync(tokens[1], fair.Proeverij.Id + 100000));

            var few = await feedback.SummaryAsync(fair.Proeverij.Id);
            Assert.Equal((1, false), (few.Responses, few.Shown));
            Assert.Null(few.AverageRating);
            Assert.True((await feedback.SubmitAsync((await feedback.OpenForTokenAsync(tokens[1], fair.Proeverij.Id))!, fair.Proeverij.Id, new FeedbackInput(4, true, null))).Succeeded);
            Assert.True((await feedback.SubmitAsync((await feedback.OpenForTokenAsync(tokens[2], fair.Proeverij.Id))!, fair.Proeverij.Id, new FeedbackInput(2, false, "Te druk."))).Succeeded);
            var summary = await feedback.SummaryAsync(fair.Proeverij.Id);
            Assert.Equal((3, true, 3.7m, 2), (summary.Responses, summary.Shown, summary.AverageRating, summary.WouldComeAgain));
            Assert.Equal([0, 1, 0, 1, 1], summary.PerRating);
            Assert.Equal(["Heel leuk!", "Te druk."], summary.Comments);
            // Nothing in the answers points at a person or a registration.
            Assert.Equal(3, await app.DbAsync(db => db.EventFeedback.CountAsync(f => f.EventId == fair.Proeverij.Id)));
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task The_personal_feed_holds_what_I_signed_up_for_parses_as_RFC_5545_and_a_new_URL_kills_the_old_one()
    {
        var fair = await app.FairAsync();
        var session = await app.SessionAsync(fair, 0, 1, title: "Proefles dans");
        var walk = await app.EventAsync(capacity: 5, title: "Wandelen met de buurt");
        var other = await app.EventAsync(capacity: 5, title: "Niet van mij");
        var email = EventsApp.Email(GrozRole.InformalCarer);
        var me = await app.PrincipalAsync(email);
        Assert.True((await app.WithAsync(r => r.RegisterAsync(me, session.Id, new RegistrationInput()))).Succeeded);
        Assert.True((await app.WithAsync(r => r.RegisterAsync(me, walk.Id, new RegistrationInput()))).Succeeded);
        await app.GuestAsync(other.Id, "Iemand Anders");

        var token = await app.TokenAsync(email);
        var made = await app.SendAsync(HttpMethod.Post, $"{EventsApp.Api}/calendar-token", token);
        Assert.Equal(HttpStatusCode.OK, made.Status);
        var url = new Uri(made.Json.GetProperty("url").GetString()!).PathAndQuery;
        using var client = app.NewClient();
        var response = await client.Http.GetAsync(url);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("PRODID:", text, StringComparison.Ordinal);
        Assert.Contains("VERSION:2.0", text, StringComparison.Ordinal);
        var calendar = Ical.Net.Calendar.Load(text)!;
        Assert.Equal(2, calendar.Events.Count);
        Assert.All(calendar.Events, e => { Assert.False(string.IsNullOrEmpty(e.Uid)); Assert.NotNull(e.DtStamp); Assert.Equal(Recurrence.TimeZoneId, e.DtStart!.TzId); });
        Assert.Contains(calendar.Events, e => e.Summary!.StartsWith("Proefles dans", StringComparison.Ordinal) && e.DtStart!.AsUtc == fair.Slots[1].StartsAt.UtcDateTime);
        Assert.DoesNotContain(calendar.Events, e => e.Summary == "Niet van mij");
        Assert.Single(calendar.TimeZones);

        // Only the hash is stored; a new URL replaces the old one at once.
        var userId = await app.UserIdAsync(email);
        var stored = await app.DbAsync(db => db.EventCalendarTokens.SingleAsync(t => t.UserId == userId));
        Assert.DoesNotContain(stored.TokenHash, url, StringComparison.Ordinal);
        var again = await app.SendAsync(HttpMethod.Post, $"{EventsApp.Api}/calendar-token", token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(new Uri(again.Json.GetProperty("url").GetString()!).PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/activiteiten/mijn-agenda/geen-echt-token/agenda.ics")).StatusCode);
        Assert.Contains("\"/activiteiten/mijn-agenda/{token}/agenda.ics\"", await client.Http.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_organisers_of_the_proeverij_build_its_programme_and_other_leerregios_see_nothing_of_it()
    {
        var fair = await app.FairAsync();
        var url = $"{EventsApp.Api}/{fair.Proeverij.Id}";
        var orgs = await app.DbAsync(db => db.SmOrganizations.Where(o => o.LeerregioId == fair.Proeverij.LeerregioId).OrderBy(o => o.Name).Select(o => o.Id).Take(2).ToListAsync());
        var otherLeerregioOrg = await app.DbAsync(db => db.SmOrganizations.Where(o => o.LeerregioId != fair.Proeverij.LeerregioId).Select(o => o.Id).FirstAsync());
        var stand = new { name = "Stand van de buurt", theme = "leefstijl", description = "Kom kijken.", organizationId = orgs[0] };
        var local = Recurrence.Local(fair.Proeverij.StartsAt);
        var slot = new { label = "Extra", start = local.AddMinutes(30).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
            end = local.AddMinutes(90).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture) };
        var before = await app.DbAsync(db => db.ProeverijStands.CountAsync(s => s.ProeverijEventId == fair.Proeverij.Id));

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.SendAsync(HttpMethod.Post, $"{url}/stands", null, stand)).Status);
        foreach (var outsider in new[] { await app.TokenAsync(GrozRole.Resident), await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"), await app.TokenAsync(GrozRole.Volunteer) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, $"{url}/stands", outsider, stand)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, $"{url}/slots", outsider, slot)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{url}/feedback", outsider)).Status);
        }
        Assert.Equal(before, await app.DbAsync(db => db.ProeverijStands.CountAsync(s => s.ProeverijEventId == fair.Proeverij.Id)));

        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var foreign = await app.SendAsync(HttpMethod.Post, $"{url}/stands", coordinator, stand with { organizationId = otherLeerregioOrg });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.Status);
        Assert.True(foreign.Json.GetProperty("errors").TryGetProperty("organizationId", out _), foreign.ToString());
        Assert.Equal(HttpStatusCode.Created, (await app.SendAsync(HttpMethod.Post, $"{url}/stands", coordinator, stand)).Status);
        var newSlot = await app.SendAsync(HttpMethod.Post, $"{url}/slots", coordinator, slot);
        Assert.Equal(HttpStatusCode.Created, newSlot.Status);

        // A member of the organising organisation builds the programme too; the volunteer above was not one yet.
        var volunteerId = await app.UserIdAsync(EventsApp.Email(GrozRole.Volunteer));
        await app.DbAsync(async db =>
        {
            await db.Events.Where(e => e.Id == fair.Proeverij.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.OrganizationId, orgs[1]));
            if (!await db.SmOrganizationMembers.AnyAsync(m => m.OrganizationId == orgs[1] && m.UserId == volunteerId))
            {
                db.SmOrganizationMembers.Add(new Groz.Web.Features.SocialMap.OrganizationMember { LeerregioId = fair.Proeverij.LeerregioId, OrganizationId = orgs[1], UserId = volunteerId });
            }
            return await db.SaveChangesAsync();
        });
        var session = await app.SendAsync(HttpMethod.Post, $"{url}/sessions", await app.TokenAsync(GrozRole.Volunteer),
            new { standId = fair.Stands[0].Id, slotId = newSlot.Id, title = "Kennismaken", description = "Even proberen.", type = "Tasting", capacity = 4 });
        Assert.Equal(HttpStatusCode.Created, session.Status);

        // The programme is public; the session is signed up for like any activity, and the overlap rule holds there too.
        var programme = await app.GetAsync($"{url}/programme", null);
        Assert.Equal(HttpStatusCode.OK, programme.Status);
        Assert.Contains(programme.Json.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("id").GetInt32() == session.Id && s.GetProperty("placesLeft").GetInt32() == 4);
        var early = await app.SessionAsync(fair, 1, 0, title: "Overlapt met Extra");
        var resident = await app.TokenAsync(GrozRole.Resident);
        Assert.Equal(HttpStatusCode.Created, (await app.SendAsync(HttpMethod.Post, $"{EventsApp.Api}/{session.Id}/registrations", resident, new { }, Guid.NewGuid().ToString("N"))).Status);
        var clash = await app.SendAsync(HttpMethod.Post, $"{EventsApp.Api}/{early.Id}/registrations", resident, new { }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Equal("/problems/overlapping-session", clash.ProblemType);
        var mine = await app.GetAsync($"{url}/programme/mine", resident);
        Assert.Equal(session.Id, Assert.Single(mine.Json.EnumerateArray()).GetProperty("sessionId").GetInt32());
    }
}
