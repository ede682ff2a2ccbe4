using System.Net;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Collaboration;
using Groz.Web.Features.SocialMap;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Collaboration;

/// <summary>
/// The effectiveness check: only people of a member organisation answer, once per quarter (again replaces), the average
/// per quarter is hidden below five answers for everyone but the leerregio's coordinators, and the texts are theirs only.
/// </summary>
public sealed class EffectivenessTests(CollaborationApp app) : IClassFixture<CollaborationApp>
{
    private const string Base = "/api/v1/collaboration";

    /// <summary>A collaboration of two organisations, with <paramref name="people"/> accounts linked to the first.</summary>
    private async Task<(int Id, List<string> Emails)> CollaborationWithPeopleAsync(string name, int people)
    {
        var orgs = await app.OrganisationsAsync();
        var leerregioId = await app.LeerregioIdAsync();
        var emails = new List<string>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
        var c = new Web.Features.Collaboration.Collaboration
        {
            LeerregioId = leerregioId, Name = name, Type = CollaborationType.Network, Status = CollaborationStatus.Active, StartsOn = new DateOnly(2025, 1, 1),
            Members = [new CollaborationMember { OrganizationId = orgs[0] }, new CollaborationMember { OrganizationId = orgs[1] }],
        };
        db.Collaborations.Add(c);
        await db.SaveChangesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
        for (var i = 0; i < people; i++)
        {
            var email = $"deelnemer{i}.{c.Id}@example.net";
            var user = new GrozUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Deelnemer " + i, LeerregioId = leerregioId, CreatedAt = DateTimeOffset.UnixEpoch };
            Assert.True((await users.CreateAsync(user, DemoData.DemoPassword)).Succeeded);
            db.SmOrganizationMembers.Add(new OrganizationMember { LeerregioId = leerregioId, OrganizationId = orgs[0], UserId = user.Id, AddedAt = DateTimeOffset.UnixEpoch });
            emails.Add(email);
        }
        await db.SaveChangesAsync();
        return (c.Id, emails);
    }

    private async Task<Page> AnswerAsync(string email, int id, string working, string? helps = null)
    {
        using var client = app.NewClient();
        await client.SignInAsync(email);
        return await client.PostFormAsync($"/samenwerking/utrecht/verband/{id}/werkt-het",
            new Dictionary<string, string> { ["Input.Working"] = working, ["Input.Helps"] = helps ?? "" });
    }

