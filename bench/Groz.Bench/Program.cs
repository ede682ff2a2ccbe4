using System.Diagnostics;
using System.Globalization;
using Groz.Bench.Generate;

namespace Groz.Bench;

// A named class rather than top-level statements: the tests reference this project and the app, and the app's
// `Program` (the WebApplicationFactory entry point) must stay the only type of that name.
internal static class BenchCommand
{
    /// <summary>
    /// dotnet run -c Release --project bench/Groz.Bench -- generate --residents 100000 [--provider sqlite|postgres] [--connection "..."] [--seed 42]
    /// dotnet run -c Release --project bench/Groz.Bench -- timebank-load --url http://127.0.0.1:5080 --connection "..." (see bench/run-timebank.sh)
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length > 0 && args[0].StartsWith("socialmap-", StringComparison.Ordinal))
        {
            return await SocialMapBench.RunAsync(args[0], args[1..]);
        }
        if (args.Length > 0 && args[0] == "timebank-load")
        {
            return await TimeBankLoad.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] is "events-calendar" or "events-register")
        {
            return await EventsBench.RunAsync(args[0], args[1..]);
        }
        if (args.Length > 0 && args[0] == "help-queue")
        {
            return await HelpQueueLoad.RunAsync(args[1..]);
        }
        if (args.Length == 0 || args[0] != "generate")
        {
            await Console.Error.WriteLineAsync(GeneratorOptions.Usage);
            await Console.Error.WriteLineAsync(TimeBankLoad.Usage);
            await Console.Error.WriteLineAsync(SocialMapBench.Usage);
            await Console.Error.WriteLineAsync(HelpQueueLoad.Usage);
            await Console.Error.WriteLineAsync(EventsBench.Usage);
            return 2;
        }
        if (!GeneratorOptions.TryParse(args[1..], out var options, out var error))
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(GeneratorOptions.Usage);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var context = await Generator.RunAsync(options, Console.Out, CancellationToken.None);
        if (context is null)
        {
            await Console.Error.WriteLineAsync($"This database already holds a leerregio '{options.Slug}'. Generate into another database (--connection) or another --slug.");
            return 1;
        }
        Console.WriteLine($"Synthetic leerregio '{options.Slug}' ({options.Residents:N0} residents, seed {options.Seed}) on {options.Provider}, {clock.Elapsed.TotalSeconds:0.0} s:");
        foreach (var (what, count) in context.Counts)
        {
            Console.WriteLine($"  {what,-32} {count,9:N0}");
        }
        return 0;
    }
}
