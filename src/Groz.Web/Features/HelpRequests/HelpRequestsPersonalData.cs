using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// Clearing the personal data of help requests, in one place for erasure (here) and retention (HelpRetention on branch
/// hr2 clears the same columns for a batch of closed requests; when merged it can call this with detachPeople: true).
/// Kept: everything the reports read (kind, wijk, category, urgency, status, outcome, timestamps, deadlines, minutes
/// helped, the status steps, the asks and the consent records with their text version and dates).
/// </summary>
public static class HelpPseudonymisation
{
    /// <summary>What replaces the required text columns (contact name, description, company name).</summary>
    public const string Placeholder = "—";

    /// <summary>
    /// Clears the resident's personal data of <paramref name="requests"/> and deletes their private notes. With
    /// <paramref name="detachPeople"/> (finished requests only: retention, or erasure of a closed one) also every other
    /// user id on them, their consents, status steps and referrals, the vitaal-werken company name and KvK number, and
    /// the link to the Tijdbank transfer (the transfer stays in the Tijdbank; the link would tell whose request it was),
    /// and marks them pseudonymised. Without it the assistant and the volunteer stay on a request that is still running,
    /// so that they can finish and close it. The UPDATE repeats the caller's conditions, so a request that changed state
    /// in between is left alone.
    /// </summary>
    public static async Task<int> ClearAsync(GrozDbContext db, IQueryable<HelpRequest> requests, DateTimeOffset now, bool detachPeople, CancellationToken ct)
    {
        var ids = await requests.Select(r => r.Id).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return 0;
        }
        var changed = await requests.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(r => r.ContactName, Placeholder)
                .SetProperty(r => r.ContactPhone, (string?)null)
                .SetProperty(r => r.ContactEmail, (string?)null)
                .SetProperty(r => r.Description, Placeholder)
                .SetProperty(r => r.HealthDetails, (string?)null)
                .SetProperty(r => r.FollowUpComment, (string?)null)
                .SetProperty(r => r.FollowUpTokenHash, (string?)null)
                .SetProperty(r => r.ResidentUserId, (string?)null);
            if (detachPeople)
            {
                s.SetProperty(r => r.EnteredByUserId, (string?)null)
                    .SetProperty(r => r.AssistantUserId, (string?)null)
                    .SetProperty(r => r.MatchedVolunteerUserId, (string?)null)
                    .SetProperty(r => r.TransferId, (long?)null)
                    .SetProperty(r => r.PseudonymisedAt, now);
            }
        }, ct);
        await db.HelpNotes.Where(n => ids.Contains(n.HelpRequestId)).ExecuteDeleteAsync(ct);
        if (detachPeople)
        {
            await db.HelpConsents.Where(c => ids.Contains(c.HelpRequestId))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.GivenByUserId, (string?)null).SetProperty(c => c.WithdrawnByUserId, (string?)null), ct);
            await db.HelpStatusChanges.Where(c => ids.Contains(c.HelpRequestId)).ExecuteUpdateAsync(s => s.SetProperty(c => c.ByUserId, (string?)null), ct);
            await db.VitalWorkDetails.Where(v => ids.Contains(v.HelpRequestId))
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.CompanyName, Placeholder).SetProperty(v => v.KvkNumber, (string?)null), ct);
            await db.VitalWorkReferrals.Where(v => ids.Contains(v.HelpRequestId)).ExecuteUpdateAsync(s => s.SetProperty(v => v.ByUserId, (string?)null), ct);
        }
        return changed;
    }
}

/// <summary>
/// Hulpvragen in "download my data" and "delete my account" (AVG art. 15, 17, 20).
/// <para><b>Export</b>: the member's own questions with their consents, status steps, follow-up and the private notes
/// about them; the asks they got as a volunteer, the questions they helped with (what, where, when — not the other
/// resident's name, story or contact details) and their volunteer profile. The notes are included because a note about
/// a person is that person's personal data and art. 15 gives the right to a copy; the AVG's exceptions (art. 15(4), UAVG
/// art. 41) are for a case-by-case decision by the coordinator, not a default. Who wrote a note and which staff member
/// took a step are left out: that is the staff member's data (art. 15(4)); the export says "you" or "staff".
/// Questions the member typed in for someone else belong to that resident: the export lists only that the member entered
/// them (number, wijk, category, status, date), none of the resident's data.</para>
/// <para><b>Erasure</b>: open questions that may still be withdrawn are withdrawn (status machine, outcome Withdrawn),
/// consents are withdrawn, and the personal data of every question of the member is cleared as retention does; a
/// question that is already being helped keeps its assistant and volunteer until staff closes it. As a volunteer, their
/// open asks are withdrawn and a question they had said yes to but not started goes back to triage; their profile is
/// deleted. Finished questions they helped with or entered for someone else lose the link to them. The counts in every report stay, since rows, statuses, outcomes and dates stay.</para>
/// </summary>
public sealed class HelpRequestsPersonalData(GrozDbContext db, TimeProvider time, HelpRequests help, HelpVolunteering volunteering) : IPersonalDataPart
{
    public string Name => "helprequests";

