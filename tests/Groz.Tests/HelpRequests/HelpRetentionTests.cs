using System.Net;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.HelpRequests;

/// <summary>
/// Retention with a fixed clock: before the leerregio's retention period has passed nothing changes; after it the
/// personal data of closed requests is gone, consents keep their text version and dates, open and recent requests stay,
/// the report of the period is exactly the same, and the run is in the audit log.
/// </summary>
public sealed class HelpRetentionTests(HelpReportingApp app) : IClassFixture<HelpReportingApp>
{
    private async Task<(int Closed, int Vital, int Open, int Recent, DateTimeOffset Created)> SeedAsync()
    {
        var lr = await app.LeerregioIdAsync();
        var oost = await app.WijkIdAsync("Utrecht Oost");
        var resident = await app.UserIdAsync(GrozRole.Resident);
        var volunteer = await app.UserIdAsync(GrozRole.Volunteer);
        var assistant = await app.UserIdAsync(GrozRole.Buurtassistent);
        var entrepreneur = await app.UserIdAsync(GrozRole.Entrepreneur);
        // Whole seconds: PostgreSQL keeps microseconds, and the consent's dates are compared exactly.
        var clock = app.Clock.GetUtcNow();
        var now = new DateTimeOffset(clock.UtcTicks - clock.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var created = now.AddDays(-400);
        var closedAt = now.AddDays(-364); // one day inside the default 365 days

        var c = HelpReportingApp.Request(lr, oost, created);
        (c.ResidentUserId, c.EnteredByUserId, c.AssistantUserId, c.MatchedVolunteerUserId) = (resident, resident, assistant, volunteer);
        (c.ContactEmail, c.HealthDetails, c.FollowUpComment, c.FollowUpAnswer) = ("fatima@example.org", "Ik loop met een rollator", "Heel fijn, dank!", FollowUpAnswer.Yes);
        (c.FirstResponseAt, c.MatchedAt, c.DoneAt, c.HelpedMinutes) = (created.AddHours(2), created.AddDays(1), created.AddDays(3), 90);
        (c.Status, c.Outcome, c.ClosedAt) = (HelpStatus.Closed, HelpOutcome.Helped, closedAt);
        var closed = await app.InsertAsync(c, (HelpStatus.Triaged, created.AddHours(2)), (HelpStatus.Closed, closedAt));
        await app.DbAsync(async db =>
        {
            db.HelpNotes.Add(new HelpNote { HelpRequestId = closed, LeerregioId = lr, AuthorUserId = assistant, Text = "Woont op driehoog, bel twee keer", CreatedAt = created.AddHours(2) });
            db.HelpConsents.Add(new HelpConsent { HelpRequestId = closed, LeerregioId = lr, Kind = HelpConsentKind.ShareHealthDetails, TextVersion = "2026-11-v1", GivenAt = created, GivenByUserId = resident, WithdrawnAt = created.AddDays(2), WithdrawnByUserId = resident });
            await db.HelpStatusChanges.Where(s => s.HelpRequestId == closed).ExecuteUpdateAsync(s => s.SetProperty(x => x.ByUserId, assistant));
            await db.SaveChangesAsync();
        });

        var v = HelpReportingApp.Request(lr, oost, created.AddHours(1), HelpCategory.Other, kind: HelpRequestKind.VitalWork);
        (v.ResidentUserId, v.EnteredByUserId, v.Status, v.Outcome, v.ClosedAt, v.FirstResponseAt) = (entrepreneur, entrepreneur, HelpStatus.Closed, HelpOutcome.ReferredToService, closedAt, created.AddHours(3));
        var vital = await app.InsertAsync(v, (HelpStatus.Triaged, created.AddHours(3)), (HelpStatus.Referred, created.AddDays(2)), (HelpStatus.Closed, closedAt));
        await app.DbAsync(async db =>
        {
            db.VitalWorkDetails.Add(new VitalWorkDetails { HelpRequestId = vital, LeerregioId = lr, CompanyName = "Bakkerij Yilmaz", KvkNumber = "12345678", StaffCount = 12 });
            db.VitalWorkReferrals.Add(new VitalWorkReferral { HelpRequestId = vital, LeerregioId = lr, ProviderKind = VitalProviderKind.Education, At = created.AddDays(2), ByUserId = await db.Users.Where(u => u.Email == HelpReportingApp.Email(GrozRole.Coordinator, "utrecht")).Select(u => u.Id).SingleAsync() });
            await db.SaveChangesAsync();
        });

        var o = HelpReportingApp.Request(lr, oost, created.AddHours(2));
        (o.ResidentUserId, o.Status) = (resident, HelpStatus.Triaged);
        var open = await app.InsertAsync(o);
        var recent = HelpReportingApp.Request(lr, oost, created.AddHours(3));
        (recent.ResidentUserId, recent.Status, recent.Outcome, recent.ClosedAt) = (resident, HelpStatus.Closed, HelpOutcome.NoLongerNeeded, now.AddDays(-10));
        return (closed, vital, open, await app.InsertAsync(recent), created);
    }

    private async Task<int> RunAsync() => (await app.DbAsync(async _ =>
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HelpRetention>().RunAsync(await app.LeerregioIdAsync(), null);
    })).Pseudonymised;

