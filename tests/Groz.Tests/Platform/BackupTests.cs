using System.Net;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Platform;

/// <summary>
/// The `backup FILE` and `restore FILE` commands of the README, run against the live database of a running app:
/// SQLite's online backup, or pg_dump/pg_restore on the PostgreSQL of ./test.sh.
/// </summary>
public sealed class BackupTests(GrozApp app) : IClassFixture<GrozApp>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("groz-backup-").FullName;

    private string[] Settings =>
    [
        $"--Database:Provider={(GrozApp.OnPostgres ? "Postgres" : "Sqlite")}",
        $"--Database:ConnectionString={app.ConnectionString}",
    ];

    private Task<int> RunAsync(string verb, string file) => Operations.RunAsync([verb, file, .. Settings]);

    [Fact]
    public async Task Restore_brings_back_the_state_of_the_backup_while_the_app_runs()
    {
        using var client = app.NewClient();
        Assert.Equal("Leerregio Utrecht", await LeerregioNameAsync(client, "utrecht"));
        var accountsBefore = await app.DbAsync(db => db.Users.CountAsync());

        var file = Path.Combine(_dir, GrozApp.OnPostgres ? "groz.dump" : "groz.db");
        Assert.Equal(0, await RunAsync("backup", file));
        Assert.True(new FileInfo(file).Length > 0);

        // Changes after the backup: a renamed leerregio and a removed account.
        await app.DbAsync(async db =>
        {
            await db.Leerregios.Where(l => l.Slug == "utrecht").ExecuteUpdateAsync(s => s.SetProperty(l => l.Name, "Gewijzigd na de backup"));
            var user = await db.Users.OrderBy(u => u.Email).FirstAsync();
            db.Users.Remove(user);
            await db.SaveChangesAsync();
        });
        Assert.Equal("Gewijzigd na de backup", await LeerregioNameAsync(client, "utrecht"));

        Assert.Equal(0, await RunAsync("restore", file));

        // The running app sees the old state, without a restart.
        Assert.Equal("Leerregio Utrecht", await LeerregioNameAsync(client, "utrecht"));
        Assert.Equal(accountsBefore, await app.DbAsync(db => db.Users.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Restore_of_a_missing_file_fails_and_changes_nothing()
    {
        var before = await app.DbAsync(db => db.Wijken.CountAsync());
        Assert.NotEqual(0, await RunAsync("restore", Path.Combine(_dir, "bestaat-niet.db")));
        Assert.Equal(before, await app.DbAsync(db => db.Wijken.CountAsync()));
    }

    [Fact]
    public async Task Backup_without_a_file_name_prints_the_usage()
    {
        Assert.Equal(2, await Operations.RunAsync(["backup"]));
    }

    [Fact]
    public void PostgreSQL_tools_are_found_off_PATH_in_the_server_installation()
    {
        // Debian installs pg_dump in /usr/lib/postgresql/N/bin; ./test.sh makes sure a server is installed.
        var root = Path.Combine(_dir, "postgresql");
        foreach (var version in new[] { "13", "15", "9" })
        {
            Directory.CreateDirectory(Path.Combine(root, version, "bin"));
            File.WriteAllText(Path.Combine(root, version, "bin", "pg_dump"), "");
        }
        Assert.Equal(Path.Combine(root, "15", "bin", "pg_dump"), Operations.FindPgTool("pg_dump", path: "", root));
        Assert.Null(Operations.FindPgTool("pg_restore", path: "", root));

        var onPath = Path.Combine(_dir, "path");
        Directory.CreateDirectory(onPath);
        File.WriteAllText(Path.Combine(onPath, "pg_dump"), "");
        Assert.Equal(Path.Combine(onPath, "pg_dump"), Operations.FindPgTool("pg_dump", onPath, root));
        if (GrozApp.OnPostgres)
        {
            Assert.NotNull(Operations.FindPgTool("pg_restore", path: ""));
        }
    }

    private static async Task<string?> LeerregioNameAsync(FormClient client, string slug)
    {
        var response = await client.Http.GetAsync($"/api/v1/leerregios/{slug}");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("name").GetString();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own clean-up; never fail a test over it.
        }
    }
}
