using System.Net;
using System.Text.Json;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.TimeBank;

/// <summary>
/// The bad input of issue 3: each request gets a clear ProblemDetails (field errors as a ValidationProblem naming the
/// field) and leaves every transfer, entry, balance and idempotency key exactly as it was.
/// </summary>
public sealed class BadInputTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    private const string Url = "/api/v1/timebank/transfers";
    protected override TimeBankApp Ledger => app;

    public static TheoryData<string> Cases => new(
        "zero", "negative", "fractional", "overflow", "billion", "missing-fields", "missing-minutes", "empty-description", "unknown-kind",
        "pay-yourself", "unknown-account", "other-leerregio-receiver", "other-leerregio-payer", "unconfirmed-receiver", "left-member-receiver",
        "above-maximum", "grant-by-member", "someone-elses-account", "exchange-to-pool", "bulk-duplicates", "read-only-token", "malformed-json",
        "replayed-key-other-content", "long-key", "reversal-without-reason", "reversal-by-member", "confirm-unknown");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_a_clear_problem_and_changes_nothing(string name)
    {
        var token = await app.TokenAsync(GrozRole.Resident);
        var me = await app.AccountIdAsync(GrozRole.Resident);
        var other = await app.AccountIdAsync(GrozRole.Volunteer);
        object Exchange(object minutes, int? to = null, int? from = null) =>
            new { kind = "Exchange", fromAccountId = from ?? me, toAccountId = to ?? other, minutes, description = "Slecht verzoek" };

        // The replayed key: first a real transfer under the key (before the snapshot), then other content with it.
        if (name == "replayed-key-other-content")
        {
            Assert.Equal(HttpStatusCode.Created, (await app.PostTransferAsync(token, Exchange(7), "hergebruikt")).Status);
        }
        // Members with an account who cannot receive hours: made before the snapshot.
        var unconfirmed = await MemberAsync("nog-niet-bevestigd@example.org", confirmed: false);
        var left = await MemberAsync("vertrokken@example.org", confirmed: true, erased: true);
        var before = await app.LedgerSnapshotAsync();

        var (reply, status, problem, field) = name switch
        {
            "zero" => (await Post(Exchange(0)), 400, "invalid-amount", "minutes"),
            "negative" => (await Post(Exchange(-30)), 400, "invalid-amount", "minutes"),
            "fractional" => (await Raw($$"""{"kind":"Exchange","fromAccountId":{{me}},"toAccountId":{{other}},"minutes":1.5,"description":"x"}"""), 400, "bad-request", null),
            "overflow" => (await Raw($$"""{"kind":"Exchange","fromAccountId":{{me}},"toAccountId":{{other}},"minutes":99999999999,"description":"x"}"""), 400, "bad-request", null),
            "billion" => (await Post(Exchange(1_000_000_000)), 400, "above-maximum", "minutes"),
            "missing-fields" => (await Raw("{}"), 400, "validation", "toAccountId"),
            "missing-minutes" => (await Post(new { kind = "Exchange", fromAccountId = me, toAccountId = other, description = "x" }), 400, "validation", "minutes"),
            "empty-description" => (await Post(new { kind = "Exchange", fromAccountId = me, toAccountId = other, minutes = 5, description = "   " }), 400, "invalid-description", "description"),
            "unknown-kind" => (await Post(new { kind = "Teleport", fromAccountId = me, toAccountId = other, minutes = 5, description = "x" }), 400, "bad-request", null),
            "pay-yourself" => (await Post(Exchange(10, to: me)), 400, "same-account", "toAccountId"),
            "unknown-account" => (await Post(Exchange(10, to: 999_999)), 404, "unknown-account", null),
            "other-leerregio-receiver" => (await Post(Exchange(10, to: await app.AccountIdAsync(GrozRole.Volunteer, "leidsche-rijn"))), 404, "unknown-account", null),
            "other-leerregio-payer" => (await Post(Exchange(10, from: await app.AccountIdAsync(GrozRole.Volunteer, "leidsche-rijn"))), 404, "unknown-account", null),
            "unconfirmed-receiver" => (await Post(Exchange(10, to: unconfirmed)), 400, "member-not-confirmed", "toAccountId"),
            "left-member-receiver" => (await Post(Exchange(10, to: left)), 400, "member-not-confirmed", "toAccountId"),
            "above-maximum" => (await Post(Exchange(10 * 60 + 1)), 400, "above-maximum", "minutes"),
            "grant-by-member" => (await Post(new { kind = "Grant", fromAccountId = await app.PoolIdAsync(), toAccountId = me, minutes = 5, description = "Voor mezelf" }), 403, "coordinators-only", null),
            "someone-elses-account" => (await Post(Exchange(10, from: other, to: me)), 403, "not-your-account", null),
            "exchange-to-pool" => (await Post(Exchange(10, to: await app.PoolIdAsync())), 400, "invalid-receivers", "toAccountId"),
            "bulk-duplicates" => (await app.PostTransferAsync(await app.TokenAsync(GrozRole.Coordinator),
                new { kind = "Bulk", fromAccountId = await app.PoolIdAsync(), toAccountIds = new[] { me, me }, minutes = 1, description = "Dubbel" }), 400, "invalid-receivers", "toAccountId"),
            "read-only-token" => (await app.PostTransferAsync(await app.TokenAsync(TimeBankApp.Email(GrozRole.Resident), "read"), Exchange(10)), 403, "write-scope-required", null),
            "malformed-json" => (await Raw("""{"kind":"Exchange","fromAccountId":"""), 400, "bad-request", null),
            "replayed-key-other-content" => (await app.PostTransferAsync(token, Exchange(8), "hergebruikt"), 409, "idempotency-key-reused", null),
            "long-key" => (await app.SendAsync(HttpMethod.Post, Url, token, Exchange(10), key: new string('k', 101)), 400, "invalid-idempotency-key", null),
            "reversal-without-reason" => (await app.SendAsync(HttpMethod.Post, $"{Url}/1/reversal", await app.TokenAsync(GrozRole.Coordinator), new { }, "r0"), 400, "validation", "reason"),
            "reversal-by-member" => (await app.SendAsync(HttpMethod.Post, $"{Url}/1/reversal", token, new { reason = "Niet eens" }, "r1"), 404, "unknown-transfer", null),
            "confirm-unknown" => (await app.SendAsync(HttpMethod.Post, $"{Url}/999999/confirm", token, key: "c1"), 404, "unknown-transfer", null),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        Assert.True((int)reply.Status == status, $"{name}: expected {status}, got {reply}");
        Assert.True(reply.MediaType == "application/problem+json", $"{name}: {reply.MediaType} {reply.Text}");
        Assert.True(reply.ProblemType == "/problems/" + problem, $"{name}: expected /problems/{problem}, got {reply}");
        Assert.False(string.IsNullOrWhiteSpace(reply.Json.GetProperty("title").GetString()), $"{name}: no title");
        Assert.NotEqual("/problems/" + problem, reply.Json.GetProperty("title").GetString());
        if (field is not null)
        {
            // A field error names the field, in the JSON name the client sent, with a message for people.
            var messages = reply.Json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var m) ? m.EnumerateArray().Select(x => x.GetString()).ToList() : [];
            Assert.True(messages.Count > 0 && !string.IsNullOrWhiteSpace(messages[0]), $"{name}: no error for {field}: {reply}");
        }
        if (name == "missing-fields")
        {
            Assert.Equal(["description", "fromAccountId", "kind", "minutes", "toAccountId"], reply.Json.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        }
        Assert.Equal(before, await app.LedgerSnapshotAsync());
    }

    [Fact]
    public async Task An_account_of_another_leerregio_gets_exactly_the_answer_of_an_account_that_does_not_exist()
    {
        var token = await app.TokenAsync(GrozRole.Resident);
        var me = await app.AccountIdAsync(GrozRole.Resident);
        var foreign = await app.AccountIdAsync(GrozRole.Volunteer, "leidsche-rijn");
        string Strip(Reply r)
        {
            using var doc = JsonDocument.Parse(r.Text);
            return string.Join(";", doc.RootElement.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.Name + "=" + p.Value.GetRawText()));
        }
        var unknown = await app.PostTransferAsync(token, new { kind = "Exchange", fromAccountId = me, toAccountId = 999_999, minutes = 5, description = "x" });
        var other = await app.PostTransferAsync(token, new { kind = "Exchange", fromAccountId = me, toAccountId = foreign, minutes = 5, description = "x" });
        Assert.Equal(Strip(unknown), Strip(other));
        Assert.Equal(Strip(await app.GetAsync("/api/v1/timebank/accounts/999999", token)), Strip(await app.GetAsync($"/api/v1/timebank/accounts/{foreign}", token)));
        Assert.Equal(Strip(await app.GetAsync($"{Url}?accountId=999999", token)), Strip(await app.GetAsync($"{Url}?accountId={foreign}", token)));
    }

    /// <summary>A member of utrecht with a Tijdbank account whose e-mail is not (or no longer) confirmed, or who has left.</summary>
    private async Task<int> MemberAsync(string email, bool confirmed, bool erased = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            var utrecht = await app.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Leerregios, l => l.Slug == "utrecht"));
            user = new GrozUser
            {
                UserName = email, Email = email, DisplayName = "Nieuw lid", LeerregioId = utrecht.Id, EmailConfirmed = true, CreatedAt = app.Clock.GetUtcNow(),
            };
            Assert.True((await users.CreateAsync(user)).Succeeded);
            // The account opened while the address was confirmed; afterwards the member changed it, or left.
            await scope.ServiceProvider.GetRequiredService<Banks>().MemberAccountAsync(user, utrecht.Id);
            user.EmailConfirmed = confirmed;
            user.ErasedAt = erased ? app.Clock.GetUtcNow() : null;
            await users.UpdateAsync(user);
        }
        return await app.AccountIdAsync(email);
    }

    private async Task<Reply> Post(object body) => await app.PostTransferAsync(await app.TokenAsync(GrozRole.Resident), body);

    private async Task<Reply> Raw(string json) =>
        await app.SendAsync(HttpMethod.Post, Url, await app.TokenAsync(GrozRole.Resident), rawJson: json, key: Guid.NewGuid().ToString("N"));
}
