using System.Net;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.HelpRequests;

/// <summary>Need-to-know: every view of a request's personal data is audited, the resident sees who looked, and withdrawn consent stops sharing.</summary>
public sealed class PrivacyTests(HelpApp app) : IClassFixture<HelpApp>
{
    private const string Api = HelpApp.Api;

    [Fact]
    public async Task Every_view_by_someone_else_is_audited_and_the_resident_sees_who_looked()
    {
        var (id, link) = await app.AskedAsync();
        Assert.Equal(0, await app.ViewsAsync(id));

        // The resident's own views are not "someone looking at my data".
        await app.GetAsync($"{Api}/{id}", await app.TokenAsync(HelpApp.Email(GrozRole.Resident)));
        Assert.Equal(0, await app.ViewsAsync(id));

        await app.GetAsync($"{Api}/{id}", await app.AssistantAsync());
        Assert.Equal(1, await app.ViewsAsync(id));
        await app.GetAsync($"{Api}/{id}", await app.TokenAsync(HelpApp.Email(GrozRole.Volunteer)));
        Assert.Equal(2, await app.ViewsAsync(id));

        using var assistant = app.NewClient();
        await Groz.Tests.Support.AccountHelpers.SignInAsDemoAsync(app, assistant, GrozRole.Buurtassistent);
        Assert.Equal(HttpStatusCode.OK, (await assistant.GetAsync($"/beheer/hulpvragen/utrecht/{id}")).Status);
        Assert.Equal(3, await app.ViewsAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await assistant.GetAsync($"/hulpvragen/{id}")).Status);
        Assert.Equal(4, await app.ViewsAsync(id));
        // The queue lists no personal data: no audit entry.
        await assistant.GetAsync("/beheer/hulpvragen/utrecht");
        Assert.Equal(4, await app.ViewsAsync(id));

        using var anonymous = app.NewClient();
        await anonymous.GetAsync(link);
        Assert.Equal(5, await app.ViewsAsync(id));

        using var resident = app.NewClient();
        await resident.SignInAsync(HelpApp.Email(GrozRole.Resident));
        var page = await resident.GetAsync($"/hulpvragen/{id}/inzage");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(5, page.Html.QuerySelectorAll("tbody tr").Count(tr => tr.TextContent.Contains("Bekeken", StringComparison.Ordinal)));
        Assert.Contains("Samira El Amrani", page.Text, StringComparison.Ordinal);
        Assert.Contains("Joost Bakker", page.Text, StringComparison.Ordinal);
        var api = await app.GetAsync($"{Api}/{id}/views", await app.TokenAsync(HelpApp.Email(GrozRole.Resident)));
        Assert.Equal(5, api.Json.EnumerateArray().Count(v => v.GetProperty("action").GetString() == "helprequest.viewed"));
    }

    [Fact]
    public async Task A_volunteer_sees_only_what_they_need_and_never_notes()
    {
        var (id, _) = await app.AskedAsync(health: "Ik ben slechtziend.");
        var assistant = await app.AssistantAsync();
        await app.PostAsync($"{Api}/{id}/notes", assistant, new { text = "Geheime notitie" });
        var volunteer = await app.TokenAsync(HelpApp.Email(GrozRole.Volunteer));
        var asked = await app.GetAsync($"{Api}/{id}", volunteer);
        Assert.Equal("Fatima", asked.Json.GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, asked.Json.GetProperty("phone").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, asked.Json.GetProperty("healthDetails").ValueKind);
        Assert.DoesNotContain("Geheime", asked.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{Api}/{id}/notes", volunteer)).Status);

        var askId = await app.DbAsync(db => db.HelpMatchAsks.Where(a => a.HelpRequestId == id).Select(a => a.Id).SingleAsync());
        await app.PostAsync($"{Api}/asks/{askId}/accept", volunteer);
        var matched = await app.GetAsync($"{Api}/{id}", volunteer);
        Assert.Equal("06 12345678", matched.Json.GetProperty("phone").GetString());
        Assert.Equal("Ik ben slechtziend.", matched.Json.GetProperty("healthDetails").GetString());
        Assert.Equal("Fatima", matched.Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Withdrawing_consent_stops_sharing_health_details_with_the_volunteer_at_once()
    {
        var id = await app.MatchedAsync(health: "Ik heb suikerziekte.");
        var volunteer = await app.TokenAsync(HelpApp.Email(GrozRole.Volunteer));
        Assert.Equal("Ik heb suikerziekte.", (await app.GetAsync($"{Api}/{id}", volunteer)).Json.GetProperty("healthDetails").GetString());

        using var resident = app.NewClient();
        await resident.SignInAsync(HelpApp.Email(GrozRole.Resident));
        var page = await resident.GetAsync($"/hulpvragen/{id}");
        var form = page.Html.QuerySelector("form[action*='handler=WithdrawConsent']");
        Assert.NotNull(form);
        var after = await resident.SubmitAsync(page, new Dictionary<string, string>(), "form[action*='handler=WithdrawConsent']");
        Assert.Equal(HttpStatusCode.Redirect, after.Status);

        var view = await app.GetAsync($"{Api}/{id}", volunteer);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.Json.GetProperty("healthDetails").ValueKind);
        Assert.False(view.Json.GetProperty("healthConsent").GetBoolean());
        using var volunteerClient = app.NewClient();
        await volunteerClient.SignInAsync(HelpApp.Email(GrozRole.Volunteer));
        Assert.DoesNotContain("suikerziekte", (await volunteerClient.GetAsync($"/hulpvragen/{id}")).Text, StringComparison.Ordinal);
        await app.DbAsync(async db =>
        {
            var consent = await db.HelpConsents.SingleAsync(c => c.HelpRequestId == id);
            Assert.NotNull(consent.WithdrawnAt);
            Assert.Equal(await db.Users.Where(u => u.Email == HelpApp.Email(GrozRole.Resident)).Select(u => u.Id).SingleAsync(), consent.WithdrawnByUserId);
        });
        // Staff still see them (they need to know what not to share).
        Assert.Equal("Ik heb suikerziekte.", (await app.GetAsync($"{Api}/{id}", await app.AssistantAsync())).Json.GetProperty("healthDetails").GetString());
    }

    [Fact]
    public async Task Health_details_without_consent_are_refused_rather_than_kept()
    {
        var reply = await app.PostAsync(Api, await app.TokenAsync(HelpApp.Email(GrozRole.Resident)), new
        {
            category = "Groceries", description = "Boodschappen", healthDetails = "Ik ben ziek", shareHealthConsent = false,
            contactPreference = "Platform", wijkId = await app.HomeWijkAsync(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty("shareHealthConsent", out _));
    }
}
