using System.Globalization;
using System.Security.Cryptography;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events;

public sealed record FeedbackInput(int? Rating, bool WouldComeAgain, string? Comment);

/// <summary>
/// The anonymous totals an organiser sees. Below <see cref="EventFeedbackService.MinimumResponses"/> answers nothing but the
/// count is shown: with two answers an organiser could tell who said what.
/// </summary>
public sealed record FeedbackSummary(int EventId, int Responses, bool Shown, decimal? AverageRating, IReadOnlyList<int> PerRating, int WouldComeAgain, IReadOnlyList<string> Comments);

/// <summary>
/// The short form after an activity: asked by mail the day after (link with a random token, stored hashed, bound to one
/// registration) or on the event page when signed in; once per person per activity (for a proeverij: once for the fair,
/// whatever number of sessions). The answer itself is stored without the person (<see cref="EventFeedback"/>).
/// </summary>
public sealed class EventFeedbackService(GrozDbContext db, TimeProvider time, Mailer mailer, IHttpContextAccessor http, IConfiguration configuration,
    IStringLocalizer<SharedResource> l, ILogger<EventFeedbackService> logger)
{
    public const int MinimumResponses = 3;
    /// <summary>How long after the end the form stays open.</summary>
    public const int OpenDays = 30;

    private static readonly RegistrationStatus[] Took = [RegistrationStatus.Registered, RegistrationStatus.Attended];

    /// <summary>
    /// The registration a signed-in member answers with for <paramref name="eventId"/> (an activity or a proeverij): one with a
    /// place whose date has passed (within <see cref="OpenDays"/>), when none of theirs for this event has answered yet.
    /// </summary>
    public async Task<EventRegistration?> OpenForUserAsync(string? userId, int eventId, CancellationToken ct = default)
    {
        if (userId is null)
        {
            return null;
        }
        var candidates = await Eligible(eventId).Where(r => r.UserId == userId).OrderBy(r => r.Id).ToListAsync(ct);
        return await FirstOpenAsync(eventId, candidates, ct);
    }

    /// <summary>The registration behind a mailed link for this event, if it may still answer.</summary>
    public async Task<EventRegistration?> OpenForTokenAsync(string? token, int eventId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = Registrations.Hash(token);
        var request = await db.EventFeedbackRequests.AsNoTracking().FirstOrDefaultAsync(q => q.TokenHash == hash && q.EventId == eventId, ct);
        if (request is null || request.AnsweredAt is not null)
        {
            return null;
        }
        return await db.EventRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == request.RegistrationId, ct);
    }

    private IQueryable<EventRegistration> Eligible(int eventId)
    {
        var now = time.GetUtcNow();
        var since = now.AddDays(-OpenDays);
        return db.EventRegistrations.AsNoTracking()
            .Where(r => Took.Contains(r.Status))
            .Join(db.Events.Where(e => e.Id == eventId || e.ParentEventId == eventId), r => r.EventId, e => e.Id, (r, e) => new { r, e })
            .Where(x => x.r.OccurrenceStartsAt < now && x.r.OccurrenceStartsAt >= since.AddDays(-1))
            .Select(x => x.r);
    }

    private async Task<EventRegistration?> FirstOpenAsync(int eventId, List<EventRegistration> candidates, CancellationToken ct)
    {
        if (candidates.Count == 0)
        {
            return null;
        }
        var ids = candidates.Select(r => r.Id).ToList();
        var answered = await db.EventFeedbackRequests.AnyAsync(q => q.EventId == eventId && ids.Contains(q.RegistrationId) && q.AnsweredAt != null, ct);
        return answered ? null : candidates[0];
    }

    /// <summary>Stores one answer for the registration; a second answer (also at the same moment) is refused.</summary>
    public async Task<Outcome<EventFeedback>> SubmitAsync(EventRegistration registration, int eventId, FeedbackInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        if (input.Rating is not (>= 1 and <= 5))
        {
            errors["Rating"] = l["Choose how you liked it, from 1 to 5."];
        }
        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        if (comment?.Length > EventFeedback.MaxComment)
        {
            errors["Comment"] = l["At most 1000 characters."];
        }
        if (errors.Count > 0)
        {
            return Outcome<EventFeedback>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var marked = await db.EventFeedbackRequests.Where(q => q.RegistrationId == registration.Id && q.AnsweredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.AnsweredAt, now), ct);
        if (marked == 0)
        {
            if (await db.EventFeedbackRequests.AnyAsync(q => q.RegistrationId == registration.Id, ct))
            {
                return AlreadyAnswered();
            }
            db.EventFeedbackRequests.Add(new EventFeedbackRequest { RegistrationId = registration.Id, EventId = eventId, AnsweredAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                return AlreadyAnswered();
            }
        }
        var feedback = new EventFeedback
        {
            EventId = eventId, Rating = input.Rating!.Value, WouldComeAgain = input.WouldComeAgain, Comment = comment,
            AnsweredOn = DateOnly.FromDateTime(Recurrence.Local(now)),
        };
        db.EventFeedback.Add(feedback);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<EventFeedback>.Ok(feedback);
    }

    private Outcome<EventFeedback> AlreadyAnswered() =>
        Outcome<EventFeedback>.Fail("feedback-given", "Rating", l["You have already given your opinion. Thank you!"], 409);

    public async Task<FeedbackSummary> SummaryAsync(int eventId, CancellationToken ct = default)
    {
        var rows = await db.EventFeedback.AsNoTracking().Where(f => f.EventId == eventId).Select(f => new { f.Rating, f.WouldComeAgain, f.Comment }).ToListAsync(ct);
        if (rows.Count < MinimumResponses)
        {
            return new FeedbackSummary(eventId, rows.Count, false, null, [], 0, []);
        }
        var perRating = Enumerable.Range(1, 5).Select(r => rows.Count(x => x.Rating == r)).ToList();
        var average = decimal.Round((decimal)rows.Sum(r => r.Rating) / rows.Count, 1, MidpointRounding.AwayFromZero);
        // Comments sorted alphabetically: the order of answering (and thus who wrote what) cannot be read from the list.
        var comments = rows.Where(r => r.Comment != null).Select(r => r.Comment!).Order(StringComparer.Ordinal).ToList();
        return new FeedbackSummary(eventId, rows.Count, true, average, perRating, rows.Count(r => r.WouldComeAgain), comments);
    }

    /// <summary>
    /// Mails the feedback link to everyone with a place in an activity that ended in the last two days and was not asked
    /// yet; for a proeverij once per person. Returns the number of mails. Run hourly by <see cref="EventFeedbackJob"/>.
    /// </summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var rows = await db.EventRegistrations.AsNoTracking()
            .Where(r => Took.Contains(r.Status) && r.OccurrenceStartsAt < now && r.OccurrenceStartsAt > now.AddDays(-3)
                && !db.EventFeedbackRequests.Any(q => q.RegistrationId == r.Id))
            .Join(db.Events.Where(e => e.Status == EventStatus.Published), r => r.EventId, e => e.Id, (r, e) => new { r, e })
            .Take(5000).ToListAsync(ct);
        var due = rows.Where(x => x.r.OccurrenceStartsAt + x.e.Duration <= now)
            .Select(x => new { x.r, Target = x.e.ParentEventId ?? x.e.Id, Person = x.r.UserId ?? x.r.GuestEmail?.ToLowerInvariant() ?? x.r.GuestPhone })
            .GroupBy(x => (x.Target, x.Person)).Select(g => g.OrderBy(x => x.r.Id).First()).ToList();
        var sent = 0;
        foreach (var item in due)
        {
            // Someone with several sessions of one proeverij was perhaps asked already through another of them.
            if (await db.EventFeedbackRequests.AnyAsync(q => q.EventId == item.Target
                    && db.EventRegistrations.Any(r => r.Id == q.RegistrationId && (item.r.UserId != null ? r.UserId == item.r.UserId : r.GuestEmail == item.r.GuestEmail && r.UserId == null)), ct))
            {
                continue;
            }
            var to = item.r.GuestEmail ?? (item.r.UserId is null ? null : await db.Users.Where(u => u.Id == item.r.UserId).Select(u => u.Email).FirstOrDefaultAsync(ct));
            var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
            db.EventFeedbackRequests.Add(new EventFeedbackRequest
            {
                RegistrationId = item.r.Id, EventId = item.Target, TokenHash = to is null ? null : Registrations.Hash(token), SentAt = to is null ? null : now,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                continue; // A parallel run took it.
            }
            if (to is null)
            {
                continue;
            }
            var title = await db.Events.Where(e => e.Id == item.Target).Select(e => e.Title).SingleAsync(ct);
            var path = $"/activiteiten/{item.Target}/reactie?t={token}";
            // The hourly job has no request: then the configured public address (App:PublicUrl) makes the link absolute.
            var link = http.HttpContext is { } context ? AccountLinks.Absolute(context, path) : (configuration["App:PublicUrl"]?.TrimEnd('/') ?? "") + path;
            try
            {
                await mailer.SendAsync(new OutgoingMail(to, $"{l["How was it?"]}: {title}",
                    string.Format(CultureInfo.CurrentCulture, l["events.mail.feedback"], title, link)), ct);
                sent++;
            }
            catch (Exception ex) when (ex is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException)
            {
                logger.LogWarning(ex, "Feedback mail for registration {Id} not sent", item.r.Id);
            }
        }
        return sent;
    }
}

/// <summary>Hourly: the feedback mails of activities that ended (see <see cref="EventFeedbackService.SendDueAsync"/>).</summary>
public sealed class EventFeedbackJob(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<EventFeedbackJob> logger)
    : ScheduledJob(scopes, time, configuration, logger, "Events:FeedbackJob", TimeSpan.FromMinutes(2), TimeSpan.FromHours(1))
{
    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<EventFeedbackService>().SendDueAsync(ct);
}
