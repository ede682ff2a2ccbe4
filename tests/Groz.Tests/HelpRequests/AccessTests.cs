using System.Net;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.HelpRequests;

/// <summary>
/// Who may see and do what with a request of the demo resident in Utrecht Oost (leerregio utrecht). Every cell is a
/// real API call; a refused write changes nothing in the database.
/// </summary>
public sealed class AccessTests(HelpApp app) : IClassFixture<HelpApp>
{
    private const string Api = HelpApp.Api;

    // On a fresh New request:  view = GET {id} · hist = GET history · who = GET views · notes = GET notes · sugg = GET suggestions
    //                          note = POST notes · triage = POST triage · withdraw = POST withdraw
    // On a request where the demo volunteer was asked: asked = GET {id}
    // 401 = not signed in · 403 = may see it but not do this · 404 = does not exist for the caller
    private static readonly string[] Matrix =
    [
        // role                    | view hist who  notes sugg | note triage withdraw | asked
        "Anonymous                 | 401  401  401  401   401  | 401  401    401      | 401",
        "Resident                  | 200  200  200  404   404  | 403  403    200      | 200",
        "OtherResident             | 404  404  404  404   404  | 404  404    404      | 404",
        "Volunteer                 | 404  404  404  404   404  | 404  404    404      | 200",
        "VolunteerOtherWijk        | 404  404  404  404   404  | 404  404    404      | 404",
        "Professional              | 404  404  404  404   404  | 404  404    404      | 404",
        "Buurtassistent            | 200  200  404  200   200  | 201  200    200      | 200",
        "BuurtassistentOtherWijk   | 404  404  404  404   404  | 404  404    404      | 404",
        "Coordinator               | 200  200  404  200   200  | 201  200    200      | 200",
        "CoordinatorLeidscheRijn   | 404  404  404  404   404  | 404  404    404      | 404",
    ];

    public static TheoryData<string> Roles => new(Matrix.Select(r => r.Split('|')[0].Trim()));

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Each_role_gets_the_outcome_of_the_matrix(string role)
    {
        await app.EnsureOtherWijkMembersAsync();
        var row = Matrix.Single(r => r.Split('|')[0].Trim() == role).Split('|');
        var email = role switch
        {
            "Anonymous" => null,
            "OtherResident" => HelpApp.Email(GrozRole.Student),
            "VolunteerOtherWijk" => HelpApp.OtherWijkVolunteer,
            "BuurtassistentOtherWijk" => HelpApp.OtherWijkAssistant,
            "CoordinatorLeidscheRijn" => HelpApp.Email(GrozRole.Coordinator, "leidsche-rijn"),
            _ => HelpApp.Email(Enum.Parse<GrozRole>(role)),
        };
        var token = email is null ? null : await app.TokenAsync(email);
        var id = await app.AskAsync();
        var (asked, _) = await app.AskedAsync();

        var reads = new List<string>();
        foreach (var url in new[] { $"{Api}/{id}", $"{Api}/{id}/history", $"{Api}/{id}/views", $"{Api}/{id}/notes", $"{Api}/{id}/suggestions" })
        {
            reads.Add(Code(await app.GetAsync(url, token)));
        }
        var writes = new List<string>();
        foreach (var (url, body) in new (string, object)[]
                 {
                     ($"{Api}/{id}/notes", new { text = "Notitie van " + role }),
                     ($"{Api}/{id}/triage", new { category = "Transport", urgency = "High" }),
                     ($"{Api}/{id}/withdraw", new { }),
                 })
        {
            var before = await app.SnapshotAsync(id);
            var reply = await app.PostAsync(url, token, body);
            writes.Add(Code(reply));
            if (reply.Status is not (HttpStatusCode.OK or HttpStatusCode.Created))
            {
                Assert.Equal(before, await app.SnapshotAsync(id));
                if (reply.Status != HttpStatusCode.Unauthorized)
                {
                    // ProblemDetails with a title that says why.
                    Assert.Equal("application/problem+json", reply.MediaType);
                    Assert.False(string.IsNullOrEmpty(reply.Json.GetProperty("title").GetString()));
                }
            }
        }
        var askedView = Code(await app.GetAsync($"{Api}/{asked}", token));

        Assert.Equal(string.Join(' ', row[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)), string.Join(' ', reads));
        Assert.Equal(string.Join(' ', row[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)), string.Join(' ', writes));
        Assert.Equal(row[3].Trim(), askedView);
    }

    [Fact]
    public async Task A_volunteer_of_another_wijk_cannot_be_asked_and_nothing_changes()
    {
        await app.EnsureOtherWijkMembersAsync();
        var id = await app.AskAsync();
        var assistant = await app.AssistantAsync();
        await app.PostAsync($"{Api}/{id}/triage", assistant, new { category = "Groceries", urgency = "Normal" });
        var before = await app.SnapshotAsync(id);
        var other = await app.UserIdAsync(HelpApp.OtherWijkVolunteer);
        var reply = await app.PostAsync($"{Api}/{id}/asks", assistant, new { volunteerUserIds = new[] { other } });
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("/problems/volunteer-not-in-wijk", reply.ProblemType);
        Assert.Contains("wijk", reply.Text, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(id));
        // And the suggestions never offer them.
        var suggestions = await app.GetAsync($"{Api}/{id}/suggestions", assistant);
        Assert.DoesNotContain(other, suggestions.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_of_another_wijk_or_leerregio_do_not_exist_for_their_staff()
    {
        await app.EnsureOtherWijkMembersAsync();
        var id = await app.AskAsync();
        using var other = app.NewClient();
        await Groz.Tests.Support.AccountHelpers.SignInWithTwoFactorAsync(app, other, HelpApp.OtherWijkAssistant);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/beheer/hulpvragen/utrecht/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/hulpvragen/{id}")).Status);
        var queue = await other.GetAsync("/beheer/hulpvragen/utrecht");
        Assert.Equal(HttpStatusCode.OK, queue.Status);
        Assert.Null(queue.Html.QuerySelector($"a[href='/beheer/hulpvragen/utrecht/{id}']"));

        using var lr = app.NewClient();
        await Groz.Tests.Support.AccountHelpers.SignInAsDemoAsync(app, lr, GrozRole.Coordinator, "leidsche-rijn");
        Assert.Equal(HttpStatusCode.NotFound, (await lr.GetAsync("/beheer/hulpvragen/utrecht")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await lr.GetAsync($"/beheer/hulpvragen/utrecht/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await lr.GetAsync($"/beheer/hulpvragen/leidsche-rijn/{id}")).Status);
        Assert.Equal(0, await app.ViewsAsync(id));
    }

    private static string Code(Groz.Tests.TimeBank.Reply reply) => ((int)reply.Status).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
