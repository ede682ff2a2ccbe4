using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// Asks whose link expired. There is no job for it: whoever reads the request, the queue or their inbox first marks the
/// expired asks of what they read with one conditional UPDATE (no rows touched, no locks taken when nothing expired), and a
/// request whose asks are now all expired or declined goes back to Triaged through the status machine, as after the last
/// decline, so that it shows up again in the assistant's queue.
/// </summary>
public sealed partial class HelpRequests
{
    /// <summary>
    /// Past reliability in the suggestions, in whole points. A yes counts +1 and so does helping in a Tijdbank exchange (at
    /// most 3). A no counts −½: saying no is an answer, it lets the assistant ask someone else at once, and volunteers should
    /// feel free to say it. Letting the link expire counts −1: the resident waited the whole expiry period for nothing.
    /// The halves are rounded towards zero, so a single no costs nothing.
    /// </summary>
    public static int Reliability(int accepted, int declined, int expired, int exchanges) =>
        (2 * accepted - declined - 2 * expired + 2 * Math.Min(exchanges, 3)) / 2;

    /// <summary>Marks the expired asks of one request and, if that left it without anyone to answer, sends it back to triage.</summary>
    public async Task<int> ExpireAsksAsync(int requestId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var expired = await db.HelpMatchAsks.Where(a => a.HelpRequestId == requestId && a.Answer == AskAnswer.Pending && a.ExpiresAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answer, AskAnswer.Expired).SetProperty(a => a.AnsweredAt, a => a.ExpiresAt), ct);
        if (expired > 0)
        {
            await ReturnUnansweredAsync(db.HelpRequests.Where(r => r.Id == requestId), null, ct);
        }
        return expired;
    }

    /// <summary>The same for a whole leerregio, before its queue is read.</summary>
    public async Task<int> ExpireAsksInLeerregioAsync(int leerregioId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var expired = await db.HelpMatchAsks.Where(a => a.LeerregioId == leerregioId && a.Answer == AskAnswer.Pending && a.ExpiresAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answer, AskAnswer.Expired).SetProperty(a => a.AnsweredAt, a => a.ExpiresAt), ct);
        if (expired > 0)
        {
            await ReturnUnansweredAsync(db.HelpRequests.Where(r => r.LeerregioId == leerregioId), null, ct);
        }
        return expired;
    }

    /// <summary>The same for one volunteer's asks, before their inbox is read.</summary>
    public async Task<int> ExpireAsksOfVolunteerAsync(string volunteerUserId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var expired = await db.HelpMatchAsks.Where(a => a.VolunteerUserId == volunteerUserId && a.Answer == AskAnswer.Pending && a.ExpiresAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answer, AskAnswer.Expired).SetProperty(a => a.AnsweredAt, a => a.ExpiresAt), ct);
        if (expired > 0)
        {
            await ReturnUnansweredAsync(db.HelpRequests.Where(r => db.HelpMatchAsks.Any(a => a.HelpRequestId == r.Id && a.VolunteerUserId == volunteerUserId)), null, ct);
        }
        return expired;
    }

    /// <summary>
    /// Asked requests in <paramref name="scope"/> that nobody can answer any more (no pending and no accepted ask) go back to
    /// Triaged, each with its status step. A new ask that slips in between is the same race as the core's last decline:
    /// the assistant sees the request in triage and asks again.
    /// </summary>
    internal async Task<int> ReturnUnansweredAsync(IQueryable<HelpRequest> scope, string? byUserId, CancellationToken ct)
    {
        var stuck = await scope.AsNoTracking()
            .Where(r => r.Status == HelpStatus.Asked
                && !db.HelpMatchAsks.Any(a => a.HelpRequestId == r.Id && (a.Answer == AskAnswer.Pending || a.Answer == AskAnswer.Accepted)))
            .ToListAsync(ct);
        var moved = 0;
        foreach (var r in stuck)
        {
            var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            try
            {
                if (await MoveAsync(r, HelpStatus.Triaged, byUserId, null, ct))
                {
                    await db.SaveChangesAsync(ct);
                    moved++;
                }
                if (own is not null)
                {
                    await own.CommitAsync(ct);
                }
            }
            finally
            {
                if (own is not null)
                {
                    await own.DisposeAsync();
                }
            }
        }
        return moved;
    }
}
