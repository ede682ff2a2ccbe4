using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>
/// Retention of guests' data: a registration without an account whose occurrence started longer ago than
/// Events:GuestRetentionDays (default <see cref="DefaultDays"/>) loses the guest's name (replaced by
/// <see cref="Placeholder"/>), e-mail address and phone number. Kept: the event, the date, the status, the waitlist
/// position and the check-in time, so that every count of participants and attendance is the same before and after.
/// Members' registrations are not touched: they are linked to an account the member can see, export and erase.
/// Runs with the reminders (<see cref="EventJobs"/>); each run that changed something writes one audit entry per leerregio.
/// </summary>
public sealed class EventRetention(GrozDbContext db, TimeProvider time, IConfiguration configuration, AuditLog audit, ILogger<EventRetention> logger)
{
    public const int DefaultDays = 180;
    public const int BatchSize = 500;
    /// <summary>What replaces a guest's name: the participant lists still show a row per person.</summary>
    public const string Placeholder = "Gast";

    public int Days => Math.Max(1, configuration.GetValue("Events:GuestRetentionDays", DefaultDays));

    public sealed record RunResult(int Pseudonymised, DateTimeOffset StartedBefore);

    public async Task<RunResult> RunAsync(string? byUserId = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var before = now.AddDays(-Days);
        var perLeerregio = new Dictionary<int, int>();
        while (true)
        {
            var batch = await (from r in db.EventRegistrations.AsNoTracking()
                               join e in db.Events on r.EventId equals e.Id
                               where r.UserId == null && r.PseudonymisedAt == null && r.OccurrenceStartsAt < before
                               orderby r.Id
                               select new { r.Id, e.LeerregioId }).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            var ids = batch.Select(b => b.Id).ToList();
            // The condition again, so that a parallel run does not count the same rows twice.
            var changed = await db.EventRegistrations.Where(r => ids.Contains(r.Id) && r.UserId == null && r.PseudonymisedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.GuestName, Placeholder).SetProperty(r => r.GuestEmail, (string?)null)
                    .SetProperty(r => r.GuestPhone, (string?)null).SetProperty(r => r.PersonKey, (string?)null).SetProperty(r => r.PseudonymisedAt, now), ct);
            if (changed == batch.Count)
            {
                foreach (var g in batch.GroupBy(b => b.LeerregioId))
                {
                    perLeerregio[g.Key] = perLeerregio.GetValueOrDefault(g.Key) + g.Count();
                }
            }
            else if (changed > 0)
            {
                perLeerregio[batch[0].LeerregioId] = perLeerregio.GetValueOrDefault(batch[0].LeerregioId) + changed;
            }
        }
        foreach (var (leerregioId, count) in perLeerregio)
        {
            await audit.WriteAsync("event-guests.pseudonymised", "leerregio", leerregioId.ToString(CultureInfo.InvariantCulture), leerregioId,
                string.Create(CultureInfo.InvariantCulture, $"{count} guest registrations of occurrences before {before:O} (retention {Days} days)"), byUserId, ct);
            logger.LogInformation("Pseudonymised {Count} guest registrations of leerregio {LeerregioId}", count, leerregioId);
        }
        return new RunResult(perLeerregio.Values.Sum(), before);
    }
}
