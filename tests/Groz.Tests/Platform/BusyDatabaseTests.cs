using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Groz.Tests.Events;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Groz.Tests.Platform;

/// <summary>The app with a short database wait, so that a held lock turns into a timeout within the test.</summary>
public sealed class BusyDatabaseApp : EventsApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Database:ConnectionString", ConnectionString + (OnPostgres ? ";Command Timeout=3" : ";Default Timeout=3"))];
}

/// <summary>
/// A database too busy to answer in time (here: another session holds the write lock) is the caller's cue to try
/// again, not a bug: the API answers 503 with Retry-After and a ProblemDetails, nothing is stored, and the same
/// Idempotency-Key then works. Seen first in the registration benchmark on an overloaded machine, as 500s.
/// </summary>
public sealed class BusyDatabaseTests(BusyDatabaseApp app) : IClassFixture<BusyDatabaseApp>
{
    [Fact]
    public async Task A_timeout_on_a_locked_database_is_503_with_Retry_After_and_the_same_key_works_afterwards()
    {
        var e = await app.EventAsync(capacity: 5);
        var token = await app.TokenAsync(GrozRole.Resident);
        var key = Guid.NewGuid().ToString("N");
        using var client = app.CreateClient(new() { BaseAddress = new Uri("https://localhost") });

        async Task<HttpResponseMessage> RegisterAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{EventsApp.Api}/{e.Id}/registrations") { Content = JsonContent.Create(new { }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        await using (var holder = await HoldWriteLockAsync())
        {
            using var busy = await RegisterAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
            Assert.Contains("/problems/unavailable", await busy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(5), busy.Headers.RetryAfter?.Delta);
        }
        Assert.Empty(await app.RegistrationsAsync(e.Id));

        // The caller tries again, as Retry-After tells it to. With the 3-second database wait of this app, a heavily
        // loaded machine can make one more attempt time out too: a few tries, as a client would.
        var retried = await RegisterAsync();
        for (var attempt = 1; attempt < 5 && retried.StatusCode == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            retried.Dispose();
            retried = await RegisterAsync();
        }
        using (retried)
        {
            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        }
        Assert.Single(await app.RegistrationsAsync(e.Id));
    }

    [Fact]
    public async Task The_busy_page_says_nothing_changed_and_to_try_again()
    {
        var page = await app.NewClient().GetAsync("/fout/503");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.Status);
        Assert.Contains("Er is niets veranderd", page.Text, StringComparison.Ordinal);
    }

    /// <summary>Another session takes the write lock: SQLite's reserved lock, PostgreSQL's lock on the registrations table.</summary>
    private async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        if (GrozApp.OnPostgres)
        {
            var pg = new NpgsqlConnection(app.ConnectionString);
            await pg.OpenAsync();
            await using (var begin = new NpgsqlCommand("BEGIN; LOCK TABLE event_registrations IN EXCLUSIVE MODE", pg))
            {
                await begin.ExecuteNonQueryAsync();
            }
            return pg;
        }
        // Not pooled: a pooled connection goes back to the pool on dispose with this raw transaction still open, and the
        // lock stayed held (the retry below then timed out too whenever no other test happened to clear the pools).
        var sqlite = new SqliteConnection(app.ConnectionString + ";Pooling=False");
        await sqlite.OpenAsync();
        await using (var begin = sqlite.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }
        return sqlite;
    }
}
