using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Groz.Web.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>Empty for SQLite means <c>data/groz.db</c> under the working directory.</summary>
    public string? ConnectionString { get; set; }
    public bool MigrateOnStart { get; set; } = true;
    /// <summary>Seed the demo leerregio's when the database has none. Switched off in Production.</summary>
    public bool SeedDemoData { get; set; } = true;
}

public static class DataSetup
{
    public static WebApplicationBuilder AddGrozData(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddSingleton(options);

        if (options.Provider == DatabaseProvider.Postgres)
        {
            var cs = WithPostgresDefaults(options.ConnectionString
                ?? throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is Postgres."));
            builder.Services.AddDbContextPool<GrozDbContext, PostgresGrozDbContext>(o => Configure(o.UseNpgsql(cs)));
        }
        else
        {
            var cs = options.ConnectionString;
            if (string.IsNullOrWhiteSpace(cs))
            {
                Directory.CreateDirectory("data");
                cs = "Data Source=data/groz.db";
            }
            builder.Services.AddDbContextPool<GrozDbContext, SqliteGrozDbContext>(o => Configure(o.UseSqlite(cs)));
        }

        builder.Services.AddHealthChecks()
            .AddDbContextCheck<GrozDbContext>("database", tags: ["ready"])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Npgsql settings that the Tijdbank benchmark showed to matter (docs/performance.md), unless the connection string
    /// sets them itself. Prepared statements: PostgreSQL parses and plans each of the app's few dozen queries once per
    /// connection instead of on every call. No reset on close: EF opens and closes the connection around every query,
    /// and the reset (DISCARD ALL) then cost PostgreSQL one extra statement per query; Groz keeps no session state
    /// (no SET, temporary tables, advisory locks or LISTEN), and an open transaction is still rolled back on return.
    /// </summary>
    internal static string WithPostgresDefaults(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (!given.Contains("MAXAUTOPREPARE", StringComparison.Ordinal))
        {
            b.MaxAutoPrepare = 64;
        }
        if (!given.Contains("NORESETONCLOSE", StringComparison.Ordinal))
        {
            b.NoResetOnClose = true;
        }
        return b.ConnectionString;
    }

    private static void Configure(DbContextOptionsBuilder o) =>
        o.UseSnakeCaseNamingConvention()
         // The Wijkportaal's search documents follow saves of the HSDS rows they are made from.
         .AddInterceptors(Features.SocialMap.SearchDocumentInvalidator.Instance)
         // A migration that is missing for one provider shows as a pending model change: fail loudly, not silently.
         .ConfigureWarnings(w => w.Throw(RelationalEventId.PendingModelChangesWarning));

    /// <summary>Applies migrations and, when the database is empty and seeding is on, the demo leerregio's.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
        if (options.MigrateOnStart)
        {
            await db.Database.MigrateAsync();
        }
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging: readers no longer wait for a writer (the Tijdbank writes while statements are read).
            // The setting is stored in the database file, so this is needed once; repeating it is harmless.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        if (options.SeedDemoData)
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedIfEmptyAsync();
        }
    }
}

/// <summary>Ready only when every migration of this build is applied: a new version must not serve an old schema.</summary>
public sealed class MigrationsHealthCheck(GrozDbContext db) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied");
    }
}
