using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Groz.Web.Features.Welcome;

/// <summary>
/// Removes routes past their <see cref="WelcomeRoute.ExpiresAt"/> and the letters (addresses and codes) of batches past
/// theirs; a batch keeps its counts. A maatje request is not touched: it lives on under Hulpvragen's own retention.
/// </summary>
public sealed class WelcomeRetention(GrozDbContext db, TimeProvider time)
{
    public sealed record RunResult(int Routes, int Letters);

    public async Task<RunResult> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var routes = await db.WelcomeRoutes.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var expired = db.WelcomeLetterBatches.Where(b => b.ExpiresAt <= now).Select(b => b.Id);
        // Routes started from such a letter lose the link, not themselves (the foreign key sets it to null).
        var letters = await db.WelcomeLetters.Where(x => expired.Contains(x.BatchId)).ExecuteDeleteAsync(ct);
        return new RunResult(routes, letters);
    }
}

/// <summary>Runs <see cref="WelcomeRetention"/> daily, first an hour after start. Off with Welcome:RetentionJob=false.</summary>
public sealed class WelcomeRetentionJob(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<WelcomeRetentionJob> logger)
    : ScheduledJob(scopes, time, configuration, logger, "Welcome:RetentionJob", TimeSpan.FromHours(1), TimeSpan.FromDays(1))
{
    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var result = await services.GetRequiredService<WelcomeRetention>().RunAsync(ct);
        services.GetRequiredService<ILogger<WelcomeRetentionJob>>().LogInformation("Welcome retention: {Routes} routes and {Letters} letters removed", result.Routes, result.Letters);
    }
}

/// <summary>Retention may not be shorter than the window in which the Monitor still recounts a month (<see cref="WelcomeReach"/>).</summary>
public sealed class WelcomeOptionsValidation : IValidateOptions<WelcomeOptions>
{
    public ValidateOptionsResult Validate(string? name, WelcomeOptions options) =>
        options.RouteRetentionDays < WelcomeReach.MinimumRetentionDays || options.LetterRetentionDays < WelcomeReach.MinimumRetentionDays
            ? ValidateOptionsResult.Fail($"Welcome:RouteRetentionDays and Welcome:LetterRetentionDays must be at least {WelcomeReach.MinimumRetentionDays}.")
            : ValidateOptionsResult.Success;
}
