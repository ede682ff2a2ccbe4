using System.Net;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.HelpRequests;

/// <summary>Asks whose link expired, with the clock moved past the expiry (default 3 days): marked on the next read, the request back in triage.</summary>
public sealed class AskExpiryTests(HelpApp app) : IClassFixture<HelpApp>
{
    private static readonly TimeSpan PastExpiry = TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1);

    private async Task<T> LaterAsync<T>(TimeSpan by, Func<Task<T>> action)
    {
        app.Clock.Offset += by;
        try
        {
            return await action();
        }
        finally
        {
            app.Clock.Offset -= by;
        }
    }

    private Task<List<HelpStatusChange>> StepsAsync(int id) => app.DbAsync(db => db.HelpStatusChanges.Where(s => s.HelpRequestId == id).OrderBy(s => s.Id).ToListAsync());

    [Fact]
    public async Task Reading_the_queue_marks_the_expired_ask_and_sends_the_request_back_to_triage()
    {
        var (id, _) = await app.AskedAsync();
        var assistant = await app.AssistantAsync();
        // Not yet: a read before the expiry changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"{HelpApp.Api}/queue?leerregio=utrecht", assistant)).Status);
        Assert.Equal(HelpStatus.Asked, await app.DbAsync(db => db.HelpRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));

        var queue = await LaterAsync(PastExpiry, () => app.GetAsync($"{HelpApp.Api}/queue?leerregio=utrecht", assistant));
        Assert.Contains(queue.Json.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id && i.GetProperty("status").GetString() == "Triaged");
        var ask = await app.DbAsync(db => db.HelpMatchAsks.SingleAsync(a => a.HelpRequestId == id));
        Assert.Equal(AskAnswer.Expired, ask.Answer);
        Assert.Equal(ask.ExpiresAt, ask.AnsweredAt);
        var last = (await StepsAsync(id))[^1];
        Assert.Equal((HelpStatus.Asked, HelpStatus.Triaged, (string?)null), (last.From!.Value, last.To, last.ByUserId));
    }

    [Fact]
    public async Task Reading_the_request_does_it_too_and_an_expired_and_a_declined_ask_together_leave_nobody()
    {
        var (id, _) = await app.AskedAsync();
        var assistant = await app.AssistantAsync();
        // A second volunteer of the home wijk (a Tijdbank-free volunteer with a profile there) declines at once.
        var second = await MemberAsync("tweede.vrijwilliger@example.org");
        var secondToken = await app.TokenAsync("tweede.vrijwilliger@example.org");
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Put, HelpApp.Api + "/profile", secondToken,
            new { categories = new[] { "Groceries" }, wijkIds = new[] { await app.HomeWijkAsync() }, available = true })).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{HelpApp.Api}/{id}/asks", assistant, new { volunteerUserIds = new[] { second } })).Status);
        var secondAsk = await app.DbAsync(db => db.HelpMatchAsks.Where(a => a.HelpRequestId == id && a.VolunteerUserId == second).Select(a => a.Id).SingleAsync());

        // The second says no while the first may still answer: the request stays asked.
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{HelpApp.Api}/asks/{secondAsk}/decline", secondToken)).Status);
        Assert.Equal("Asked", (await app.GetAsync($"{HelpApp.Api}/{id}", assistant)).Json.GetProperty("status").GetString());

        // The first lets the link expire: the next read of the request finds nobody left.
        var read = await LaterAsync(PastExpiry, () => app.GetAsync($"{HelpApp.Api}/{id}", assistant));
        Assert.Equal("Triaged", read.Json.GetProperty("status").GetString());
        var answers = await app.DbAsync(db => db.HelpMatchAsks.Where(a => a.HelpRequestId == id).OrderBy(a => a.Id).Select(a => a.Answer).ToListAsync());
        Assert.Equal([AskAnswer.Expired, AskAnswer.Declined], answers);
        Assert.Single(await StepsAsync(id), s => s.To == HelpStatus.Triaged && s.From == HelpStatus.Asked);
    }

    [Fact]
    public async Task The_expired_link_answers_gone_and_the_request_is_back_in_triage()
    {
        var (id, link) = await app.AskedAsync();
        var askId = await app.DbAsync(db => db.HelpMatchAsks.Where(a => a.HelpRequestId == id).Select(a => a.Id).SingleAsync());
        Assert.StartsWith("/hulpvragen/vraag/", link, StringComparison.Ordinal);
        var volunteer = await app.TokenAsync(HelpApp.Email(GrozRole.Volunteer));
        var signedIn = await LaterAsync(PastExpiry, () => app.PostAsync($"{HelpApp.Api}/asks/{askId}/accept", volunteer));
        Assert.Equal(HttpStatusCode.Gone, signedIn.Status);
        Assert.Equal(HelpStatus.Triaged, await app.DbAsync(db => db.HelpRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
        // The volunteer's inbox no longer lists it as open.
        var inbox = await app.GetAsync($"{HelpApp.Api}/asks", volunteer);
        Assert.Contains(inbox.Json.EnumerateArray(), a => a.GetProperty("id").GetInt32() == askId && a.GetProperty("answer").GetString() == "Expired");
    }

    [Fact]
    public void Letting_a_link_expire_weighs_double_a_no()
    {
        Assert.Equal(0, Groz.Web.Features.HelpRequests.HelpRequests.Reliability(0, 1, 0, 0));
        Assert.Equal(-1, Groz.Web.Features.HelpRequests.HelpRequests.Reliability(0, 2, 0, 0));
        Assert.Equal(-1, Groz.Web.Features.HelpRequests.HelpRequests.Reliability(0, 0, 1, 0));
        Assert.Equal(-2, Groz.Web.Features.HelpRequests.HelpRequests.Reliability(0, 0, 2, 0));
        Assert.Equal(1, Groz.Web.Features.HelpRequests.HelpRequests.Reliability(2, 2, 0, 0));
        Assert.Equal(0, Groz.Web.Features.HelpRequests.HelpRequests.Reliability(1, 0, 1, 0));
        Assert.Equal(3, Groz.Web.Features.HelpRequests.HelpRequests.Reliability(0, 0, 0, 5));
    }

    private async Task<string> MemberAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            return existing.Id;
        }
        var home = await app.HomeWijkAsync();
        var leerregio = await app.DbAsync(db => db.Wijken.Where(w => w.Id == home).Select(w => w.LeerregioId).SingleAsync());
        var user = new GrozUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Tweede Vrijwilliger", LeerregioId = leerregio, WijkId = home };
        Assert.True((await users.CreateAsync(user, Groz.Web.Data.DemoData.DemoPassword)).Succeeded);
        return user.Id;
    }
}
