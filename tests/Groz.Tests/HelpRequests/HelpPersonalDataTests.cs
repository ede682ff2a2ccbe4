using System.Net;
using System.Text.Json;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.HelpRequests;

/// <summary>Hulpvragen in "download my data" and "delete my account": what is in the export and what not, and what erasure keeps.</summary>
public sealed class HelpPersonalDataTests(HelpApp app) : IClassFixture<HelpApp>
{
    private const string Api = HelpApp.Api;

    private async Task<string> MemberAsync(string email, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
        var home = await app.HomeWijkAsync();
        var leerregio = await app.DbAsync(db => db.Wijken.Where(w => w.Id == home).Select(w => w.LeerregioId).SingleAsync());
        var user = new GrozUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, LeerregioId = leerregio, WijkId = home };
        Assert.True((await users.CreateAsync(user, Groz.Web.Data.DemoData.DemoPassword)).Succeeded);
        return user.Id;
    }

    private async Task<(string Json, Func<Task> Erase)> ExportAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var personal = scope.ServiceProvider.GetRequiredService<PersonalData>();
        var me = await scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>().FindByEmailAsync(email);
        var json = JsonSerializer.Serialize(await personal.ExportAsync(me!));
        return (json, async () =>
        {
            await using var s = app.Services.CreateAsyncScope();
            var users = s.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
            await s.ServiceProvider.GetRequiredService<PersonalData>().EraseAsync((await users.FindByEmailAsync(email))!);
        });
    }

    /// <summary>What a report counts: requests by category, urgency, status and outcome, and the status steps.</summary>
    private Task<string> CountsAsync() => app.DbAsync(async db =>
    {
        var rows = await db.HelpRequests.AsNoTracking().GroupBy(r => new { r.Category, r.Urgency, r.Status, r.Outcome })
            .Select(g => new { g.Key.Category, g.Key.Urgency, g.Key.Status, g.Key.Outcome, N = g.Count() }).ToListAsync();
        return string.Join(';', rows.OrderBy(r => r.Category).ThenBy(r => r.Urgency).ThenBy(r => r.Status).ThenBy(r => r.Outcome)
            .Select(r => $"{r.Category}/{r.Urgency}/{r.Status}/{r.Outcome}={r.N}")) + "|" + await db.HelpStatusChanges.CountAsync();
    });

    [Fact]
    public async Task The_export_holds_the_members_own_questions_with_notes_but_not_who_wrote_them_nor_other_residents_data()
    {
        const string email = "export.bewoner@example.org";
        await MemberAsync(email, "Eva Export");
        var id = await app.AskAsync(email, "Ik zoek iemand die mijn gordijnen ophangt.", health: "Ik kan niet op een trap staan.");
        var assistant = await app.AssistantAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{id}/triage", assistant, new { category = "OddJobs", urgency = "Low" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await app.PostAsync($"{Api}/{id}/notes", assistant, new { text = "Mevrouw hoort slecht, langs gaan." })).Status);

        var (json, _) = await ExportAsync(email);
        var part = JsonDocument.Parse(json).RootElement.GetProperty("helprequests");
        var request = part.GetProperty("requests").EnumerateArray().Single();
        Assert.Equal(id, request.GetProperty("Id").GetInt32());
        Assert.Equal("Ik zoek iemand die mijn gordijnen ophangt.", request.GetProperty("Description").GetString());
        Assert.Equal("Ik kan niet op een trap staan.", request.GetProperty("HealthDetails").GetString());
        Assert.Equal("Mevrouw hoort slecht, langs gaan.", request.GetProperty("Notes")[0].GetProperty("Text").GetString());
        Assert.Equal(Groz.Web.Features.HelpRequests.HelpRequests.ConsentTextVersion, request.GetProperty("Consents")[0].GetProperty("TextVersion").GetString());
        Assert.Equal(["New", "Triaged"], request.GetProperty("History").EnumerateArray().Select(h => h.GetProperty("To").GetString()!).ToArray());
        Assert.Equal(["you", "staff"], request.GetProperty("History").EnumerateArray().Select(h => h.GetProperty("By").GetString()!).ToArray());
        // The note's author and the assistant who took a step are the staff member's data.
        var assistantId = await app.UserIdAsync(HelpApp.Email(GrozRole.Buurtassistent));
        Assert.DoesNotContain(assistantId, part.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Samira", part.GetRawText(), StringComparison.Ordinal);
        // Someone else's question is not in it.
        Assert.DoesNotContain("Wie kan op vrijdag boodschappen", part.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_volunteers_export_has_their_asks_and_help_but_not_the_residents_story_or_phone()
    {
        var (id, _) = await app.AskedAsync(health: "Ik heb suikerziekte.");
        var (json, _) = await ExportAsync(HelpApp.Email(GrozRole.Volunteer));
        var part = JsonDocument.Parse(json).RootElement.GetProperty("helprequests");
        Assert.Contains(part.GetProperty("asksAsVolunteer").EnumerateArray(), a => a.GetProperty("HelpRequestId").GetInt32() == id && a.GetProperty("Answer").GetString() == "Pending");
        Assert.NotEmpty(part.GetProperty("volunteerProfiles").EnumerateArray());
        var text = part.GetRawText();
        Assert.DoesNotContain("boodschappen", text, StringComparison.Ordinal);
        Assert.DoesNotContain("suikerziekte", text, StringComparison.Ordinal);
        Assert.DoesNotContain("06 12345678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Fatima", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_clears_the_personal_data_withdraws_consents_and_open_asks_and_keeps_every_count()
    {
        const string email = "wis.bewoner@example.org";
        const string volunteerEmail = "wis.vrijwilliger@example.org";
        await MemberAsync(email, "Wim Wissen");
        var volunteerId = await MemberAsync(volunteerEmail, "Vera Wissen");
        var assistant = await app.AssistantAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Put, Api + "/profile", await app.TokenAsync(volunteerEmail),
            new { categories = new[] { "Groceries" }, wijkIds = new[] { await app.HomeWijkAsync() }, available = true })).Status);

        // A finished question, an open one with an open ask, and another resident's question the erased volunteer was asked for.
        var closed = await app.AskAsync(email, "Wie brengt mij naar de fysiotherapeut?", health: "Ik heb een nieuwe heup.");
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{closed}/triage", assistant, new { category = "Transport", urgency = "High" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await app.PostAsync($"{Api}/{closed}/notes", assistant, new { text = "Dochter regelt het toch zelf." })).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{closed}/close", assistant, new { outcome = "NoLongerNeeded" })).Status);
        var open = await app.AskAsync(email, "Wie doet mijn boodschappen op maandag?");
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{open}/triage", assistant, new { category = "Groceries", urgency = "Normal" })).Status);
        var demoVolunteer = await app.UserIdAsync(HelpApp.Email(GrozRole.Volunteer));
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{open}/asks", assistant, new { volunteerUserIds = new[] { demoVolunteer } })).Status);
        var other = await app.AskAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{other}/triage", assistant, new { category = "Groceries", urgency = "Normal" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{other}/asks", assistant, new { volunteerUserIds = new[] { volunteerId } })).Status);

        var counts = await CountsAsync();
        var closedBefore = await app.DbAsync(db => db.HelpRequests.AsNoTracking().SingleAsync(r => r.Id == closed));
        var (_, erase) = await ExportAsync(email);
        await erase();
        var (_, eraseVolunteer) = await ExportAsync(volunteerEmail);
        await eraseVolunteer();

        await app.DbAsync(async db =>
        {
            var c = await db.HelpRequests.AsNoTracking().SingleAsync(r => r.Id == closed);
            Assert.Equal((HelpPseudonymisation.Placeholder, HelpPseudonymisation.Placeholder), (c.ContactName, c.Description));
            Assert.Null(c.HealthDetails);
            Assert.Null(c.ContactPhone);
            Assert.Null(c.ResidentUserId);
            Assert.NotNull(c.PseudonymisedAt);
            // What the reports read stays as it was.
            Assert.Equal((closedBefore.Category, closedBefore.Urgency, closedBefore.Status, closedBefore.Outcome, closedBefore.CreatedAt, closedBefore.FirstResponseAt, closedBefore.ClosedAt),
                (c.Category, c.Urgency, c.Status, c.Outcome, c.CreatedAt, c.FirstResponseAt, c.ClosedAt));
            Assert.False(await db.HelpNotes.AnyAsync(n => n.HelpRequestId == closed));
            Assert.False(await db.HelpConsents.AnyAsync(x => (x.HelpRequestId == closed || x.HelpRequestId == open) && x.WithdrawnAt == null));
            Assert.True(await db.HelpConsents.AnyAsync(x => x.HelpRequestId == closed));

            var o = await db.HelpRequests.AsNoTracking().SingleAsync(r => r.Id == open);
            Assert.Equal((HelpStatus.Withdrawn, (HelpOutcome?)HelpOutcome.Withdrawn), (o.Status, o.Outcome));
            Assert.Equal(HelpPseudonymisation.Placeholder, o.Description);
            Assert.Equal(AskAnswer.Withdrawn, await db.HelpMatchAsks.Where(a => a.HelpRequestId == open).Select(a => a.Answer).SingleAsync());

            // The erased volunteer's open ask ended, and nobody else was asked: back to the assistant.
            Assert.Equal(AskAnswer.Withdrawn, await db.HelpMatchAsks.Where(a => a.HelpRequestId == other && a.VolunteerUserId == volunteerId).Select(a => a.Answer).SingleAsync());
            Assert.Equal(HelpStatus.Triaged, await db.HelpRequests.Where(r => r.Id == other).Select(r => r.Status).SingleAsync());
            Assert.Equal("Wie kan op vrijdag boodschappen voor mij doen?", await db.HelpRequests.Where(r => r.Id == other).Select(r => r.Description).SingleAsync());
            Assert.False(await db.HelpVolunteerProfiles.AnyAsync(p => p.UserId == volunteerId));
        });

        // Every count stays, except the two steps the erasure took (open: asked → withdrawn; other: asked → triaged).
        var after = await CountsAsync();
        var (beforeRows, beforeSteps) = (counts.Split('|')[0], int.Parse(counts.Split('|')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(beforeSteps + 2, int.Parse(after.Split('|')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Total(beforeRows), Total(after.Split('|')[0]));
        Assert.Contains("Transport/High/Closed/NoLongerNeeded=", after, StringComparison.Ordinal);
        Assert.Equal(Part(beforeRows, "Transport/High/Closed/NoLongerNeeded"), Part(after, "Transport/High/Closed/NoLongerNeeded"));
    }

    private static int Total(string rows) => rows.Split(';', StringSplitOptions.RemoveEmptyEntries).Sum(r => int.Parse(r.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));

    private static string Part(string rows, string key) => rows.Split('|')[0].Split(';').Single(r => r.StartsWith(key + "=", StringComparison.Ordinal));

    [Fact]
    public async Task Questions_entered_for_others_and_help_given_are_in_the_export_without_the_resident_and_erasure_unlinks_the_finished_ones()
    {
        const string proEmail = "wis.professional@example.org";
        const string volunteerEmail = "wis.helper@example.org";
        var proId = await MemberAsync(proEmail, "Paula Professional");
        var volunteerId = await MemberAsync(volunteerEmail, "Hans Helper");
        var leerregio = await app.DbAsync(db => db.Leerregios.Where(l => l.Slug == "utrecht").Select(l => l.Id).SingleAsync());
        await app.DbAsync(async db =>
        {
            db.RoleAssignments.Add(new RoleAssignment { UserId = proId, Role = GrozRole.Professional, LeerregioId = leerregio });
            await db.SaveChangesAsync();
        });
        var assistant = await app.AssistantAsync();
        var entered = await app.PostAsync($"{Api}/on-behalf", await app.TokenAsync(proEmail), new
        {
            leerregioId = leerregio, contactName = "Greet van Leeuwen", processingConsent = true, category = "Transport",
            description = "Naar de tandarts op dinsdag.", contactPreference = "Phone", contactPhone = "030 7654321", wijkId = await app.HomeWijkAsync(),
        });
        Assert.True(entered.Status == HttpStatusCode.Created, entered.ToString());
        var enteredId = (int)entered.Id;
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{enteredId}/triage", assistant, new { category = "Transport", urgency = "Normal" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{enteredId}/close", assistant, new { outcome = "NoLongerNeeded" })).Status);

        // A question the new volunteer helped with, to the end.
        var volunteerToken = await app.TokenAsync(volunteerEmail);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Put, Api + "/profile", volunteerToken,
            new { categories = new[] { "Groceries" }, wijkIds = new[] { await app.HomeWijkAsync() }, available = true })).Status);
        var helped = await app.AskAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{helped}/triage", assistant, new { category = "Groceries", urgency = "Normal" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{helped}/asks", assistant, new { volunteerUserIds = new[] { volunteerId } })).Status);
        var askId = await app.DbAsync(db => db.HelpMatchAsks.Where(a => a.HelpRequestId == helped && a.VolunteerUserId == volunteerId).Select(a => a.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/asks/{askId}/accept", volunteerToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{helped}/start", volunteerToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{helped}/done", volunteerToken, new { minutes = 0 })).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{helped}/follow-up", assistant, new { answer = "Yes" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{Api}/{helped}/close", assistant, new { outcome = "Helped" })).Status);

        var (proJson, erasePro) = await ExportAsync(proEmail);
        var proPart = JsonDocument.Parse(proJson).RootElement.GetProperty("helprequests");
        Assert.Contains(proPart.GetProperty("enteredForOthers").EnumerateArray(), r => r.GetProperty("Id").GetInt32() == enteredId && r.GetProperty("Status").GetString() == "Closed");
        Assert.DoesNotContain("Greet", proPart.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("tandarts", proPart.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("7654321", proPart.GetRawText(), StringComparison.Ordinal);
        var (volunteerJson, eraseVolunteer) = await ExportAsync(volunteerEmail);
        var root = JsonDocument.Parse(volunteerJson).RootElement;
        Assert.Contains(root.GetProperty("helprequests").GetProperty("helpedAsVolunteer").EnumerateArray(), r => r.GetProperty("Id").GetInt32() == helped);
        Assert.Contains(root.GetProperty("notifications").EnumerateArray(), n => n.GetProperty("Kind").GetString() == "help.asked");

        var counts = await CountsAsync();
        await erasePro();
        await eraseVolunteer();
        await app.DbAsync(async db =>
        {
            Assert.Null(await db.HelpRequests.Where(r => r.Id == enteredId).Select(r => r.EnteredByUserId).SingleAsync());
            Assert.Null(await db.HelpRequests.Where(r => r.Id == helped).Select(r => r.MatchedVolunteerUserId).SingleAsync());
            Assert.False(await db.Set<Groz.Web.Features.Notifications.Notification>().AnyAsync(n => n.UserId == volunteerId));
        });
        Assert.Equal(counts, await CountsAsync());
    }
}
