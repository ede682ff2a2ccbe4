using System.Net;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.HelpRequests;

/// <summary>Bad input gets a clear message at the right field, and nothing changes in the database.</summary>
public sealed class BadInputTests(HelpApp app) : IClassFixture<HelpApp>
{
    private const string Api = HelpApp.Api;

    public static TheoryData<string, string> BadQuestions => new()
    {
        { "description", """{"category":"Groceries","description":"   ","contactPreference":"Platform","wijkId":WIJK}""" },
        { "description", """{"category":"Groceries","description":"LONG","contactPreference":"Platform","wijkId":WIJK}""" },
        { "category", """{"description":"Boodschappen","contactPreference":"Platform","wijkId":WIJK}""" },
        { "preferredDate", """{"category":"Groceries","description":"Boodschappen","contactPreference":"Platform","wijkId":WIJK,"preferredDate":"2001-01-01"}""" },
        { "preferredUntil", """{"category":"Groceries","description":"Boodschappen","contactPreference":"Platform","wijkId":WIJK,"preferredFrom":"16:00:00","preferredUntil":"09:00:00"}""" },
        { "contactPhone", """{"category":"Groceries","description":"Boodschappen","contactPreference":"Phone","wijkId":WIJK}""" },
        { "contactEmail", """{"category":"Groceries","description":"Boodschappen","contactPreference":"Email","contactEmail":"geen-adres","wijkId":WIJK}""" },
        { "wijkId", """{"category":"Groceries","description":"Boodschappen","contactPreference":"Platform","wijkId":OTHERWIJK}""" },
    };

