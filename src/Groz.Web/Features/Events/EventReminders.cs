using System.Globalization;
using System.Security.Cryptography;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events;

/// <summary>
/// The reminder the day before: every participant with a place (members, and guests with an e-mail address) of an
/// occurrence that starts tomorrow on the Dutch calendar gets one mail with a cancel link and the .ics link.
/// <para>Exactly once, also with several app instances: each registration is claimed with one conditional UPDATE
/// (ReminderSentAt still empty → now) before its mail is built; whoever changes the row sends, the other instance finds
/// it claimed. If the mail server refuses, the claim is undone so that the next run tries again.</para>
/// <para>"Tomorrow" is a date in Europe/Amsterdam, turned into UTC per day: the day before the change to summer time is
/// 23 hours long in UTC and the day before winter time 25, so a fixed 24-hour window would send too early or miss
/// an activity around midnight.</para>
/// </summary>
public sealed class EventReminders(GrozDbContext db, TimeProvider time, Mailer mailer, IConfiguration configuration,
    IStringLocalizer<SharedResource> l, ILogger<EventReminders> logger)
{
    /// <summary>Registrations read per query; each is still claimed one by one.</summary>
    public const int BatchSize = 200;

    public sealed record RunResult(int Sent, DateTimeOffset From, DateTimeOffset To);

    /// <summary>Start of the Dutch calendar day <paramref name="day"/> in UTC (midnight always exists in Amsterdam: clocks change at 02:00/03:00).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Recurrence.DutchTime), TimeSpan.Zero);

    /// <summary>[start, end) of tomorrow, Dutch time, in UTC.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Tomorrow(DateTimeOffset now)
    {
        var tomorrow = DateOnly.FromDateTime(Recurrence.Local(now)).AddDays(1);
        return (StartOfDay(tomorrow), StartOfDay(tomorrow.AddDays(1)));
    }

    public async Task<RunResult> RunAsync(CancellationToken ct = default)
    {
        var (dayStart, dayEnd) = Tomorrow(time.GetUtcNow());
        var sent = 0;
        long after = 0;
        while (true)
        {
            var due = await (from r in db.EventRegistrations.AsNoTracking()
                             join e in db.Events on r.EventId equals e.Id
                             where r.Id > after && r.Status == RegistrationStatus.Registered && r.ReminderSentAt == null
                                 && r.OccurrenceStartsAt >= dayStart && r.OccurrenceStartsAt < dayEnd && e.Status == EventStatus.Published
                             orderby r.Id
                             select new Due(r.Id, e.Id, e.Title, e.Address, r.OccurrenceStartsAt, e.StartsAt, e.EndsAt, r.GuestEmail,
                                 db.Users.Where(u => u.Id == r.UserId && u.ErasedAt == null && u.EmailConfirmed).Select(u => u.Email).FirstOrDefault(),
                                 db.Users.Where(u => u.Id == r.UserId).Select(u => u.PreferredCulture).FirstOrDefault()))
                .Take(BatchSize).ToListAsync(ct);
            if (due.Count == 0)
            {
                break;
            }
            foreach (var d in due)
            {
                if (await SendOneAsync(d, ct))
                {
                    sent++;
                }
            }
            after = due[^1].Id;
        }
        if (sent > 0)
        {
            logger.LogInformation("Sent {Count} reminders for activities on {Day}", sent, Recurrence.Local(dayStart).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        return new RunResult(sent, dayStart, dayEnd);
    }

    private sealed record Due(long Id, int EventId, string Title, string? Address, DateTimeOffset StartsAt, DateTimeOffset EventStart, DateTimeOffset EventEnd,
        string? GuestEmail, string? UserEmail, string? Culture)
    {
        public TimeSpan Duration => EventEnd - EventStart;
    }

    private async Task<bool> SendOneAsync(Due d, CancellationToken ct)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        // The claim: the WHERE clause repeats "not yet sent and still has a place", so a cancellation or a parallel run in between wins.
        var claimed = await db.EventRegistrations
            .Where(r => r.Id == d.Id && r.ReminderSentAt == null && r.Status == RegistrationStatus.Registered)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReminderSentAt, now).SetProperty(r => r.ReminderTokenHash, Registrations.Hash(token)), ct) == 1;
        var to = d.GuestEmail ?? d.UserEmail;
        if (!claimed || to is null)
        {
            // A guest with only a phone number is marked too: the organiser calls them, the job does not look again.
            return false;
        }
        try
        {
            await mailer.SendAsync(Mail(d, to, token), ct);
            return true;
        }
        catch (Exception ex) when (ex is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException)
        {
            logger.LogWarning(ex, "Reminder for registration {Id} not sent; the next run tries again", d.Id);
            await db.EventRegistrations.Where(r => r.Id == d.Id && r.ReminderSentAt == now)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReminderSentAt, (DateTimeOffset?)null).SetProperty(r => r.ReminderTokenHash, (string?)null), CancellationToken.None);
            return false;
        }
    }

    private OutgoingMail Mail(Due d, string to, string token)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            var c = new CultureInfo(d.Culture == "en" ? "en" : "nl");
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (c, c);
            var origin = Origin();
            var body = string.Format(c, l["events.mail.reminder"], d.Title, Registrations.When(d.StartsAt), EventPages.Time(d.StartsAt + d.Duration),
                d.Address ?? "", $"{origin}/activiteiten/afmelden/{token}", $"{origin}/activiteiten/{d.EventId}/agenda.ics", $"{origin}/activiteiten/{d.EventId}");
            return new OutgoingMail(to, $"{l["Reminder: tomorrow"]}: {d.Title}", body);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }

    /// <summary>A job has no request to take the host from: App:PublicUrl (set in production) or else localhost.</summary>
    private string Origin() => configuration["App:PublicUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : "http://localhost:5000";
}

/// <summary>
/// Every <see cref="Period"/>: the reminders of tomorrow's activities, then guest retention. Every quarter of an hour
/// rather than once a day, so that someone who signs up the day before still gets a reminder and a restart never
/// skips a day; each run only finds what is not done yet. The clock is the app's TimeProvider; tests call
/// <see cref="RunOnceAsync"/> (or the services) directly with a shifted clock. Off with Events:Jobs=false.
/// </summary>
public sealed class EventJobs(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<EventJobs> logger)
    : ScheduledJob(scopes, time, configuration, logger, "Events:Jobs", TimeSpan.FromMinutes(1), Period)
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(15);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<EventReminders>().RunAsync(ct);
        await services.GetRequiredService<EventRetention>().RunAsync(null, ct);
    }
}
