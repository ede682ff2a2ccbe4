using System.Globalization;
using System.Net;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.HelpRequests;

/// <summary>
/// Berichten (the in-platform inbox) as Hulpvragen fills it: who hears what along the road of a question, need-to-know
/// (no notes, no health or contact details, nothing for another wijk), the page and the API, and bad input.
/// </summary>
public sealed class NotificationTests(HelpApp app) : IClassFixture<HelpApp>
{
    private const string Api = "/api/v1/notifications";
    private const string Secret = "GEHEIM: buurvrouw belt dagelijks de huisarts";
    private const string Health = "Ik loop met krukken sinds mijn val.";

    private Task<List<Notification>> AboutAsync(int id, string email) => app.DbAsync(async db =>
    {
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var subject = id.ToString(CultureInfo.InvariantCulture);
        return await db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId && n.SubjectId == subject).OrderBy(n => n.Id).ToListAsync();
    });

    private static string Resident => HelpApp.Email(GrozRole.Resident);
    private static string Assistant => HelpApp.Email(GrozRole.Buurtassistent);
    private static string Volunteer => HelpApp.Email(GrozRole.Volunteer);

    [Fact]
    public async Task Each_step_reaches_the_resident_the_wijks_assistants_and_the_volunteer_and_nobody_else()
    {
        await app.EnsureOtherWijkMembersAsync();
        var id = await app.MatchedAsync(health: Health);
        var assistant = await app.AssistantAsync();
        Assert.Equal(HttpStatusCode.Created, (await app.PostAsync($"{HelpApp.Api}/{id}/notes", assistant, new { text = Secret })).Status);
        var volunteerFirst = Groz.Web.Features.HelpRequests.HelpRequests.FirstName(await app.DbAsync(db => db.Users.Where(u => u.Email == Volunteer).Select(u => u.DisplayName).SingleAsync()));

        Assert.Equal(["help.triaged", "help.matched"], (await AboutAsync(id, Resident)).Select(n => n.Kind));
        Assert.Equal(["help.new", "help.accepted"], (await AboutAsync(id, Assistant)).Select(n => n.Kind));
        Assert.Equal(["help.asked"], (await AboutAsync(id, Volunteer)).Select(n => n.Kind));
        // Another wijk's assistant and volunteer hear nothing about it.
        Assert.Empty(await AboutAsync(id, HelpApp.OtherWijkAssistant));
        Assert.Empty(await AboutAsync(id, HelpApp.OtherWijkVolunteer));

        // The resident reads who helps (first name) in the API, in their language.
        var residentToken = await app.TokenAsync(Resident);
        var inbox = await app.SendAsync(HttpMethod.Get, Api, residentToken);
        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        var matched = inbox.Json.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "help.matched" && i.GetProperty("subjectId").GetString() == id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal($"{volunteerFirst} gaat u helpen met uw hulpvraag #{id}.", matched.GetProperty("text").GetString());
        Assert.Equal($"/hulpvragen/{id}", matched.GetProperty("link").GetString());
        Assert.True(inbox.Json.GetProperty("unread").GetInt32() >= 2);

        // Done → the follow-up question in the resident's inbox; answered → the assistants hear it; closed → the resident.
        var volunteerToken = await app.TokenAsync(Volunteer);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{HelpApp.Api}/{id}/start", volunteerToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{HelpApp.Api}/{id}/done", volunteerToken, new { minutes = 0 })).Status);
        var followUp = (await AboutAsync(id, Resident))[^1];
        Assert.Equal(("help.followup", $"/hulpvragen/{id}/gelukt"), (followUp.Kind, followUp.Link));
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{HelpApp.Api}/{id}/follow-up", residentToken, new { answer = "Yes" })).Status);
        Assert.Equal("help.followed-up", (await AboutAsync(id, Assistant))[^1].Kind);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{HelpApp.Api}/{id}/close", assistant, new { outcome = "Helped" })).Status);
        Assert.Equal("help.closed", (await AboutAsync(id, Resident))[^1].Kind);
        // Nobody hears about their own step: the volunteer did "done", the resident answered, the assistant closed.
        Assert.DoesNotContain(await AboutAsync(id, Volunteer), n => n.Kind is "help.followup" or "help.closed");

        // Need-to-know: no message of anyone carries the private note, the health details or the phone number.
        var all = await app.DbAsync(db => db.Set<Notification>().AsNoTracking().ToListAsync());
        Assert.DoesNotContain(all, n => (n.Args ?? "").Contains("GEHEIM", StringComparison.Ordinal) || (n.Args ?? "").Contains("krukken", StringComparison.Ordinal)
            || (n.Args ?? "").Contains("12345678", StringComparison.Ordinal));
        foreach (var email in new[] { Volunteer, HelpApp.OtherWijkAssistant, Resident })
        {
            var text = (await app.SendAsync(HttpMethod.Get, Api, await app.TokenAsync(email))).Text;
            Assert.DoesNotContain("GEHEIM", text, StringComparison.Ordinal);
            Assert.DoesNotContain("krukken", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_withdrawn_request_tells_the_asked_volunteer_and_the_assistants_not_the_resident_who_did_it()
    {
        var (id, _) = await app.AskedAsync();
        var residentToken = await app.TokenAsync(Resident);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{HelpApp.Api}/{id}/withdraw", residentToken)).Status);
        Assert.Equal("help.withdrawn", (await AboutAsync(id, Volunteer))[^1].Kind);
        Assert.Equal("help.withdrawn", (await AboutAsync(id, Assistant))[^1].Kind);
        Assert.DoesNotContain(await AboutAsync(id, Resident), n => n.Kind == "help.withdrawn");
    }

    [Fact]
    public async Task Marking_someone_elses_message_read_is_404_and_changes_nothing()
    {
        var id = await app.AskAsync();
        var theirs = (await AboutAsync(id, Assistant)).Single(n => n.Kind == "help.new");
        var residentToken = await app.TokenAsync(Resident);
        var volunteerToken = await app.TokenAsync(Volunteer);
        foreach (var token in new[] { residentToken, volunteerToken })
        {
            var refused = await app.PostAsync($"{Api}/{theirs.Id}/read", token);
            Assert.Equal(HttpStatusCode.NotFound, refused.Status);
            Assert.Contains("/problems/not-found", refused.Text, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await app.PostAsync($"{Api}/999999999/read", residentToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.PostAsync($"{Api}/abc/read", residentToken)).Status);
        Assert.Null(await app.DbAsync(db => db.Set<Notification>().Where(n => n.Id == theirs.Id).Select(n => n.ReadAt).SingleAsync()));

        // "Read all" by someone else leaves it alone too.
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/read-all", residentToken)).Status);
        Assert.Null(await app.DbAsync(db => db.Set<Notification>().Where(n => n.Id == theirs.Id).Select(n => n.ReadAt).SingleAsync()));

        // The page's handler checks the same way.
        using var client = app.NewClient();
        await client.SignInAsync(Resident);
        var page = await client.GetAsync("/berichten");
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = page.Html.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")! };
        var response = await client.Http.PostAsync($"/berichten?handler=Read&id={theirs.Id}", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        response = await client.Http.PostAsync($"/berichten?handler=Open&id={theirs.Id}", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await app.DbAsync(db => db.Set<Notification>().Where(n => n.Id == theirs.Id).Select(n => n.ReadAt).SingleAsync()));

        // The owner can.
        var assistant = await app.AssistantAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await app.PostAsync($"{Api}/{theirs.Id}/read", assistant)).Status);
        Assert.NotNull(await app.DbAsync(db => db.Set<Notification>().Where(n => n.Id == theirs.Id).Select(n => n.ReadAt).SingleAsync()));
        // Anonymous callers get nothing at all.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.SendAsync(HttpMethod.Get, Api, null)).Status);
    }

    [Fact]
    public async Task The_inbox_page_lists_counts_and_marks_read_in_Dutch_and_English()
    {
        var id = await app.MatchedAsync();
        using var client = app.NewClient();
        await client.SignInAsync(Resident);
        var unread = await UnreadAsync(Resident);
        Assert.True(unread >= 2);

        var page = await client.GetAsync("/berichten");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains($"Een buurtassistent heeft uw hulpvraag #{id} opgepakt.", page.Text, StringComparison.Ordinal);
        Assert.Contains($"{unread} ongelezen", page.Text, StringComparison.Ordinal);
        // The menu shows the count.
        Assert.Equal(unread.ToString(CultureInfo.InvariantCulture), page.Html.QuerySelector("nav a[href='/berichten'] .badge")!.FirstChild!.TextContent);

        // Opening the request shows its messages and counts them as read.
        var detail = await client.GetAsync($"/hulpvragen/{id}");
        Assert.Contains("Berichten over deze vraag", detail.Text, StringComparison.Ordinal);
        Assert.Contains($"gaat u helpen met uw hulpvraag #{id}.", detail.Text, StringComparison.Ordinal);
        Assert.All(await AboutAsync(id, Resident), n => Assert.NotNull(n.ReadAt));

        // In English too; "mark all as read" empties the count.
        var english = await client.GetAsync("/berichten?culture=en");
        Assert.Contains($"A buurtassistent has picked up your help request #{id}.", english.Text, StringComparison.Ordinal);
        await app.PostAsync($"{HelpApp.Api}/{id}/withdraw", await app.TokenAsync(Resident));
        await app.PostAsync($"{HelpApp.Api}/{await app.MatchedAsync()}/withdraw", await app.TokenAsync(Resident));
        Assert.True(await UnreadAsync(Resident) > 0);
        page = await client.GetAsync("/berichten?culture=nl");
        var done = await client.FollowAsync(await client.SubmitAsync(page, new Dictionary<string, string>(), "form[action*='handler=ReadAll']"));
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Equal(0, await UnreadAsync(Resident));
        Assert.Null(done.Html.QuerySelector("nav a[href='/berichten'] .badge"));
        Assert.Contains("0 ongelezen", done.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_page_links_to_the_assistants_unread_messages_and_opening_the_request_reads_them()
    {
        var id = await app.AskAsync();
        using var client = app.NewClient();
        await app.SignInWithTwoFactorAsync(client, Assistant);
        var queue = await client.GetAsync("/beheer/hulpvragen/utrecht");
        Assert.Contains("ongelezen berichten over hulpvragen", queue.Text, StringComparison.Ordinal);
        Assert.NotNull(queue.Html.QuerySelector("a[href='/berichten?ongelezen=true']"));
        Assert.Contains(await AboutAsync(id, Assistant), n => n.ReadAt is null);
        var request = await client.GetAsync($"/beheer/hulpvragen/utrecht/{id}");
        Assert.Equal(HttpStatusCode.OK, request.Status);
        Assert.All(await AboutAsync(id, Assistant), n => Assert.NotNull(n.ReadAt));
    }

    [Fact]
    public async Task A_passed_deadline_is_announced_to_the_assistants_once()
    {
        var id = await app.AskAsync();
        var due = await app.DbAsync(db => db.HelpRequests.Where(r => r.Id == id).Select(r => r.FirstResponseDueAt).SingleAsync());
        async Task<int> RunAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Groz.Web.Features.HelpRequests.HelpRequests>().NotifyOverdueAsync(HelpOverdueJob.Window);
        }
        await RunAsync();
        Assert.DoesNotContain(await AboutAsync(id, Assistant), n => n.Kind == "help.overdue.response");
        var by = due - app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        app.Clock.Offset += by;
        try
        {
            await RunAsync();
            await RunAsync();
        }
        finally
        {
            app.Clock.Offset -= by;
        }
        var overdue = (await AboutAsync(id, Assistant)).Where(n => n.Kind == "help.overdue.response").ToList();
        Assert.Single(overdue);
        Assert.DoesNotContain(await AboutAsync(id, Resident), n => n.Kind.StartsWith("help.overdue", StringComparison.Ordinal));
    }

    private Task<int> UnreadAsync(string email) => app.DbAsync(async db =>
        await Notifications.UnreadCountAsync(db, await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync()));
}