    [Theory]
    [MemberData(nameof(BadQuestions))]
    public async Task A_bad_question_is_refused_at_its_field_and_not_stored(string field, string json)
    {
        var otherWijk = await app.HomeWijkAsync("leidsche-rijn");
        json = json.Replace("WIJK", (await app.HomeWijkAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("OTHER" + (await app.HomeWijkAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), otherWijk.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("LONG", new string('x', HelpRequest.MaxDescription + 1), StringComparison.Ordinal);
        var before = await app.DbAsync(db => db.HelpRequests.CountAsync());
        var reply = await app.SendAsync(HttpMethod.Post, Api, await app.TokenAsync(HelpApp.Email(GrozRole.Resident)), rawJson: json, key: Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty(field, out var messages), reply.Text);
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(before, await app.DbAsync(db => db.HelpRequests.CountAsync()));
    }

    [Fact]
    public async Task Html_and_script_are_stored_as_text_and_shown_escaped()
    {
        const string evil = "<script>alert('x')</script><b>vet</b>";
        var id = await app.AskAsync(description: evil);
        Assert.Equal(evil, await app.DbAsync(db => db.HelpRequests.Where(r => r.Id == id).Select(r => r.Description).SingleAsync()));
        using var assistant = app.NewClient();
        await Groz.Tests.Support.AccountHelpers.SignInAsDemoAsync(app, assistant, GrozRole.Buurtassistent);
        var page = await assistant.GetAsync($"/beheer/hulpvragen/utrecht/{id}");
        var raw = await page.Response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", raw, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", raw, StringComparison.Ordinal);
        Assert.Equal(evil, page.Html.QuerySelector("p.user-text")!.TextContent);
    }

    [Fact]
    public async Task The_form_on_a_phone_refuses_an_impossible_date_and_keeps_what_was_typed()
    {
        using var resident = app.NewClient();
        await resident.SignInAsync(HelpApp.Email(GrozRole.Resident));
        var before = await app.DbAsync(db => db.HelpRequests.CountAsync());
        var form = await resident.GetAsync("/hulpvragen/vragen");
        var reply = await resident.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Category"] = "Groceries", ["Input.Description"] = "Boodschappen op vrijdag", ["Input.PreferredDate"] = "30-02-2027",
            ["Input.ContactPreference"] = "Platform",
        });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.NotNull(reply.Html.QuerySelector("#Input_PreferredDate[aria-invalid=true]"));
        Assert.Contains("Vul een datum in", reply.Html.QuerySelector("#Input_PreferredDate-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Boodschappen op vrijdag", reply.Html.QuerySelector("#Input_Description")!.TextContent);
        Assert.Equal(before, await app.DbAsync(db => db.HelpRequests.CountAsync()));

        var empty = await resident.SubmitAsync(form, new Dictionary<string, string> { ["Input.Description"] = "" });
        Assert.NotNull(empty.Html.QuerySelector(".error-summary a[href='#Input_Category']"));
        Assert.NotNull(empty.Html.QuerySelector("#Input_Description[aria-invalid=true]"));
    }

    public static TheoryData<string, string> Jumps => new()
    {
        { "close", """{"outcome":"Helped"}""" },
        { "done", """{"minutes":60}""" },
        { "start", "{}" },
        { "follow-up", """{"answer":"Yes"}""" },
    };

    [Theory]
    [MemberData(nameof(Jumps))]
    public async Task A_step_that_skips_a_status_is_refused_with_a_message_and_changes_nothing(string step, string body)
    {
        var id = await app.AskAsync();
        var before = await app.SnapshotAsync(id);
        var reply = await app.SendAsync(HttpMethod.Post, $"{Api}/{id}/{step}", await app.TokenAsync(HelpApp.Email(GrozRole.Coordinator)), rawJson: body, key: Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        Assert.Equal("/problems/invalid-transition", reply.ProblemType);
        Assert.Contains("Nieuw", reply.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(id));
    }

    [Fact]
    public async Task Acting_on_a_request_of_another_wijk_says_it_does_not_exist_and_changes_nothing()
    {
        await app.EnsureOtherWijkMembersAsync();
        var id = await app.AskAsync();
        var before = await app.SnapshotAsync(id);
        using var other = app.NewClient();
        await Groz.Tests.Support.AccountHelpers.SignInWithTwoFactorAsync(app, other, HelpApp.OtherWijkAssistant);
        // A form post aimed at the request's page: the page does not exist for them.
        var token = await other.AntiforgeryTokenAsync("/beheer/hulpvragen/utrecht");
        var post = await other.Http.PostAsync($"/beheer/hulpvragen/utrecht/{id}?handler=Triage", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Category"] = "Transport", ["Urgency"] = "High", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var api = await app.PostAsync($"{Api}/{id}/triage", await app.TokenAsync(HelpApp.OtherWijkAssistant), new { category = "Transport", urgency = "High" });
        Assert.Equal(HttpStatusCode.NotFound, api.Status);
        Assert.Equal("Hulpvraag niet gevonden", api.Json.GetProperty("title").GetString());
        Assert.Equal(before, await app.SnapshotAsync(id));
    }

    [Fact]
    public async Task A_forged_or_expired_ask_link_answers_nothing()
    {
        var (id, link) = await app.AskedAsync();
        var before = await app.SnapshotAsync(id);
        using var anonymous = app.NewClient();
        var forged = await anonymous.GetAsync(link[..^4] + "AAAA");
        Assert.Contains("al beantwoord", forged.Text, StringComparison.Ordinal);
        Assert.Null(forged.Html.QuerySelector("form[action*='handler=Accept']"));
        var askId = await app.DbAsync(db => db.HelpMatchAsks.Where(a => a.HelpRequestId == id).Select(a => a.Id).SingleAsync());
        var byApi = await app.PostAsync($"{Api}/asks/{askId}/accept", null, new { token = "verkeerd" });
        Assert.Equal(HttpStatusCode.Unauthorized, byApi.Status);
        Assert.Equal(before, await app.SnapshotAsync(id));

        app.Clock.Offset += TimeSpan.FromDays(4);
        try
        {
            var expired = await app.PostAsync($"{Api}/asks/{askId}/accept", await app.TokenAsync(HelpApp.Email(GrozRole.Volunteer)));
            Assert.Equal(HttpStatusCode.Gone, expired.Status);
            // The expired ask was the only one: the request is back with the assistant (AskExpiryTests).
            Assert.Equal(HelpStatus.Triaged, await app.DbAsync(db => db.HelpRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
        }
        finally
        {
            app.Clock.Offset -= TimeSpan.FromDays(4);
        }
    }
}