    [Fact]
    public async Task Download_my_data_holds_my_answers_and_erasure_removes_their_text_but_keeps_the_score()
    {
        var (id, emails) = await CollaborationWithPeopleAsync("Privacy-verband", 2);
        Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(emails[0], id, "4", "Korte lijnen met de huisarts van Jan")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(emails[1], id, "2", "Niemand trekt het")).Status);

        await using var scope = app.Services.CreateAsyncScope();
        var personal = scope.ServiceProvider.GetRequiredService<PersonalData>();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>().FindByEmailAsync(emails[0]))!;
        var export = System.Text.Json.JsonSerializer.Serialize((await personal.ExportAsync(user))["collaboration"]);
        Assert.Contains("Privacy-verband", export, StringComparison.Ordinal);
        Assert.Contains("Korte lijnen met de huisarts van Jan", export, StringComparison.Ordinal);
        Assert.DoesNotContain("Niemand trekt het", export, StringComparison.Ordinal);

        await personal.EraseAsync(user);

        var answers = await app.DbAsync(db => db.EffectivenessAnswers.AsNoTracking().Where(a => a.CollaborationId == id).OrderBy(a => a.Working).ToListAsync());
        Assert.Equal([2, 4], answers.Select(a => a.Working));
        Assert.Null(answers[1].Helps);
        Assert.Equal("Niemand trekt het", answers[0].Helps);
    }

    [Fact]
    public async Task Participants_answer_once_per_quarter_and_the_average_shows_from_five_answers_except_to_coordinators()
    {
        var (id, emails) = await CollaborationWithPeopleAsync("Check-verband", 5);
        foreach (var (email, i) in emails.Take(4).Select((e, i) => (e, i)))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(email, id, (i % 2 == 0 ? 4 : 2).ToString(System.Globalization.CultureInfo.InvariantCulture), "De vaste overleggen")).Status);
        }
        // Again in the same quarter: replaces, does not add.
        await AnswerAsync(emails[0], id, "5");
        Assert.Equal(4, await app.DbAsync(db => db.EffectivenessAnswers.CountAsync(a => a.CollaborationId == id)));

        var open = await app.GetAsync($"{Base}/collaborations/{id}/effectiveness", null);
        var quarter = open.Json.EnumerateArray().Single();
        Assert.Equal(4, quarter.GetProperty("answers").GetInt32());
        Assert.True(quarter.GetProperty("suppressed").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, quarter.GetProperty("average").ValueKind);
        var coordinatorToken = await app.TokenAsync(GrozRole.Coordinator);
        var forCoordinator = (await app.GetAsync($"{Base}/collaborations/{id}/effectiveness", coordinatorToken)).Json.EnumerateArray().Single();
        Assert.Equal(3.3m, forCoordinator.GetProperty("average").GetDecimal()); // (5 + 2 + 4 + 2) / 4 = 3.25 → 3.3

        await AnswerAsync(emails[4], id, "1");
        quarter = (await app.GetAsync($"{Base}/collaborations/{id}/effectiveness", null)).Json.EnumerateArray().Single();
        Assert.False(quarter.GetProperty("suppressed").GetBoolean());
        Assert.Equal(2.8m, quarter.GetProperty("average").GetDecimal()); // 14 / 5

        // The detail page: the same number for everyone; the texts only for the coordinators.
        using var visitor = app.NewClient();
        var page = await visitor.GetAsync($"/samenwerking/utrecht/verband/{id}");
        Assert.Contains("2,8", page.Html.QuerySelector("table.effectiveness tbody")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("De vaste overleggen", page.Text, StringComparison.Ordinal);
        using var coordinator = app.NewClient();
        await app.SignInWithTwoFactorAsync(coordinator, TimeBank.TimeBankApp.Email(GrozRole.Coordinator));
        Assert.Contains("De vaste overleggen", (await coordinator.GetAsync($"/samenwerking/utrecht/verband/{id}")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_has_answers_over_two_quarters_with_averages_for_one_and_the_hiding_rule_for_another_and_seeding_again_adds_none()
    {
        async Task<List<System.Text.Json.JsonElement>> QuartersAsync(string name, string? token = null)
        {
            var id = await app.DbAsync(db => db.Collaborations.Where(c => c.Name == name).Select(c => c.Id).SingleAsync());
            var reply = await app.GetAsync($"{Base}/collaborations/{id}/effectiveness", token);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            return [.. reply.Json.EnumerateArray()];
        }
        var shown = await QuartersAsync("Leefstijlnetwerk Nieuwegein");
        Assert.Equal(2, shown.Count);
        Assert.All(shown, q => Assert.True(q.GetProperty("answers").GetInt32() >= Effectiveness.MinAnswers));
        Assert.All(shown, q => Assert.False(q.GetProperty("suppressed").GetBoolean()));
        Assert.Equal([3.8m, 4.0m], shown.Select(q => q.GetProperty("average").GetDecimal())); // 23 / 6 and 20 / 5
        var hidden = await QuartersAsync("Wijksamenwerking Utrecht Oost");
        Assert.Equal(2, hidden.Count);
        Assert.All(hidden, q => Assert.True(q.GetProperty("suppressed").GetBoolean()));
        Assert.All(hidden, q => Assert.Equal(System.Text.Json.JsonValueKind.Null, q.GetProperty("average").ValueKind));
        // The coordinators steer it, so they see the average anyway.
        Assert.All(await QuartersAsync("Wijksamenwerking Utrecht Oost", await app.TokenAsync(GrozRole.Coordinator)), q => Assert.NotEqual(System.Text.Json.JsonValueKind.Null, q.GetProperty("average").ValueKind));
        var mixed = await QuartersAsync("Gezonde Wijkalliantie Leidsche Rijn en Vleuten-De Meern");
        Assert.Equal([false, true], mixed.Select(q => q.GetProperty("suppressed").GetBoolean()));

        // The results page shows them to a visitor.
        using var visitor = app.NewClient();
        var nieuwegein = await app.DbAsync(db => db.Collaborations.Where(c => c.Name == "Leefstijlnetwerk Nieuwegein").Select(c => c.Id).SingleAsync());
        var page = await visitor.GetAsync($"/samenwerking/utrecht/verband/{nieuwegein}");
        Assert.Contains("3,8", page.Html.QuerySelector("table.effectiveness tbody")!.TextContent, StringComparison.Ordinal);

        var before = await app.DbAsync(db => db.EffectivenessAnswers.CountAsync());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await CollaborationDemo.SeedAsync(scope.ServiceProvider);
        }
        Assert.Equal(before, await app.DbAsync(db => db.EffectivenessAnswers.CountAsync()));
    }

    [Fact]
    public async Task Someone_outside_the_member_organisations_cannot_answer_and_bad_answers_change_nothing()
    {
        var (id, emails) = await CollaborationWithPeopleAsync("Gesloten verband", 1);
        using var resident = app.NewClient();
        await resident.SignInAsync(TimeBank.TimeBankApp.Email(GrozRole.Resident));
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/samenwerking/utrecht/verband/{id}/werkt-het")).Status);
        var residentToken = await app.TokenAsync(GrozRole.Resident);
        var refused = await app.SendAsync(HttpMethod.Post, $"{Base}/collaborations/{id}/effectiveness", residentToken, new { working = 4 });
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("/problems/not-a-participant", refused.Json.GetProperty("type").GetString());

        var bad = await AnswerAsync(emails[0], id, "9");
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.NotNull(bad.Html.GetElementById("Input_Working-error"));
        Assert.Equal("Input_Working-error", bad.Html.GetElementById("Input_Working")!.GetAttribute("aria-describedby"));
        Assert.Equal(0, await app.DbAsync(db => db.EffectivenessAnswers.CountAsync(a => a.CollaborationId == id)));
        // Another leerregio's address for this collaboration: not found.
        using var participant = app.NewClient();
        await participant.SignInAsync(emails[0]);
        Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync($"/samenwerking/leidsche-rijn/verband/{id}/werkt-het")).Status);
    }
}
