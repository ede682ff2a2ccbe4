using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Shared;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.SocialMap;

/// <summary>The search of the Wijkportaal as the page and the API receive it, before checking.</summary>
public sealed class SearchInput
{
    public string? Text { get; set; }
    /// <summary>CBS code of the wijk (WK034408).</summary>
    public string? Wijk { get; set; }
    /// <summary>GROZ theme code (leefstijl).</summary>
    public string? Theme { get; set; }
    /// <summary>Target group code (ouderen).</summary>
    public string? Group { get; set; }
    /// <summary>"true" for only free services (a checkbox sends "true"; "1", "on" and "ja" also count).</summary>
    public string? Free { get; set; }
    /// <summary>RFC 5545 day: MO … SU.</summary>
    public string? Day { get; set; }
    /// <summary>HH:mm, Dutch time.</summary>
    public string? Time { get; set; }
    public string? OpenNow { get; set; }
    /// <summary>physical or digital.</summary>
    public string? Form { get; set; }
    public string? Age { get; set; }
    public string? Page { get; set; }
}

/// <summary>A checked search: every value known to exist, or an error message per field.</summary>
public sealed record SearchFilter(string? Text, int? WijkId, int? WijkLeerregioId, Guid? ThemeTermId, Guid? GroupTermId, bool Free,
    string? Day, TimeOnly? Time, int? MonthlyOrdinal, bool LastOfMonth, DateOnly? Date, string? Form, int? Age, int Page)
{
    public bool IsEmpty => Text is null && WijkId is null && ThemeTermId is null && GroupTermId is null && !Free && Day is null && Form is null && Age is null;
}

public sealed record SearchResultItem(Guid Id, string Name, string? Organization, string? Summary, string? Address, string? Wijk,
    double? Latitude, double? Longitude, bool Free, bool Digital, string OpeningHours, DateTimeOffset? LastCheckedAt, IReadOnlyList<string> Themes);

