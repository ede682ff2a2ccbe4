using System.ComponentModel;
using System.Diagnostics;
using Groz.Web.Data;
using Microsoft.Data.Sqlite;

namespace Groz.Web.Infrastructure;

/// <summary>
/// `dotnet run --project src/Groz.Web -- backup FILE` and `... -- restore FILE`, for the database configured
/// in appsettings/environment (or settings after FILE, e.g. `--Database:ConnectionString=...`).
/// SQLite uses its online backup API (safe while the app runs); PostgreSQL wraps pg_dump/pg_restore in the custom format.
/// </summary>
public static class Operations
{
    public static bool IsCommand(string arg) => arg is "backup" or "restore";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !IsCommand(args[0]))
        {
            await Console.Error.WriteLineAsync("Usage: backup FILE | restore FILE  [--Database:Provider=Postgres --Database:ConnectionString=...]");
            return 2;
        }
        var builder = WebApplication.CreateBuilder(args[2..]);
        var options = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var (verb, file) = (args[0], Path.GetFullPath(args[1]));
        if (verb == "restore" && !File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"No such file: {file}");
            return 1;
        }
        try
        {
            if (options.Provider == DatabaseProvider.Postgres)
            {
                var cs = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrEmpty(cs.Database))
                {
                    await Console.Error.WriteLineAsync("Database:ConnectionString names no database");
                    return 2;
                }
                // --single-transaction: a restore that fails half-way leaves the database as it was.
                return verb == "backup"
                    ? await RunToolAsync("pg_dump", ["--format=custom", "--no-owner", $"--file={file}", cs.Database], cs)
                    : await RunToolAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", $"--dbname={cs.Database}", file], cs);
            }
            var target = string.IsNullOrWhiteSpace(options.ConnectionString) ? "Data Source=data/groz.db" : options.ConnectionString;
            if (verb == "backup")
            {
                // Opening a missing file would create it and "back up" an empty database without a word.
                if (new SqliteConnectionStringBuilder(target).DataSource is var source && !File.Exists(source))
                {
                    await Console.Error.WriteLineAsync($"No database at {Path.GetFullPath(source)}");
                    return 1;
                }
                SqliteBackup(target, $"Data Source={file};Pooling=False");
            }
            else
            {
                SqliteBackup($"Data Source={file};Mode=ReadOnly;Pooling=False", target);
            }
            Console.WriteLine($"{verb} done: {file}");
            return 0;
        }
        catch (Exception e) when (e is SqliteException or IOException or InvalidOperationException or ArgumentException or Win32Exception)
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

    /// <summary>
    /// pg_dump/pg_restore from PATH; otherwise from the newest server installation (Debian puts the binaries in
    /// /usr/lib/postgresql/N/bin, and on PATH only when postgresql-client-common is installed).
    /// </summary>
    internal static string? FindPgTool(string tool, string? path, string postgresqlRoot = "/usr/lib/postgresql")
    {
        foreach (var dir in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        if (!Directory.Exists(postgresqlRoot))
        {
            return null;
        }
        return Directory.GetDirectories(postgresqlRoot)
            .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
            .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Dir, "bin", tool)))
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Dir, "bin", tool))
            .FirstOrDefault();
    }

    private static async Task<int> RunToolAsync(string tool, string[] arguments, Npgsql.NpgsqlConnectionStringBuilder cs)
    {
        var executable = FindPgTool(tool, Environment.GetEnvironmentVariable("PATH"));
        if (executable is null)
        {
            await Console.Error.WriteLineAsync($"{tool} not found on PATH or in /usr/lib/postgresql/*/bin (apt-get install postgresql-client)");
            return 1;
        }
        var start = new ProcessStartInfo(executable);
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
