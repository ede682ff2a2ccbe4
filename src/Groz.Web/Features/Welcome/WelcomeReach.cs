using Groz.Web.Data;
using Groz.Web.Features.Events;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Welcome;

/// <summary>
/// "New residents reached" for the Monitor, per wijk and month (Dutch calendar month): welcome routes made in the month,
/// plus letter codes first opened in the month that did not lead to a route (a resident who scans the letter and
/// then completes the route counts once). N is that count.
/// <para>Routes and letters are removed after their retention, so a month is only recounted while its data is surely
/// all there: until <see cref="RecountDays"/> days after it ended. After that the Monitor keeps the value it stored,
/// and retention may not be shorter than <see cref="MinimumRetentionDays"/> (checked at start).</para>
/// </summary>
public static class WelcomeReach
{
    public const string IndicatorCode = "welcome.new-residents-reached";
    public const int RecountDays = 31;
    /// <summary>A month's first route is at most this old on the last day it is recounted.</summary>
    public const int MinimumRetentionDays = 31 + RecountDays;

    public static async Task<List<IndicatorValue>> ValuesAsync(GrozDbContext db, int leerregioId, DateOnly month, DateTimeOffset now,
        IEnumerable<(AreaLevel Level, int? WijkId, string Code, int? Residents)> areas,
        Func<string, (AreaLevel Level, int? WijkId, string Code, int? Residents), int, decimal?, decimal?, decimal?, IndicatorValue> value, CancellationToken ct = default)
    {
        var (from, to) = (EventReminders.StartOfDay(month), EventReminders.StartOfDay(month.AddMonths(1)));
        if (now > to.AddDays(RecountDays))
        {
            return [];
        }
        var routes = await db.WelcomeRoutes.AsNoTracking().Where(r => r.LeerregioId == leerregioId && r.CreatedAt >= from && r.CreatedAt < to)
            .GroupBy(r => r.WijkId).Select(g => new { WijkId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var letters = await db.WelcomeLetters.AsNoTracking()
            .Where(x => x.LeerregioId == leerregioId && x.UsedAt >= from && x.UsedAt < to && !db.WelcomeRoutes.Any(r => r.LetterId == x.Id))
            .GroupBy(x => x.WijkId).Select(g => new { WijkId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var perWijk = routes.Concat(letters).GroupBy(x => x.WijkId).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        return areas.Select(area =>
        {
            var n = area.WijkId is { } w ? perWijk.GetValueOrDefault(w) : perWijk.Values.Sum();
            return value(IndicatorCode, area, n, n, null, n);
        }).ToList();
    }
}
