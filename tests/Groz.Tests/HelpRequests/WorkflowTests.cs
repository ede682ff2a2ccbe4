using System.Net;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.HelpRequests;

/// <summary>The whole road of a question through the API, checked in the database at the end.</summary>
public sealed class WorkflowTests(HelpApp app) : IClassFixture<HelpApp>
{
    private const string Api = HelpApp.Api;

    [Fact]
    public async Task A_question_goes_from_asking_to_closed_with_the_hours_in_the_Tijdbank()
    {
        var resident = await app.TokenAsync(HelpApp.Email(GrozRole.Resident));
        var assistant = await app.AssistantAsync();
        var volunteerToken = await app.TokenAsync(HelpApp.Email(GrozRole.Volunteer));
        var volunteerId = await app.UserIdAsync(HelpApp.Email(GrozRole.Volunteer));

        var id = await app.AskAsync(health: "Ik loop met krukken.");
        var queue = await app.GetAsync($"{Api}/queue?leerregio=utrecht", assistant);
        Assert.Equal(HttpStatusCode.OK, queue.Status);
        Assert.Contains(queue.Json.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id && i.GetProperty("status").GetString() == "New");
        // The queue carries no personal data.
        Assert.DoesNotContain("krukken", queue.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("06 12345678", queue.Text, StringComparison.Ordinal);

        var triaged = await app.PostAsync($"{Api}/{id}/triage", assistant, new { category = "Groceries", urgency = "High" });
        Assert.Equal("Triaged", triaged.Json.GetProperty("status").GetString());
        Assert.True(triaged.Json.TryGetProperty("firstResponseAt", out var fr) && fr.ValueKind != System.Text.Json.JsonValueKind.Null);

        var suggestions = await app.GetAsync($"{Api}/{id}/suggestions", assistant);
        Assert.Equal(HttpStatusCode.OK, suggestions.Status);
        var first = suggestions.Json.EnumerateArray().First();
        Assert.Equal(volunteerId, first.GetProperty("userId").GetString());
        Assert.True(first.GetProperty("categoryMatch").GetBoolean());

        var asked = await app.PostAsync($"{Api}/{id}/asks", assistant, new { volunteerUserIds = new[] { volunteerId } });
        Assert.Equal("Asked", asked.Json.GetProperty("status").GetString());
        using var client = app.NewClient();
        var link = client.LinkInLatestMail(HelpApp.Email(GrozRole.Volunteer));
        Assert.StartsWith("/hulpvragen/vraag/", link, StringComparison.Ordinal);

        // The inbox lists the ask; the volunteer accepts through the e-mail link without signing in.
        var inbox = await app.GetAsync($"{Api}/asks", volunteerToken);
        Assert.Contains(inbox.Json.EnumerateArray(), a => a.GetProperty("helpRequestId").GetInt32() == id && a.GetProperty("answer").GetString() == "Pending");
        var page = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("boodschappen", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("06 12345678", page.Text, StringComparison.Ordinal);
        var accepted = await client.SubmitAsync(page, new Dictionary<string, string>(), "main form[method=post]");
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        // A second use of the same link changes nothing.
        var again = await client.GetAsync(link);
        Assert.Contains("al beantwoord", again.Text, StringComparison.Ordinal);

        var matched = await app.GetAsync($"{Api}/{id}", volunteerToken);
        Assert.Equal("Matched", matched.Json.GetProperty("status").GetString());
        Assert.Equal("06 12345678", matched.Json.GetProperty("phone").GetString());
        Assert.Equal("Ik loop met krukken.", matched.Json.GetProperty("healthDetails").GetString());

        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{id}/start", volunteerToken)).Status);
        var residentAccount = await app.AccountIdAsync(GrozRole.Resident);
        var volunteerAccount = await app.AccountIdAsync(GrozRole.Volunteer);
        var (residentBefore, volunteerBefore) = (await app.BalanceAsync(residentAccount), await app.BalanceAsync(volunteerAccount));
        var done = await app.PostAsync($"{Api}/{id}/done", resident, new { minutes = 75 });
        Assert.True(done.Status == HttpStatusCode.OK, done.ToString());
        Assert.Equal("Done", done.Json.GetProperty("status").GetString());
        Assert.Equal(residentBefore - 75, await app.BalanceAsync(residentAccount));
        Assert.Equal(volunteerBefore + 75, await app.BalanceAsync(volunteerAccount));

        // "Is het gelukt?" by the link in the resident's mail.
        var followLink = client.LinkInLatestMail(HelpApp.Email(GrozRole.Resident));
        Assert.Contains($"/hulpvragen/{id}/gelukt?token=", followLink, StringComparison.Ordinal);
        using var anonymous = app.NewClient();
        var follow = await anonymous.GetAsync(followLink);
        var answered = await anonymous.SubmitAsync(follow, new Dictionary<string, string> { ["Answer"] = "Yes", ["Comment"] = "Heel fijn!" });
        Assert.Equal(HttpStatusCode.OK, answered.Status);
        Assert.Contains("Bedankt voor uw antwoord", answered.Text, StringComparison.Ordinal);

        var closed = await app.PostAsync($"{Api}/{id}/close", assistant, new { outcome = "Helped" });
        Assert.Equal("Closed", closed.Json.GetProperty("status").GetString());

        await app.DbAsync(async db =>
        {
            var r = await db.HelpRequests.SingleAsync(x => x.Id == id);
            Assert.Equal(HelpStatus.Closed, r.Status);
            Assert.Equal(HelpOutcome.Helped, r.Outcome);
            Assert.Equal(FollowUpAnswer.Yes, r.FollowUpAnswer);
            Assert.Equal(volunteerId, r.MatchedVolunteerUserId);
            Assert.Equal(75, r.HelpedMinutes);
            Assert.Null(r.FollowUpTokenHash);
            Assert.NotNull(r.MatchedAt);
            var transfer = await db.Transfers.SingleAsync(t => t.Id == r.TransferId);
            Assert.Equal((TransferKind.Exchange, TransferStatus.Completed, 75), (transfer.Kind, transfer.Status, transfer.Minutes));
            var steps = await db.HelpStatusChanges.Where(s => s.HelpRequestId == id).OrderBy(s => s.Id).Select(s => s.To).ToListAsync();
            Assert.Equal([HelpStatus.New, HelpStatus.Triaged, HelpStatus.Asked, HelpStatus.Matched, HelpStatus.InProgress, HelpStatus.Done, HelpStatus.FollowedUp, HelpStatus.Closed], steps);
            Assert.Equal(AskAnswer.Accepted, (await db.HelpMatchAsks.SingleAsync(a => a.HelpRequestId == id)).Answer);
        });
        await app.AssertLedgerHoldsAsync();
    }

    [Fact]
    public async Task The_volunteer_records_the_hours_as_a_payment_request_the_resident_confirms()
    {
        var id = await app.MatchedAsync();
        var volunteer = await app.TokenAsync(HelpApp.Email(GrozRole.Volunteer));
        await app.PostAsync($"{Api}/{id}/start", volunteer);
        var done = await app.PostAsync($"{Api}/{id}/done", volunteer, new { minutes = 30 });
        Assert.True(done.Status == HttpStatusCode.OK, done.ToString());
        var transfer = await app.DbAsync(db => db.Transfers.SingleAsync(t => t.Id == db.HelpRequests.Single(r => r.Id == id).TransferId));
        Assert.Equal(TransferStatus.Pending, transfer.Status);
        Assert.True(transfer.PaymentRequest);
    }

    [Fact]
    public async Task A_buurtassistent_cannot_pay_hours_and_then_nothing_changes()
    {
        var id = await app.MatchedAsync();
        var assistant = await app.AssistantAsync();
        await app.PostAsync($"{Api}/{id}/start", assistant);
        var before = await app.SnapshotAsync(id);
        var done = await app.PostAsync($"{Api}/{id}/done", assistant, new { minutes = 30 });
        Assert.Equal(HttpStatusCode.Forbidden, done.Status);
        Assert.Equal("/problems/hours-not-possible", done.ProblemType);
        Assert.Equal(before, await app.SnapshotAsync(id));
        // Without hours the assistant can mark it done.
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{id}/done", assistant, new { minutes = (int?)null })).Status);
    }

    [Fact]
    public async Task Declining_the_only_ask_sends_the_request_back_to_the_queue_and_the_first_yes_wins()
    {
        var (id, _) = await app.AskedAsync();
        var volunteer = await app.TokenAsync(HelpApp.Email(GrozRole.Volunteer));
        var askId = await app.DbAsync(db => db.HelpMatchAsks.Where(a => a.HelpRequestId == id).Select(a => a.Id).SingleAsync());
        var declined = await app.PostAsync($"{Api}/asks/{askId}/decline", volunteer);
        Assert.Equal("Triaged", declined.Json.GetProperty("status").GetString());
        var twice = await app.PostAsync($"{Api}/asks/{askId}/accept", volunteer);
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        Assert.Equal(HelpStatus.Triaged, await app.DbAsync(db => db.HelpRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task Two_assistants_triaging_at_once_move_the_request_once()
    {
        var id = await app.AskAsync();
        var assistant = await app.AssistantAsync();
        var coordinator = await app.TokenAsync(HelpApp.Email(GrozRole.Coordinator));
        var replies = await Task.WhenAll(
            app.PostAsync($"{Api}/{id}/triage", assistant, new { category = "Groceries", urgency = "Normal" }),
            app.PostAsync($"{Api}/{id}/triage", coordinator, new { category = "Transport", urgency = "High" }));
        Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.Single(replies, r => r.Status == HttpStatusCode.Conflict);
        Assert.Equal(1, await app.DbAsync(db => db.HelpStatusChanges.CountAsync(s => s.HelpRequestId == id && s.To == HelpStatus.Triaged)));
    }

    [Fact]
    public async Task A_question_entered_after_a_phone_call_records_the_consent_and_who_entered_it()
    {
        var assistant = await app.AssistantAsync();
        var leerregio = await app.DbAsync(db => db.Leerregios.Where(l => l.Slug == "utrecht").Select(l => l.Id).SingleAsync());
        var reply = await app.PostAsync($"{Api}/on-behalf", assistant, new
        {
            leerregioId = leerregio, contactName = "Greet van Leeuwen", processingConsent = true, category = "Transport",
            description = "Naar de verjaardag van haar zus.", contactPreference = "Phone", contactPhone = "030 1234567", wijkId = await app.HomeWijkAsync(), urgency = "High",
        });
        Assert.True(reply.Status == HttpStatusCode.Created, reply.ToString());
        var id = (int)reply.Id;
        await app.DbAsync(async db =>
        {
            var r = await db.HelpRequests.SingleAsync(x => x.Id == id);
            Assert.True(r.EnteredOnBehalf);
            Assert.Null(r.ResidentUserId);
            Assert.Equal(await db.Users.Where(u => u.Email == HelpApp.Email(GrozRole.Buurtassistent)).Select(u => u.Id).SingleAsync(), r.EnteredByUserId);
            var consent = await db.HelpConsents.SingleAsync(c => c.HelpRequestId == id);
            Assert.Equal((HelpConsentKind.Processing, Groz.Web.Features.HelpRequests.HelpRequests.ConsentTextVersion), (consent.Kind, consent.TextVersion));
            // High urgency: the targets of the leerregio's settings.
            Assert.Equal(TimeSpan.FromHours(4), r.FirstResponseDueAt - r.CreatedAt);
        });
        var without = await app.PostAsync($"{Api}/on-behalf", assistant, new
        {
            leerregioId = leerregio, contactName = "Zonder Toestemming", processingConsent = false, category = "Transport",
            description = "Naar de markt.", contactPreference = "Phone", contactPhone = "030 1234567", wijkId = await app.HomeWijkAsync(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, without.Status);
        Assert.True(without.Json.GetProperty("errors").TryGetProperty("processingConsent", out _));
    }

    [Fact]
    public async Task An_overdue_request_is_first_in_the_queue_and_marked()
    {
        var older = await app.AskAsync();
        var past = app.Clock.GetUtcNow().AddMinutes(-1);
        await app.DbAsync(db => db.HelpRequests.Where(r => r.Id == older).ExecuteUpdateAsync(s => s.SetProperty(r => r.FirstResponseDueAt, past)));
        var newer = await app.AskAsync();
        var queue = await app.GetAsync($"{Api}/queue?leerregio=utrecht", await app.AssistantAsync());
        var items = queue.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.True(items[0].GetProperty("overdue").GetBoolean());
        Assert.True(items.FindIndex(i => i.GetProperty("id").GetInt32() == older) < items.FindIndex(i => i.GetProperty("id").GetInt32() == newer));
        var page = await (await LoggedInAssistantAsync()).GetAsync("/beheer/hulpvragen/utrecht");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Html.QuerySelector($"tr.overdue a[href='/beheer/hulpvragen/utrecht/{older}']"));
    }

    private async Task<Groz.Tests.Support.FormClient> LoggedInAssistantAsync()
    {
        var client = app.NewClient();
        await Groz.Tests.Support.AccountHelpers.SignInAsDemoAsync(app, client, GrozRole.Buurtassistent);
        return client;
    }
}