public sealed record SearchResults(int Total, int Page, int PageSize, IReadOnlyList<SearchResultItem> Items)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The public search: full text (<see cref="SearchIndex"/>) and filters in one SQL statement over the published services.
/// Filters mean: wijk = covers the wijk (service area or a location there) or is bound to no wijk at all in that wijk's
/// leerregio (a helpline or app for everyone); theme and target group = HSDS attributes; free = a cost option of €0;
/// day/time and open now = a schedule of the service or of one of its service_at_locations; physical = at a physical
/// location, digital = an application (platforms) or at a virtual location; age = within minimum and maximum age.
/// </summary>
public sealed class PortalSearch(GrozDbContext db, SearchIndex index, TimeProvider time, WijkCache wijkCache, IStringLocalizer<SharedResource> l)
{
    public const int PageSize = 20;
    public const int MaxTextLength = 200;
    public const int MaxPage = 500;
    public static readonly string[] Days = HsdsValues.Weekdays;
    public static readonly TimeZoneInfo DutchTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>Checks every value; errors are keyed by the input's property name.</summary>
    public async Task<(SearchFilter? Filter, Dictionary<string, string> Errors)> CheckAsync(SearchInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var text = string.IsNullOrWhiteSpace(input.Text) ? null : input.Text.Trim();
        if (text is { Length: > MaxTextLength })
        {
            errors[nameof(SearchInput.Text)] = string.Format(CultureInfo.CurrentCulture, l["Use at most {0} characters."], MaxTextLength);
        }
        int? wijkId = null, wijkLeerregio = null;
        if (!string.IsNullOrWhiteSpace(input.Wijk))
        {
            var code = input.Wijk.Trim().ToUpperInvariant();
            var wijk = (await wijkCache.GetAsync(db, ct)).FirstOrDefault(w => w.Code == code);
            if (wijk is null)
            {
                errors[nameof(SearchInput.Wijk)] = l["This wijk is not known. Choose a wijk from the list."];
            }
            else
            {
                (wijkId, wijkLeerregio) = (wijk.Id, wijk.LeerregioId);
            }
        }
        Guid? theme = null, group = null;
        if (!string.IsNullOrWhiteSpace(input.Theme))
        {
            if (Themes.All.Any(t => t.Code == input.Theme))
            {
                theme = SocialMapTaxonomies.ThemeTermId(input.Theme);
            }
            else
            {
                errors[nameof(SearchInput.Theme)] = l["This theme is not known. Choose a theme from the list."];
            }
        }
        if (!string.IsNullOrWhiteSpace(input.Group))
        {
            if (SocialMapTaxonomies.TargetGroups.Any(g => g.Code == input.Group))
            {
                group = SocialMapTaxonomies.TargetGroupTermId(input.Group);
            }
            else
            {
                errors[nameof(SearchInput.Group)] = l["This group is not known. Choose a group from the list."];
            }
        }
        string? day = null;
        if (!string.IsNullOrWhiteSpace(input.Day))
        {
            day = input.Day.Trim().ToUpperInvariant();
            if (!Days.Contains(day))
            {
                errors[nameof(SearchInput.Day)] = l["Choose a day of the week from the list."];
                day = null;
            }
        }
        TimeOnly? at = null;
        if (!string.IsNullOrWhiteSpace(input.Time))
        {
            if (TimeOnly.TryParseExact(input.Time.Trim(), ["HH:mm", "H:mm", "HH.mm", "H.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            {
                at = t;
            }
            else
            {
                errors[nameof(SearchInput.Time)] = l["Fill in a time like 14:30."];
            }
        }
        string? form = null;
        if (!string.IsNullOrWhiteSpace(input.Form))
        {
            form = input.Form.Trim().ToLowerInvariant();
            if (form is not ("physical" or "digital"))
            {
                errors[nameof(SearchInput.Form)] = l["Choose in the wijk or online."];
                form = null;
            }
        }
        int? age = null;
        if (!string.IsNullOrWhiteSpace(input.Age))
        {
            if (int.TryParse(input.Age.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a <= 120)
            {
                age = a;
            }
            else
            {
                errors[nameof(SearchInput.Age)] = l["Fill in an age in years, from 0 to 120."];
            }
        }
        var page = 1;
        if (!string.IsNullOrWhiteSpace(input.Page)
            && (!int.TryParse(input.Page.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out page) || page is < 1 or > MaxPage))
        {
            errors[nameof(SearchInput.Page)] = string.Format(CultureInfo.CurrentCulture, l["Choose a page from 1 to {0}."], MaxPage);
        }
        var free = Flag(input.Free, nameof(SearchInput.Free), errors);
        var openNow = Flag(input.OpenNow, nameof(SearchInput.OpenNow), errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        int? ordinal = null;
        var last = false;
        DateOnly? date = null;
        if (openNow)
        {
            // "Open now" is the Dutch wall clock: opening hours are local time, the server may run in UTC.
            var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), DutchTime);
            date = DateOnly.FromDateTime(local.DateTime);
            day = Days[((int)local.DayOfWeek + 6) % 7];
            at = TimeOnly.FromDateTime(local.DateTime);
            ordinal = (local.Day - 1) / 7 + 1;
            last = local.Day + 7 > DateTime.DaysInMonth(local.Year, local.Month);
        }
        return (new SearchFilter(text, wijkId, wijkLeerregio, theme, group, free, day, at, ordinal, last, date, form, age, page), errors);
    }

    private bool Flag(string? value, string field, Dictionary<string, string> errors)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "false" or "0" or "nee" or "off":
                return false;
            case "true" or "1" or "on" or "ja":
                return true;
            default:
                errors[field] = l["Use true or false."];
                return false;
        }
    }

