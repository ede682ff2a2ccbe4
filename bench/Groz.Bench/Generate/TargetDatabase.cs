using Microsoft.AspNetCore.DataProtection;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Bench.Generate;

/// <summary>
/// The database to fill, set up through the app's own <c>AddGrozData</c> and <c>AddAccounts</c>: the same
/// provider-specific DbContext (SqliteGrozDbContext or PostgresGrozDbContext), naming convention, Identity
/// schema version and password hasher as the running app, so that what we write is what it reads.
/// </summary>
public sealed class TargetDatabase : IAsyncDisposable
{
    private readonly WebApplication _host;

    private TargetDatabase(WebApplication host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static Task<TargetDatabase> OpenAsync(GeneratorOptions options) => OpenAsync(options.Provider, options.ConnectionString);

    public static async Task<TargetDatabase> OpenAsync(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } dir)
            {
                Directory.CreateDirectory(dir);
            }
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            // EF logs an error when it first finds that the PostgreSQL database does not exist yet, then creates it.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Connection"] = "Critical",
        });
        builder.AddGrozData();
        // Identity's error describer is localised: the UserManager (authenticator keys in the queue benchmark) needs it.
        builder.AddGrozLocalization();
        builder.AddAccounts();
        // The app's key ring (as in Infrastructure/Security.cs), so that the app can read the IBANs the generator protects.
        builder.Services.AddDataProtection().SetApplicationName("Groz").PersistKeysToDbContext<GrozDbContext>();
        var host = builder.Build();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            // The app's own migrations for this provider: a generated database is one the app can open as it is.
            await scope.ServiceProvider.GetRequiredService<GrozDbContext>().Database.MigrateAsync();
        }
        return new TargetDatabase(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