    [Fact]
    public async Task Personal_data_goes_after_the_retention_period_and_the_report_stays_the_same()
    {
        var (closed, vital, open, recent, created) = await SeedAsync();
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var reportUrl = $"/api/v1/helprequests/reports?leerregio=utrecht&from={HelpReportingApp.Day(created.AddDays(-1))}&to={HelpReportingApp.Day(created.AddDays(1))}";
        var before = await app.GetAsync(reportUrl, coordinator);
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Contains("\"referredToServices\":1", before.Text, StringComparison.Ordinal);
        try
        {
            // A day before the deadline: nothing changes.
            Assert.Equal(0, await RunAsync());
            Assert.Equal("Hulp bij boodschappen", await app.DbAsync(db => db.HelpRequests.Where(r => r.Id == closed).Select(r => r.Description).SingleAsync()));
            Assert.Equal(0, await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "helprequest.pseudonymised")));

            app.Clock.Offset = TimeSpan.FromDays(2);
            var run = await app.SendAsync(HttpMethod.Post, "/api/v1/helprequests/retention/run?leerregio=utrecht", coordinator, new { });
            Assert.Equal(HttpStatusCode.OK, run.Status);
            Assert.Equal(2, run.Json.GetProperty("pseudonymised").GetInt32());

            var r = await app.DbAsync(db => db.HelpRequests.AsNoTracking().SingleAsync(x => x.Id == closed));
            Assert.Equal(HelpPseudonymisation.Placeholder, r.ContactName);
            Assert.Equal(HelpPseudonymisation.Placeholder, r.Description);
            Assert.Null(r.ContactPhone);
            Assert.Null(r.ContactEmail);
            Assert.Null(r.HealthDetails);
            Assert.Null(r.FollowUpComment);
            Assert.Null(r.ResidentUserId);
            Assert.Null(r.EnteredByUserId);
            Assert.Null(r.AssistantUserId);
            Assert.Null(r.MatchedVolunteerUserId);
            Assert.NotNull(r.PseudonymisedAt);
            // What the reports read stays.
            Assert.Equal((HelpStatus.Closed, HelpOutcome.Helped, 90, FollowUpAnswer.Yes), (r.Status, r.Outcome!.Value, r.HelpedMinutes!.Value, r.FollowUpAnswer!.Value));
            Assert.Equal(0, await app.DbAsync(db => db.HelpNotes.CountAsync(n => n.HelpRequestId == closed)));
            var consent = await app.DbAsync(db => db.HelpConsents.AsNoTracking().SingleAsync(x => x.HelpRequestId == closed));
            Assert.Equal(("2026-11-v1", created, created.AddDays(2)), (consent.TextVersion, consent.GivenAt, consent.WithdrawnAt!.Value));
            Assert.Null(consent.GivenByUserId);
            Assert.Null(consent.WithdrawnByUserId);
            Assert.All(await app.DbAsync(db => db.HelpStatusChanges.Where(s => s.HelpRequestId == closed).ToListAsync()), s => Assert.Null(s.ByUserId));
            var details = await app.DbAsync(db => db.VitalWorkDetails.AsNoTracking().SingleAsync(x => x.HelpRequestId == vital));
            Assert.Equal((HelpPseudonymisation.Placeholder, (string?)null, 12), (details.CompanyName, details.KvkNumber, details.StaffCount));
            Assert.Null(await app.DbAsync(db => db.VitalWorkReferrals.Where(x => x.HelpRequestId == vital).Select(x => x.ByUserId).SingleAsync()));

            // Open and recently closed requests keep everything.
            Assert.All(await app.DbAsync(db => db.HelpRequests.AsNoTracking().Where(x => x.Id == open || x.Id == recent).ToListAsync()), x =>
            {
                Assert.Null(x.PseudonymisedAt);
                Assert.Equal("Hulp bij boodschappen", x.Description);
                Assert.NotNull(x.ResidentUserId);
            });

            var after = await app.GetAsync(reportUrl, coordinator);
            Assert.Equal(before.Text, after.Text);

            var coordinatorId = await app.UserIdAsync(GrozRole.Coordinator);
            var entry = await app.DbAsync(db => db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "helprequest.pseudonymised"));
            Assert.Equal(coordinatorId, entry.UserId);
            Assert.StartsWith("2 requests", entry.Detail, StringComparison.Ordinal);

            // The daily job finds nothing left to do, and writes no empty entry.
            await app.Services.GetRequiredService<HelpRetentionJob>().RunOnceAsync(CancellationToken.None);
            Assert.Equal(1, await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "helprequest.pseudonymised")));
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Theory]
    [InlineData(GrozRole.Researcher, HttpStatusCode.Forbidden)]
    [InlineData(GrozRole.Buurtassistent, HttpStatusCode.Forbidden)]
    [InlineData(GrozRole.Resident, HttpStatusCode.NotFound)]
    [InlineData(GrozRole.Volunteer, HttpStatusCode.NotFound)]
    public async Task Only_coordinators_and_administrators_run_retention_by_hand(GrozRole role, HttpStatusCode expected)
    {
        var reply = await app.SendAsync(HttpMethod.Post, "/api/v1/helprequests/retention/run?leerregio=utrecht", await app.TokenAsync(role), new { });
        Assert.Equal(expected, reply.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, "/api/v1/helprequests/retention/run?leerregio=utrecht",
            await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"), new { })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Post, "/api/v1/helprequests/retention/run?leerregio=utrecht",
            await app.TokenAsync(HelpReportingApp.Email(GrozRole.Coordinator, "utrecht"), "read"), new { })).Status);
    }
}
