using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Shared;
using Groz.Web.Infrastructure;

namespace Groz.Web.Features.SocialMap;

/// <summary>What the Wijkportaal pages share: option lists and dates in words.</summary>
public static class PortalPages
{
    public sealed record WijkOption(string Code, string Name, string Leerregio);

    public static async Task<List<WijkOption>> WijkOptionsAsync(GrozDbContext db, WijkCache cache, CancellationToken ct = default) =>
        (await cache.GetAsync(db, ct)).OrderBy(x => x.Leerregio, StringComparer.CurrentCulture).ThenBy(x => x.Name, StringComparer.CurrentCulture)
            .Select(x => new WijkOption(x.Code, x.Name, x.Leerregio)).ToList();

    public static List<KeyValuePair<string, string>> ThemeOptions() =>
        Themes.All.Select(t => new KeyValuePair<string, string>(t.Code, Localization.IsDutch ? t.NameNl : t.NameEn)).ToList();

    public static List<KeyValuePair<string, string>> GroupOptions() =>
        SocialMapTaxonomies.TargetGroups.Select(g => new KeyValuePair<string, string>(g.Code, Localization.IsDutch ? g.NameNl : g.NameEn)).ToList();

    public static List<KeyValuePair<string, string>> DayOptions() =>
        HsdsValues.Weekdays.Select((d, i) => new KeyValuePair<string, string>(d, CultureInfo.CurrentCulture.DateTimeFormat.GetDayName((DayOfWeek)((i + 1) % 7)))).ToList();

    public static string Date(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, PortalSearch.DutchTime).ToString("d MMMM yyyy", CultureInfo.CurrentCulture);
}
