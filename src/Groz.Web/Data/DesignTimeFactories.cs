using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Groz.Web.Data;

// Used only by `dotnet ef migrations add` (scripts/add-migration.sh): each provider's migration set is made
// against its own context type. Identity reads its schema version (3: passkeys) from the application's
// options, so the factories hand it the same options as Accounts does at runtime.
internal static class DesignTime
{
    public static IServiceProvider IdentityServices { get; } = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
        .BuildServiceProvider();
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGrozDbContext>
{
    public SqliteGrozDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGrozDbContext>().UseSqlite("Data Source=design.db").UseSnakeCaseNamingConvention()
            .UseApplicationServiceProvider(DesignTime.IdentityServices).Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGrozDbContext>
{
    public PostgresGrozDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGrozDbContext>().UseNpgsql("Host=localhost;Database=groz_design").UseSnakeCaseNamingConvention()
            .UseApplicationServiceProvider(DesignTime.IdentityServices).Options);
}
