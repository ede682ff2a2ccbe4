using System.Net;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.TimeBank;

public sealed class TransferApiTests(GrozApp app) : IClassFixture<GrozApp>
{
    private async Task<string> TokenAsync(FormClient client, GrozRole role, string leerregio = "utrecht")
    {
        var email = DemoData.DemoEmail(role, leerregio);
        object body = GrozRoles.RequiresTwoFactor(role)
            ? new { email, password = DemoData.DemoPassword, scopes = new[] { "read", "write" }, totpCode = AccountHelpers.TotpCode(await app.EnableTwoFactorAsync(email)) }
            : new { email, password = DemoData.DemoPassword, scopes = new[] { "read", "write" } };
        var response = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/tokens", body);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    private Task<int> AccountIdAsync(GrozRole role, string leerregio = "utrecht") => app.DbAsync(db =>
        db.TimeAccounts.Where(a => a.Kind == TimeAccountKind.Member && db.Users.Any(u => u.Id == a.UserId && u.Email == DemoData.DemoEmail(role, leerregio)))
            .Select(a => a.Id).SingleAsync());

    private static HttpRequestMessage Post(string url, object body, string token, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return request;
    }

    [Fact]
    public async Task An_exchange_moves_minutes_double_entry_and_a_replay_returns_the_same_transfer()
    {
        using var client = app.NewClient();
        var token = await TokenAsync(client, GrozRole.Resident);
        var (from, to) = (await AccountIdAsync(GrozRole.Resident), await AccountIdAsync(GrozRole.Volunteer));
        var before = await app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == from || a.Id == to).ToDictionaryAsync(a => a.Id, a => a.BalanceMinutes));
        var body = new { kind = "Exchange", fromAccountId = from, toAccountId = to, minutes = 45, description = "Lamp opgehangen" };

        var first = await client.Http.SendAsync(Post("/api/v1/timebank/transfers", body, token, "sleutel-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, created.GetProperty("entries").EnumerateArray().Sum(e => e.GetProperty("minutes").GetInt32()));

        var replay = await client.Http.SendAsync(Post("/api/v1/timebank/transfers", body, token, "sleutel-1"));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(created.GetProperty("id").GetInt64(), JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());

        var other = await client.Http.SendAsync(Post("/api/v1/timebank/transfers", body with { minutes = 46 }, token, "sleutel-1"));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains("/problems/idempotency-key-reused", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var after = await app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == from || a.Id == to).ToDictionaryAsync(a => a.Id, a => a.BalanceMinutes));
        Assert.Equal(before[from] - 45, after[from]);
        Assert.Equal(before[to] + 45, after[to]);
        Assert.Equal(0, await app.DbAsync(db => db.TimeAccounts.SumAsync(a => a.BalanceMinutes)));
    }
}
