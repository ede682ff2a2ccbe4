using System.Diagnostics;
using System.Globalization;
using Groz.Bench.Generate;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

// dotnet run -c Release --project bench/Groz.Bench -- generate --residents 100000 [--provider sqlite|postgres] [--connection "..."] [--seed 42]
if (args.Length == 0 || args[0] != "generate")
{
    Console.Error.WriteLine(GeneratorOptions.Usage);
    return 2;
}
if (!GeneratorOptions.TryParse(args[1..], out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(GeneratorOptions.Usage);
    return 2;
}

var clock = Stopwatch.StartNew();
await using var target = await TargetDatabase.OpenAsync(options);
var context = new GenerationContext(options, target.Services);
if (!await context.IsFreshAsync())
{
    Console.Error.WriteLine($"This database already holds a leerregio '{options.Slug}'. Generate into another database (--connection) or another --slug.");
    return 1;
}

foreach (var step in Steps.All)
{
    var stepClock = Stopwatch.StartNew();
    await step.RunAsync(context, CancellationToken.None);
    Console.WriteLine($"  {step.Name,-10} {stepClock.Elapsed.TotalSeconds,6:0.0} s");
}

Console.WriteLine($"Synthetic leerregio '{options.Slug}' ({options.Residents:N0} residents, seed {options.Seed}) on {options.Provider}, {clock.Elapsed.TotalSeconds:0.0} s:");
foreach (var (what, count) in context.Counts)
{
    Console.WriteLine($"  {what,-32} {count,9:N0}");
}
return 0;
