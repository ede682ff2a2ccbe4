using Groz.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Groz.Tests.Support;

/// <summary>
/// The real app with a database of its own: a temporary SQLite file, or a fresh database on the PostgreSQL
/// cluster that ./test.sh starts (GROZ_TEST_DB=postgres, GROZ_TEST_PG=admin connection string).
/// Migrations run and the demo leerregio's are seeded exactly as in `dotnet run`.
/// </summary>
public class GrozApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static bool OnPostgres => Environment.GetEnvironmentVariable("GROZ_TEST_DB") == "postgres";

    private readonly string _name = "groz_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "groz-tests", Guid.NewGuid().ToString("N"));

    public string OutboxDirectory => Path.Combine(_dir, "outbox");
    public string UploadDirectory => Path.Combine(_dir, "uploads");
    public string ConnectionString { get; private set; } = "";

    /// <summary>Set for a second instance on another app's database (shared-state tests); that database is not ours to drop.</summary>
    private readonly string? _sharedConnectionString;

    public GrozApp()
    {
    }

    private GrozApp(string sharedConnectionString) => _sharedConnectionString = sharedConnectionString;

    /// <summary>A second app instance on the same database, as when several instances run behind a load balancer.</summary>
    public static GrozApp SecondInstanceOf(GrozApp other) => new(other.ConnectionString);

    /// <summary>Extra settings for a test class, e.g. a low rate limit.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        if (_sharedConnectionString is not null)
        {
            ConnectionString = _sharedConnectionString;
        }
        else if (OnPostgres)
        {
            var admin = Environment.GetEnvironmentVariable("GROZ_TEST_PG")
                ?? throw new InvalidOperationException("GROZ_TEST_PG is not set: run the suite through ./test.sh");
            await using var conn = new NpgsqlConnection(admin);
            await conn.OpenAsync();
            await using (var cmd = new NpgsqlCommand($"CREATE DATABASE {_name}", conn))
            {
                await cmd.ExecuteNonQueryAsync();
            }
            ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _name }.ConnectionString;
        }
        else
        {
            ConnectionString = $"Data Source={Path.Combine(_dir, "groz.db")}";
        }
        // Starting the server runs migrations and seeding.
        Start();
        await AfterSeedingAsync();
    }

    /// <summary>For fixtures that need the database in another state than the demo data leaves it.</summary>
    protected virtual Task AfterSeedingAsync() => Task.CompletedTask;

    /// <summary>The in-memory test server; the browser tests start a real Kestrel server instead.</summary>
    protected virtual void Start() => _ = Server;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting, not ConfigureAppConfiguration: Program reads Database/RateLimits while it builds its
        // services, and only settings given this way are visible that early.
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = OnPostgres ? "Postgres" : "Sqlite",
            ["Database:ConnectionString"] = ConnectionString,
            ["Database:SeedDemoData"] = "true",
            ["Mail:OutboxDirectory"] = OutboxDirectory,
            ["Mail:ShowOutboxPage"] = "true",
            // Kennisbank uploads go to this app's own folder, removed with it.
            ["Knowledge:UploadDirectory"] = UploadDirectory,
            ["RateLimits:SignInPerMinute"] = "1000",
            ["RateLimits:ApiPerSecond"] = "1000",
            ["RateLimits:ApiBurst"] = "1000",
            ["RateLimits:LetterCodesPerMinute"] = "1000",
            // Tests ask for feedback mails themselves (EventFeedbackService.SendDueAsync), at a moment they choose.
            ["Events:FeedbackJob"] = "false",
            // The Kennisbank's reminder and digest run when a test calls them, with its own clock.
            ["Knowledge:SubsidyReminderJob"] = "false",
            ["Knowledge:DigestJob"] = "false",
            // The indicator job would start two minutes in and write the same rows as a test that runs long (the
            // synthetic leerregio on a loaded machine); tests compute indicators themselves.
            ["Monitoring:IndicatorJob"] = "false",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that behaves like a browser: https, cookies kept, redirects not followed (tests check them).</summary>
    public FormClient NewClient() => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    }), this);

    /// <summary>Runs a query against the app's own database, for checking what a request really changed.</summary>
    public async Task<T> DbAsync<T>(Func<GrozDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<GrozDbContext>());
    }

    public async Task DbAsync(Func<GrozDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<GrozDbContext>());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_sharedConnectionString is not null)
        {
            return;
        }
        if (OnPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("GROZ_TEST_PG"));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is removed with the temp folder later; never fail a test over it.
        }
    }
}