    public async Task<object?> ExportAsync(string userId, CancellationToken ct)
    {
        var requests = await db.HelpRequests.AsNoTracking().Where(r => r.ResidentUserId == userId).OrderBy(r => r.Id).ToListAsync(ct);
        var ids = requests.Select(r => r.Id).ToList();
        var consents = await db.HelpConsents.AsNoTracking().Where(c => ids.Contains(c.HelpRequestId)).OrderBy(c => c.Id).ToListAsync(ct);
        var steps = await db.HelpStatusChanges.AsNoTracking().Where(c => ids.Contains(c.HelpRequestId)).OrderBy(c => c.Id).ToListAsync(ct);
        var notes = await db.HelpNotes.AsNoTracking().Where(n => ids.Contains(n.HelpRequestId)).OrderBy(n => n.Id)
            .Select(n => new { n.HelpRequestId, n.Text, n.CreatedAt }).ToListAsync(ct);
        var asks = await (from a in db.HelpMatchAsks.AsNoTracking()
                          where a.VolunteerUserId == userId
                          join r in db.HelpRequests on a.HelpRequestId equals r.Id
                          orderby a.Id
                          select new { a.Id, a.HelpRequestId, r.LeerregioId, r.WijkId, r.Category, a.AskedAt, a.ExpiresAt, a.Answer, a.AnsweredAt }).ToListAsync(ct);
        var helped = await db.HelpRequests.AsNoTracking().Where(r => r.MatchedVolunteerUserId == userId).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.LeerregioId, r.WijkId, r.Category, r.Status, r.MatchedAt, r.DoneAt, r.HelpedMinutes, r.TransferId }).ToListAsync(ct);
        // Questions the member typed in for someone else: that they did so is theirs, the question itself is the resident's.
        var entered = await db.HelpRequests.AsNoTracking().Where(r => r.EnteredByUserId == userId && r.EnteredOnBehalf && r.ResidentUserId != userId).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.LeerregioId, r.WijkId, r.Kind, r.Category, r.Status, r.CreatedAt }).ToListAsync(ct);
        string Who(string? id) => id == userId ? "you" : id is null ? "system" : "staff";
        return new
        {
            requests = requests.Select(r => new
            {
                r.Id, r.LeerregioId, r.WijkId, Kind = r.Kind.ToString(), Category = r.Category.ToString(), Urgency = r.Urgency.ToString(),
                r.Description, r.HealthDetails, r.PreferredDate, r.PreferredFrom, r.PreferredUntil, ContactPreference = r.ContactPreference.ToString(),
                r.ContactName, r.ContactPhone, r.ContactEmail, r.EnteredOnBehalf, Status = r.Status.ToString(), Outcome = r.Outcome?.ToString(),
                r.ReferredServiceId, r.TransferId, r.HelpedMinutes, r.CreatedAt, r.FirstResponseAt, r.MatchedAt, r.DoneAt, r.ClosedAt, r.PseudonymisedAt,
                FollowUp = new { Answer = r.FollowUpAnswer?.ToString(), Comment = r.FollowUpComment, At = r.FollowedUpAt, SentAt = r.FollowUpSentAt },
                Consents = consents.Where(c => c.HelpRequestId == r.Id).Select(c => new
                {
                    Kind = c.Kind.ToString(), c.TextVersion, c.GivenAt, GivenBy = Who(c.GivenByUserId), c.WithdrawnAt,
                    WithdrawnBy = c.WithdrawnAt is null ? null : Who(c.WithdrawnByUserId),
                }).ToList(),
                History = steps.Where(c => c.HelpRequestId == r.Id).Select(c => new { From = c.From?.ToString(), To = c.To.ToString(), c.At, By = Who(c.ByUserId) }).ToList(),
                Notes = notes.Where(n => n.HelpRequestId == r.Id).Select(n => new { n.Text, n.CreatedAt }).ToList(),
            }).ToList(),
            asksAsVolunteer = asks.Select(a => new { a.Id, a.HelpRequestId, a.LeerregioId, a.WijkId, Category = a.Category.ToString(), a.AskedAt, a.ExpiresAt, Answer = a.Answer.ToString(), a.AnsweredAt }).ToList(),
            helpedAsVolunteer = helped.Select(r => new { r.Id, r.LeerregioId, r.WijkId, Category = r.Category.ToString(), Status = r.Status.ToString(), r.MatchedAt, r.DoneAt, r.HelpedMinutes, r.TransferId }).ToList(),
            enteredForOthers = entered.Select(r => new { r.Id, r.LeerregioId, r.WijkId, Kind = r.Kind.ToString(), Category = r.Category.ToString(), Status = r.Status.ToString(), r.CreatedAt }).ToList(),
            volunteerProfiles = await volunteering.ExportAsync(userId, ct),
        };
    }

    public async Task EraseAsync(string userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await help.EndForErasedMemberAsync(userId, ct);
        await db.HelpConsents.Where(c => c.WithdrawnAt == null && db.HelpRequests.Any(r => r.Id == c.HelpRequestId && r.ResidentUserId == userId))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.WithdrawnAt, now).SetProperty(c => c.WithdrawnByUserId, userId), ct);
        var mine = db.HelpRequests.Where(r => r.ResidentUserId == userId);
        var finished = new[] { HelpStatus.Closed, HelpStatus.Withdrawn };
        // Running ones first: the finished query below would no longer find them once ResidentUserId is cleared.
        await HelpPseudonymisation.ClearAsync(db, mine.Where(r => !finished.Contains(r.Status)), now, detachPeople: false, ct);
        await HelpPseudonymisation.ClearAsync(db, mine.Where(r => finished.Contains(r.Status)), now, detachPeople: true, ct);
        // Finished questions they helped with or typed in for someone else no longer need to say who that was; running ones
        // keep the volunteer and the professional until staff closes them (they are the people the resident deals with).
        await db.HelpRequests.Where(r => finished.Contains(r.Status) && r.MatchedVolunteerUserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.MatchedVolunteerUserId, (string?)null), ct);
        await db.HelpRequests.Where(r => finished.Contains(r.Status) && r.EnteredByUserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.EnteredByUserId, (string?)null), ct);
        await db.HelpVolunteerProfiles.Where(p => p.UserId == userId).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }
}

