using System.Globalization;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Notifications;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// What Hulpvragen puts in the inbox ("Berichten"), always inside the transaction of the step it reports. Need-to-know
/// decides who hears what: the resident (with an account) hears about their own request and the first name of who helps;
/// the buurtassistenten of the request's wijk (and leerregio-wide ones) hear what changed in their wijk; an asked or
/// matched volunteer hears only about their ask. Texts carry a request number, a wijk or a first name, never notes,
/// health details or contact details. Nobody is told about their own action.
/// </summary>
public sealed partial class HelpRequests
{
    private static (string Type, string Id) Subject(int id) => (nameof(HelpRequest), id.ToString(CultureInfo.InvariantCulture));

    private static string Number(HelpRequest r) => r.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The buurtassistenten of the request's wijk, including those of the whole leerregio.</summary>
    internal Task<List<string>> AssistantsOfWijkAsync(int leerregioId, int wijkId, CancellationToken ct) =>
        db.RoleAssignments.Where(g => g.Role == GrozRole.Buurtassistent && g.LeerregioId == leerregioId && (g.WijkId == wijkId || g.WijkId == null))
            .Select(g => g.UserId).Distinct().ToListAsync(ct);

    private async Task NotifyStaffAsync(HelpRequest r, string kind, string textKey, string? exceptUserId, CancellationToken ct, params string[] args)
    {
        var to = (await AssistantsOfWijkAsync(r.LeerregioId, r.WijkId, ct)).Where(u => u != exceptUserId).ToList();
        if (to.Count == 0)
        {
            return;
        }
        var link = $"/beheer/hulpvragen/{await SlugAsync(r.LeerregioId, ct)}/{r.Id}";
        await Notifications.Notifications.AddAsync(db, to, kind, textKey, link, time.GetUtcNow(), Subject(r.Id), r.LeerregioId, [Number(r), .. args]);
    }

    private Task NotifyResidentAsync(HelpRequest r, string kind, string textKey, string? exceptUserId, string? link = null, params string[] args) =>
        r.ResidentUserId is { } resident && resident != exceptUserId
            ? Notifications.Notifications.AddAsync(db, resident, kind, textKey, link ?? $"/hulpvragen/{r.Id}", time.GetUtcNow(), Subject(r.Id), r.LeerregioId, [Number(r), .. args])
            : Task.CompletedTask;

    private Task NotifyUserAsync(HelpRequest r, string userId, string kind, string textKey, params string[] args) =>
        Notifications.Notifications.AddAsync(db, userId, kind, textKey, $"/hulpvragen/{r.Id}", time.GetUtcNow(), Subject(r.Id), r.LeerregioId, [Number(r), .. args]);

    private async Task<string> FirstNameOfAsync(string userId, CancellationToken ct) =>
        FirstName(await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "");

    /// <summary>
    /// Requests whose deadline (first response, or match) passed since <paramref name="window"/> ago and whose assistants were
    /// not told yet: one "overdue" message per request and deadline. Older ones are left alone, so that switching this on
    /// does not flood the inbox with requests the queue already shows as overdue. Run by <see cref="HelpOverdueJob"/>.
    /// </summary>
    public async Task<int> NotifyOverdueAsync(TimeSpan window, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var since = now - window;
        var open = HelpFlow.Open.ToList();
        var notifications = db.Set<Notification>();
        var responseLate = await db.HelpRequests.AsNoTracking()
            .Where(r => open.Contains(r.Status) && r.FirstResponseAt == null && r.FirstResponseDueAt < now && r.FirstResponseDueAt >= since)
            .Where(r => !notifications.Any(n => n.SubjectType == nameof(HelpRequest) && n.SubjectId == r.Id.ToString() && n.Kind == "help.overdue.response"))
            .Take(500).ToListAsync(ct);
        var matchLate = await db.HelpRequests.AsNoTracking()
            .Where(r => (r.Status == HelpStatus.Triaged || r.Status == HelpStatus.Asked) && r.MatchedAt == null && r.MatchDueAt < now && r.MatchDueAt >= since)
            .Where(r => !notifications.Any(n => n.SubjectType == nameof(HelpRequest) && n.SubjectId == r.Id.ToString() && n.Kind == "help.overdue.match"))
            .Take(500).ToListAsync(ct);
        var wijken = await db.Wijken.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        foreach (var r in responseLate)
        {
            await NotifyStaffAsync(r, "help.overdue.response", "notify.help.overdue-response", null, ct, wijken.GetValueOrDefault(r.WijkId, ""));
        }
        foreach (var r in matchLate)
        {
            await NotifyStaffAsync(r, "help.overdue.match", "notify.help.overdue-match", null, ct, wijken.GetValueOrDefault(r.WijkId, ""));
        }
        await db.SaveChangesAsync(ct);
        return responseLate.Count + matchLate.Count;
    }
}

/// <summary>
/// Tells the assistants when a request passes a deadline: every five minutes (the first run five minutes after start),
/// on the app's TimeProvider. Tests call <see cref="HelpRequests.NotifyOverdueAsync"/> with a moved clock instead of waiting.
/// Off with HelpRequests:OverdueJob=false.
/// </summary>
public sealed class HelpOverdueJob(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<HelpOverdueJob> logger)
    : ScheduledJob(scopes, time, configuration, logger, "HelpRequests:OverdueJob", Period, Period)
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(5);
    /// <summary>A deadline passed longer ago than this is not announced any more (restart after a long stop, first start).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<HelpRequests>().NotifyOverdueAsync(Window, ct);
}
