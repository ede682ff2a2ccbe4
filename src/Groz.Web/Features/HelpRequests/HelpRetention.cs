using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// Retention of Hulpvragen: the personal data of a request that was closed (or withdrawn) longer ago than its
/// leerregio's <see cref="HelpRequestSettings.RetentionDays"/> is pseudonymised. Cleared: contact name, phone and
/// e-mail, description, health details, follow-up comment and token, private notes (deleted), the link to the Tijdbank
/// transfer, the vitaal-werken company name and KvK number, and every user id on the request, its consents, its status
/// history and its referrals. Kept: everything the reports read (kind, wijk, category, urgency, status, outcome,
/// timestamps, deadlines, minutes helped, staff count, the status steps) and the consent records with their text version
/// and dates, so the report of any period is the same before and after.
/// <para>The volunteers' asks keep the volunteer's id: they are the volunteer's own record of answering (their
/// reliability in the matching suggestions) and, once the request is pseudonymised, point at nothing personal of the resident.</para>
/// Runs daily (<see cref="HelpRetentionJob"/>) and on a coordinator's or administrator's request; each run that
/// changed something writes one audit entry per leerregio with the number of requests.
/// </summary>
public sealed class HelpRetention(GrozDbContext db, TimeProvider time, AuditLog audit, HelpRequests help, ILogger<HelpRetention> logger)
{
    /// <summary>Requests per transaction: a first run on years of history does not hold one long lock.</summary>
    public const int BatchSize = 500;

    public sealed record RunResult(int LeerregioId, int Pseudonymised, DateTimeOffset ClosedBefore);

    /// <summary>Every leerregio (the daily job).</summary>
    public async Task<List<RunResult>> RunAsync(string? byUserId = null, CancellationToken ct = default)
    {
        var results = new List<RunResult>();
        foreach (var leerregioId in await db.Leerregios.AsNoTracking().OrderBy(l => l.Id).Select(l => l.Id).ToListAsync(ct))
        {
            results.Add(await RunAsync(leerregioId, byUserId, ct));
        }
        return results;
    }

    /// <summary>One leerregio: pseudonymises the requests closed before now − RetentionDays that were not yet.</summary>
    public async Task<RunResult> RunAsync(int leerregioId, string? byUserId, CancellationToken ct = default)
    {
        var settings = await help.SettingsAsync(leerregioId, ct);
        var now = time.GetUtcNow();
        var closedBefore = now.AddDays(-settings.RetentionDays);
        var total = 0;
        while (true)
        {
            var ids = await db.HelpRequests.AsNoTracking()
                .Where(r => r.LeerregioId == leerregioId && r.PseudonymisedAt == null && r.ClosedAt != null && r.ClosedAt < closedBefore
                    && (r.Status == HelpStatus.Closed || r.Status == HelpStatus.Withdrawn))
                .OrderBy(r => r.Id).Select(r => r.Id).Take(BatchSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                break;
            }
            total += await PseudonymiseAsync(ids, now, ct);
        }
        if (total > 0)
        {
            await audit.WriteAsync("helprequest.pseudonymised", nameof(HelpRequestSettings), leerregioId.ToString(CultureInfo.InvariantCulture), leerregioId,
                string.Create(CultureInfo.InvariantCulture, $"{total} requests closed before {closedBefore:O} (retention {settings.RetentionDays} days)"),
                byUserId, ct);
            logger.LogInformation("Pseudonymised {Count} help requests of leerregio {LeerregioId}", total, leerregioId);
        }
        return new RunResult(leerregioId, total, closedBefore);
    }

    private async Task<int> PseudonymiseAsync(List<int> ids, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The condition again: a request reopened or handled by a parallel run in between is left alone.
        var changed = await HelpPseudonymisation.ClearAsync(db,
            db.HelpRequests.Where(r => ids.Contains(r.Id) && r.PseudonymisedAt == null && (r.Status == HelpStatus.Closed || r.Status == HelpStatus.Withdrawn)),
            now, detachPeople: true, ct);
        await tx.CommitAsync(ct);
        return changed;
    }
}

/// <summary>
/// Runs <see cref="HelpRetention"/> once a day (the first time a minute after start, so that a restart does not delay
/// it by a day). The clock is the app's TimeProvider; tests call <see cref="HelpRetention.RunAsync(string?, CancellationToken)"/> directly
/// with a fixed clock instead of waiting. Off with HelpRequests:RetentionJob=false.
/// </summary>
public sealed class HelpRetentionJob(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<HelpRetentionJob> logger)
    : ScheduledJob(scopes, time, configuration, logger, "HelpRequests:RetentionJob", TimeSpan.FromMinutes(1), Period)
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(1);

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<HelpRetention>().RunAsync(null, ct);
}