public sealed partial class HelpRequests
{
    /// <summary>
    /// The status side of erasing a member (see <see cref="HelpRequestsPersonalData"/>): each change a step of the status
    /// machine, by the member themselves, in the caller's transaction.
    /// </summary>
    internal async Task EndForErasedMemberAsync(string userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // As a resident: withdraw what can still be withdrawn, with the asks sent for it.
        var open = await db.HelpRequests.AsNoTracking().Where(r => r.ResidentUserId == userId).ToListAsync(ct);
        foreach (var r in open.Where(r => HelpFlow.Allowed(r.Status, HelpStatus.Withdrawn)))
        {
            if (await MoveAsync(r, HelpStatus.Withdrawn, userId, s => s.SetProperty(x => x.Outcome, HelpOutcome.Withdrawn).SetProperty(x => x.ClosedAt, now), ct))
            {
                await db.HelpMatchAsks.Where(a => a.HelpRequestId == r.Id && a.Answer == AskAnswer.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answer, AskAnswer.Withdrawn).SetProperty(a => a.AnsweredAt, now), ct);
            }
        }
        // As a volunteer: open asks end (withdrawn, so they count for nobody's reliability), and so does a yes not yet started.
        await db.HelpMatchAsks.Where(a => a.VolunteerUserId == userId && a.Answer == AskAnswer.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answer, AskAnswer.Withdrawn).SetProperty(a => a.AnsweredAt, now), ct);
        await ReturnUnansweredAsync(db.HelpRequests.Where(r => db.HelpMatchAsks.Any(a => a.HelpRequestId == r.Id && a.VolunteerUserId == userId)), userId, ct);
        var matched = await db.HelpRequests.AsNoTracking().Where(r => r.MatchedVolunteerUserId == userId && r.Status == HelpStatus.Matched).ToListAsync(ct);
        foreach (var r in matched)
        {
            if (await MoveAsync(r, HelpStatus.Triaged, userId, s => s.SetProperty(x => x.MatchedVolunteerUserId, (string?)null).SetProperty(x => x.MatchedAt, (DateTimeOffset?)null), ct))
            {
                // Their yes no longer stands: the request can be asked again and go back to triage like any other.
                await db.HelpMatchAsks.Where(a => a.HelpRequestId == r.Id && a.VolunteerUserId == userId && a.Answer == AskAnswer.Accepted)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answer, AskAnswer.Withdrawn), ct);
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
