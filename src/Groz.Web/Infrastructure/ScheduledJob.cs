using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Infrastructure;

/// <summary>
/// A background job that runs <see cref="RunAsync"/> in a scope of its own every period, the first time a delay after
/// start (so that a restart does not hit the database while migrations and warm-up run). The clock is the app's
/// <see cref="TimeProvider"/>, so tests can drive a job with a shifted clock or call <see cref="RunOnceAsync"/>.
/// A run that fails on the database is logged and left to the next run: each job only does what is not done yet,
/// so the app keeps serving and nothing is lost. Switched off with the configuration key (true by default).
/// </summary>
public abstract class ScheduledJob(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger logger,
    string switchKey, TimeSpan firstDelay, TimeSpan period) : BackgroundService
{
    protected abstract Task RunAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue(switchKey, true))
        {
            return;
        }
        try
        {
            await Task.Delay(firstDelay, time, stoppingToken);
            using var timer = new PeriodicTimer(period, time);
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await RunAsync(scope.ServiceProvider, ct);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            logger.LogError(e, "{Job} run failed; the next run tries again", GetType().Name);
        }
    }
}
