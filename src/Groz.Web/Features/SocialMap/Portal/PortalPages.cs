using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Shared;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap;

/// <summary>What the Wijkportaal pages share: option lists and dates in words.</summary>
public static class PortalPages
{
    public sealed record WijkOption(string Code, string Name, string Leerregio);

    public static async Task<List<WijkOption>> WijkOptionsAsync(GrozDbContext db, CancellationToken ct = default) =>
        (await db.Wijken.AsNoTracking().Join(db.Leerregios, w => w.LeerregioId, l => l.Id, (w, l) => new { w.Code, w.Name, Leerregio = l.Name })
            .OrderBy(x => x.Leerregio).ThenBy(x => x.Name).ToListAsync(ct)).Select(x => new WijkOption(x.Code, x.Name, x.Leerregio)).ToList();

    public static List<KeyValuePair<string, string>> ThemeOptions() =>
        Themes.All.Select(t => new KeyValuePair<string, string>(t.Code, Localization.IsDutch ? t.NameNl : t.NameEn)).ToList();

    public static List<KeyValuePair<string, string>> GroupOptions() =>
        SocialMapTaxonomies.TargetGroups.Select(g => new KeyValuePair<string, string>(g.Code, Localization.IsDutch ? g.NameNl : g.NameEn)).ToList();

    public static List<KeyValuePair<string, string>> DayOptions() =>
        HsdsValues.Weekdays.Select((d, i) => new KeyValuePair<string, string>(d, CultureInfo.CurrentCulture.DateTimeFormat.GetDayName((DayOfWeek)((i + 1) % 7)))).ToList();

    public static string Date(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, PortalSearch.DutchTime).ToString("d MMMM yyyy", CultureInfo.CurrentCulture);
}
