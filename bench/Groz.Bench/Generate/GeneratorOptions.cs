using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Groz.Web.Data;

namespace Groz.Bench.Generate;

public sealed class GeneratorOptions
{
    public const string Usage = """
        Usage: generate --residents N [--provider sqlite|postgres] [--connection "..."] [--seed 42]
                        [--slug synthetisch] [--as-of 2026-01-01]
          --residents   residents of the synthetic leerregio (1,000 to 1,000,000: wijk codes have two digits)
          --provider    sqlite (default) or postgres
          --connection  ADO.NET connection string; sqlite default "Data Source=data/synthetic.db",
                        postgres has no default. The database is created and migrated when needed.
          --seed        the same seed and --as-of give the same data, row for row (default 42)
          --slug        slug of the generated leerregio (default "synthetisch")
          --as-of       the generated history (two years of sign-ups) ends on this date (default 2026-01-01)
        """;

    public int Residents { get; private set; }
    public DatabaseProvider Provider { get; private set; } = DatabaseProvider.Sqlite;
    public string ConnectionString { get; private set; } = "";
    public int Seed { get; private set; } = 42;
    public string Slug { get; private set; } = "synthetisch";
    /// <summary>A fixed end of history rather than the clock, so that a seed means the same rows on any day.</summary>
    public DateTimeOffset AsOf { get; private set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool TryParse(string[] args, [NotNullWhen(true)] out GeneratorOptions? options, out string error)
    {
        var o = new GeneratorOptions();
        options = null;
        error = "";
        string? connection = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return false;
            }
            var value = args[++i];
            switch (name)
            {
                case "--residents" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1_000 and <= 1_000_000:
                    o.Residents = n;
                    break;
                case "--provider" when value.Equals("sqlite", StringComparison.OrdinalIgnoreCase):
                    o.Provider = DatabaseProvider.Sqlite;
                    break;
                case "--provider" when value.Equals("postgres", StringComparison.OrdinalIgnoreCase):
                    o.Provider = DatabaseProvider.Postgres;
                    break;
                case "--connection" when !string.IsNullOrWhiteSpace(value):
                    connection = value;
                    break;
                case "--seed" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed):
                    o.Seed = seed;
                    break;
                case "--slug" when System.Text.RegularExpressions.Regex.IsMatch(value, "^[a-z0-9]+(-[a-z0-9]+)*$") && value.Length <= 60:
                    o.Slug = value;
                    break;
                case "--as-of" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day):
                    o.AsOf = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                    break;
                default:
                    error = $"Not understood: {name} {value}";
                    return false;
            }
        }
        if (o.Residents == 0)
        {
            error = "--residents is required";
            return false;
        }
        if (connection is null && o.Provider == DatabaseProvider.Postgres)
        {
            error = "--connection is required with --provider postgres";
            return false;
        }
        o.ConnectionString = connection ?? "Data Source=data/synthetic.db";
        options = o;
        return true;
    }
}