    /// <summary>The public services matching the filter (no ordering).</summary>
    public IQueryable<Service> Filter(SearchFilter f, int? leerregioId = null)
    {
        var q = SearchIndex.Public(db.SmServices.AsNoTracking());
        if (leerregioId is { } lr)
        {
            q = q.Where(s => s.LeerregioId == lr);
        }
        if (f.WijkId is { } w)
        {
            var lrId = f.WijkLeerregioId!.Value;
            q = q.Where(s =>
                db.SmServiceAreas.Any(a => a.ServiceId == s.Id && a.WijkId == w)
                || db.SmServiceAtLocations.Any(x => x.ServiceId == s.Id && db.SmLocations.Any(loc => loc.Id == x.LocationId && loc.WijkId == w))
                || (s.LeerregioId == lrId
                    && !db.SmServiceAreas.Any(a => a.ServiceId == s.Id && a.WijkId != null)
                    && !db.SmServiceAtLocations.Any(x => x.ServiceId == s.Id && db.SmLocations.Any(loc => loc.Id == x.LocationId && loc.WijkId != null))));
        }
        if (f.ThemeTermId is { } theme)
        {
            q = q.Where(s => db.SmAttributes.Any(a => a.LinkId == s.Id && a.LinkType == "service" && a.TaxonomyTermId == theme));
        }
        if (f.GroupTermId is { } group)
        {
            q = q.Where(s => db.SmAttributes.Any(a => a.LinkId == s.Id && a.LinkType == "service" && a.TaxonomyTermId == group));
        }
        if (f.Free)
        {
            q = q.Where(s => db.SmCostOptions.Any(c => c.ServiceId == s.Id && c.Amount == 0m));
        }
        if (f.Day is not null || f.Time is not null)
        {
            var schedules = db.SmSchedules.AsQueryable();
            if (f.Day is { } day)
            {
                if (f.MonthlyOrdinal is { } n)
                {
                    // A date: weekly on this day, or monthly on this n-th (or last) weekday of the month.
                    var nth = "," + n.ToString(CultureInfo.InvariantCulture) + day + ",";
                    var lastOne = f.LastOfMonth ? ",-1" + day + "," : "(none)";
                    schedules = schedules.Where(x => x.Byday != null
                        && (x.Freq == "MONTHLY"
                            ? ("," + x.Byday + ",").Contains(nth) || ("," + x.Byday + ",").Contains(lastOne)
                            : ("," + x.Byday + ",").Contains("," + day + ",")));
                }
                else
                {
                    // Any such weekday: "TU" also matches the monthly "1TU" (the day codes never contain one another).
                    schedules = schedules.Where(x => x.Byday != null && x.Byday.Contains(day));
                }
            }
            if (f.Time is { } t)
            {
                schedules = schedules.Where(x => x.OpensAt != null && x.ClosesAt != null && x.OpensAt <= t && x.ClosesAt > t);
            }
            var today = f.Date ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), DutchTime).DateTime);
            schedules = schedules.Where(x => (x.ValidTo == null || x.ValidTo >= today) && (x.Until == null || x.Until >= today));
            if (f.Date is { } date)
            {
                schedules = schedules.Where(x => x.ValidFrom == null || x.ValidFrom <= date);
            }
            q = q.Where(s => schedules.Any(x => x.ServiceId == s.Id
                || db.SmServiceAtLocations.Any(sal => sal.Id == x.ServiceAtLocationId && sal.ServiceId == s.Id)));
        }
        if (f.Form == "physical")
        {
            q = q.Where(s => db.SmServiceAtLocations.Any(x => x.ServiceId == s.Id && db.SmLocations.Any(loc => loc.Id == x.LocationId && loc.LocationType == "physical")));
        }
        else if (f.Form == "digital")
        {
            q = q.Where(s => s.Platforms != DigitalPlatforms.None
                || db.SmServiceAtLocations.Any(x => x.ServiceId == s.Id && db.SmLocations.Any(loc => loc.Id == x.LocationId && loc.LocationType == "virtual")));
        }
        if (f.Age is { } age)
        {
            decimal years = age;
            q = q.Where(s => (s.MinimumAge == null || s.MinimumAge <= years) && (s.MaximumAge == null || s.MaximumAge >= years));
        }
        return q;
    }

    /// <summary>Above this many text matches the page is cut from the best ones (a query that matches this much is not specific).</summary>
    public const int MaxTextMatches = 2000;

    /// <summary>
    /// One page of results: by relevance when there is text, otherwise by name. With text, one statement finds every
    /// match with its rank (the full-text match is the expensive part, so it runs once, not again for the count).
    /// </summary>
    public async Task<SearchResults> SearchAsync(SearchFilter f, int? leerregioId = null, int pageSize = PageSize, CancellationToken ct = default)
    {
        await index.EnsureFreshAsync(ct);
        var q = Filter(f, leerregioId);
        var hits = index.Match(f.Text);
        int total;
        List<Guid> pageIds;
        var skip = (f.Page - 1) * pageSize;
        if (hits is not null)
        {
            var matches = await (from s in q join h in hits on s.Id equals h.ServiceId select new { s.Id, s.Name, h.Rank })
                .OrderByDescending(x => x.Rank).Take(MaxTextMatches).ToListAsync(ct);
            total = matches.Count;
            pageIds = matches.OrderByDescending(x => x.Rank).ThenBy(x => x.Name, StringComparer.CurrentCulture).ThenBy(x => x.Id)
                .Skip(skip).Take(pageSize).Select(x => x.Id).ToList();
        }
        else
        {
            total = await q.CountAsync(ct);
            pageIds = await q.OrderBy(s => s.Name).ThenBy(s => s.Id).Skip(skip).Take(pageSize).Select(s => s.Id).ToListAsync(ct);
        }
        return new SearchResults(total, f.Page, pageSize, await DescribeAsync(pageIds, ct));
    }

    public Task<IReadOnlyList<SearchResultItem>> DescribeAsync(List<Service> services, CancellationToken ct = default) =>
        DescribeAsync(services.Select(s => s.Id).ToList(), ct);

    /// <summary>What a result shows besides the name, in the order of <paramref name="ids"/>: organisation, first address, wijk, opening hours, free, themes.</summary>
    public async Task<IReadOnlyList<SearchResultItem>> DescribeAsync(List<Guid> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var rows = await db.SmServices.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new
        {
            s.Id, s.Name, s.Description, s.Platforms, s.LastCheckedAt,
            Organization = db.SmOrganizations.Where(o => o.Id == s.OrganizationId).Select(o => o.Name).FirstOrDefault(),
            Free = db.SmCostOptions.Any(c => c.ServiceId == s.Id && c.Amount == 0m),
        }).ToListAsync(ct);
        var places = await (from x in db.SmServiceAtLocations.AsNoTracking()
                            where ids.Contains(x.ServiceId!.Value)
                            join loc in db.SmLocations on x.LocationId equals loc.Id
                            select new
                            {
                                SalId = x.Id, x.ServiceId, loc.Name, loc.LocationType, loc.Latitude, loc.Longitude, loc.WijkId,
                                Address = db.SmAddresses.Where(a => a.LocationId == loc.Id && a.AddressType != "postal").Select(a => a.Address1 + ", " + a.City).FirstOrDefault(),
                            }).ToListAsync(ct);
        var salIds = places.Select(x => x.SalId).ToList();
        var areas = await db.SmServiceAreas.AsNoTracking().Where(a => ids.Contains(a.ServiceId!.Value) && a.WijkId != null).Select(a => new { a.ServiceId, a.WijkId }).ToListAsync(ct);
        var wijken = await WijkNamesAsync(ct);
        var schedules = await db.SmSchedules.AsNoTracking()
            .Where(x => ids.Contains(x.ServiceId!.Value) || salIds.Contains(x.ServiceAtLocationId!.Value)).ToListAsync(ct);
        var terms = await db.SmAttributes.AsNoTracking().Where(a => a.LinkType == "service" && ids.Contains(a.LinkId!.Value) && a.TaxonomyTermId != null)
            .Select(a => new { a.LinkId, a.TaxonomyTermId }).ToListAsync(ct);
        var dutch = Localization.IsDutch;
        var byId = rows.ToDictionary(r => r.Id);
        return ids.Where(byId.ContainsKey).Select(id =>
        {
            var s = byId[id];
            var locs = places.Where(x => x.ServiceId == id).ToList();
            var physical = locs.FirstOrDefault(loc => loc.LocationType == "physical");
            var wijkIds = locs.Where(loc => loc.WijkId is not null).Select(loc => loc.WijkId!.Value)
                .Concat(areas.Where(a => a.ServiceId == id).Select(a => a.WijkId!.Value)).Distinct().ToList();
            var mySchedules = schedules.Where(x => x.ServiceId == id || locs.Any(m => m.SalId == x.ServiceAtLocationId)).ToList();
            var themeNames = Themes.All.Where(t => terms.Any(a => a.LinkId == id && a.TaxonomyTermId == SocialMapTaxonomies.ThemeTermId(t.Code)))
                .Select(t => dutch ? t.NameNl : t.NameEn).ToList();
            var valid = physical is { Latitude: >= -90 and <= 90, Longitude: >= -180 and <= 180 };
            return new SearchResultItem(id, s.Name, s.Organization, Summary(s.Description),
                physical is null ? null : physical.Address ?? physical.Name,
                wijkIds.Count == 0 ? null : string.Join(", ", wijkIds.Select(w => wijken.GetValueOrDefault(w)).Where(n => n is not null).Order(StringComparer.CurrentCulture)),
                valid ? physical!.Latitude : null, valid ? physical!.Longitude : null,
                s.Free, s.Platforms != DigitalPlatforms.None || locs.Any(loc => loc.LocationType == "virtual"),
                OpeningHours(mySchedules), s.LastCheckedAt, themeNames);
        }).ToList();
    }

    private async Task<Dictionary<int, string>> WijkNamesAsync(CancellationToken ct) =>
        (await wijkCache.GetAsync(db, ct)).ToDictionary(w => w.Id, w => w.Name);

    public static string? Summary(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        return text.Length <= 200 ? text : text[..200].TrimEnd() + "…";
    }

    /// <summary>Opening hours in words, in the reader's language: "di 10:00–11:30; do 14:00–16:00".</summary>
    public static string OpeningHours(IEnumerable<Schedule> schedules)
    {
        var culture = CultureInfo.CurrentCulture;
        var parts = new List<string>();
        foreach (var x in schedules.OrderBy(x => DayIndex(x.Byday)).ThenBy(x => x.OpensAt))
        {
            var days = (x.Byday ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(d => DayName(d, culture)).Where(d => d.Length > 0);
            var hours = x.OpensAt is { } o && x.ClosesAt is { } c ? $"{o:HH\\:mm}–{c:HH\\:mm}" : "";
            var text = string.Join(" ", new[] { string.Join(", ", days), hours }.Where(p => p.Length > 0));
            if (text.Length == 0)
            {
                text = x.Description ?? "";
            }
            if (text.Length > 0)
            {
                parts.Add(text);
            }
        }
        return string.Join("; ", parts);
    }

    private static int DayIndex(string? byday)
    {
        var first = (byday ?? "").Split(',').FirstOrDefault() ?? "";
        var code = first.Length >= 2 ? first[^2..] : first;
        var i = Array.IndexOf(HsdsValues.Weekdays, code);
        return i < 0 ? 99 : i;
    }

    /// <summary>"TU" → "di" / "Tue"; "1TU" → "1e di" / "1st Tue".</summary>
    public static string DayName(string code, CultureInfo culture)
    {
        if (code.Length < 2)
        {
            return "";
        }
        var i = Array.IndexOf(HsdsValues.Weekdays, code[^2..].ToUpperInvariant());
        if (i < 0)
        {
            return "";
        }
        var name = culture.DateTimeFormat.GetAbbreviatedDayName((DayOfWeek)((i + 1) % 7));
        var prefix = code[..^2];
        if (prefix.Length == 0)
        {
            return name;
        }
        var dutch = culture.TwoLetterISOLanguageName == "nl";
        return prefix == "-1" ? (dutch ? "laatste " : "last ") + name : prefix + (dutch ? "e " : ". ") + name;
    }
}

/// <summary>
/// The wijken of the installation, read at most once a minute (singleton): every search checks its wijk and names the
/// wijken of its results, and wijken change a few times a year. A new wijk appears within the minute.
/// </summary>
public sealed class WijkCache(TimeProvider time)
{
    public sealed record Entry(int Id, string Code, string Name, int LeerregioId, string Leerregio);

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private (DateTimeOffset At, IReadOnlyList<Entry> Items)? _current;

    public async Task<IReadOnlyList<Entry>> GetAsync(GrozDbContext db, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_current is { } c && now - c.At < Lifetime && now >= c.At)
        {
            return c.Items;
        }
        var items = await db.Wijken.AsNoTracking().Join(db.Leerregios, w => w.LeerregioId, l => l.Id, (w, l) => new Entry(w.Id, w.Code, w.Name, w.LeerregioId, l.Name)).ToListAsync(ct);
        _current = (now, items);
        return items;
    }
}
