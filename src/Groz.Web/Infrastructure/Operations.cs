using System.Diagnostics;
using Groz.Web.Data;
using Microsoft.Data.Sqlite;

namespace Groz.Web.Infrastructure;

/// <summary>
/// `dotnet run --project src/Groz.Web -- backup FILE` and `... -- restore FILE`, for the database configured
/// in appsettings/environment. SQLite uses its online backup API (safe while the app runs);
/// PostgreSQL wraps pg_dump/pg_restore in the custom format.
/// </summary>
public static class Operations
{
    public static bool IsCommand(string arg) => arg is "backup" or "restore";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2)
        {
            await Console.Error.WriteLineAsync("Usage: backup FILE | restore FILE");
            return 2;
        }
        var builder = WebApplication.CreateBuilder(args[2..]);
        var options = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var (verb, file) = (args[0], Path.GetFullPath(args[1]));
        try
        {
            if (options.Provider == DatabaseProvider.Postgres)
            {
                var cs = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
                return verb == "backup"
                    ? await RunToolAsync("pg_dump", ["--format=custom", "--no-owner", $"--file={file}", cs.Database!], cs)
                    : await RunToolAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", $"--dbname={cs.Database}", file], cs);
            }
            var source = string.IsNullOrWhiteSpace(options.ConnectionString) ? "Data Source=data/groz.db" : options.ConnectionString;
            if (verb == "backup")
            {
                SqliteBackup(source, $"Data Source={file}");
            }
            else
            {
                if (!File.Exists(file))
                {
                    await Console.Error.WriteLineAsync($"No such file: {file}");
                    return 1;
                }
                SqliteBackup($"Data Source={file};Mode=ReadOnly", source);
            }
            Console.WriteLine($"{verb} done: {file}");
            return 0;
        }
        catch (Exception e) when (e is SqliteException or IOException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"{verb} failed: {e.Message}");
            return 1;
        }
    }

    private static void SqliteBackup(string from, string to)
    {
        using var source = new SqliteConnection(from);
        using var destination = new SqliteConnection(to);
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
    }

    private static async Task<int> RunToolAsync(string tool, string[] arguments, Npgsql.NpgsqlConnectionStringBuilder cs)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        // Credentials go through the environment, never the command line (visible in `ps`).
        start.Environment["PGHOST"] = cs.Host;
        start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = cs.Username;
        if (cs.Password is not null)
        {
            start.Environment["PGPASSWORD"] = cs.Password;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        await process.WaitForExitAsync();
        Console.WriteLine(process.ExitCode == 0 ? $"{tool} done" : $"{tool} failed with exit code {process.ExitCode}");
        return process.ExitCode;
    }
}
