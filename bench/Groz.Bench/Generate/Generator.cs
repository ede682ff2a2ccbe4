using System.Diagnostics;

namespace Groz.Bench.Generate;

public static class Generator
{
    /// <summary>Opens (creates, migrates) the target database and runs every step; null when the leerregio exists already.</summary>
    public static async Task<GenerationContext?> RunAsync(GeneratorOptions options, TextWriter log, CancellationToken ct)
    {
        await using var target = await TargetDatabase.OpenAsync(options);
        var context = new GenerationContext(options, target.Services);
        if (!await context.IsFreshAsync())
        {
            return null;
        }
        foreach (var step in Steps.All)
        {
            var clock = Stopwatch.StartNew();
            await step.RunAsync(context, ct);
            await log.WriteLineAsync($"  {step.Name,-10} {clock.Elapsed.TotalSeconds,6:0.0} s");
        }
        return context;
    }
}
