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

    /// <summary>The public services' search documents matching the filter (no ordering).</summary>
    public IQueryable<SearchDocument> Filter(SearchFilter f, int? leerregioId = null) => Filter(db.SmSearchDocuments.AsNoTracking(), f, leerregioId);

    /// <summary>
    /// The filters as conditions on a document's own columns (<see cref="SearchDocument"/>), so that the search is one
    /// statement over sm_search_documents; only day and time look at the schedules.
    /// </summary>
    public IQueryable<T> Filter<T>(IQueryable<T> q, SearchFilter f, int? leerregioId = null) where T : class, ISearchRow
    {
        if (leerregioId is { } lr)
        {
            q = q.Where(d => d.LeerregioId == lr);
        }
        if (f.WijkId is { } w)
        {
            var lrId = f.WijkLeerregioId!.Value;
            q = q.Where(d => d.WijkIds.Contains(w) || (d.LeerregioWide && d.LeerregioId == lrId));
        }
        if (f.ThemeTermId is { } theme)
        {
            q = q.Where(d => d.TermIds.Contains(theme));
        }
        if (f.GroupTermId is { } group)
        {
            q = q.Where(d => d.TermIds.Contains(group));
        }
        if (f.Free)
        {
            q = q.Where(d => d.Free);
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
            q = q.Where(d => schedules.Any(x => x.ServiceId == d.ServiceId
                || db.SmServiceAtLocations.Any(sal => sal.Id == x.ServiceAtLocationId && sal.ServiceId == d.ServiceId)));
        }
        if (f.Form == "physical")
        {
            q = q.Where(d => d.Physical);
        }
        else if (f.Form == "digital")
        {
            q = q.Where(d => d.Digital);
        }
        if (f.Age is { } age)
        {
            decimal years = age;
            q = q.Where(d => (d.MinimumAge == null || d.MinimumAge <= years) && (d.MaximumAge == null || d.MaximumAge >= years));
        }
        return q;
    }

    /// <summary>Above this many text matches the page is cut from the best ones (a query that matches this much is not specific).</summary>
    public const int MaxTextMatches = 2000;

    /// <summary>
    /// One page of results: by relevance when there is text, otherwise by name. With text, one statement finds every
    /// match with its rank and the filters (the full-text match is the expensive part, so it runs once, not again for
    /// the count); a second one reads the page's documents by key.
    /// </summary>
    public async Task<SearchResults> SearchAsync(SearchFilter f, int? leerregioId = null, int pageSize = PageSize, CancellationToken ct = default)
    {
        await index.EnsureFreshAsync(ct);
        var hits = index.Match(f.Text);
        var skip = (f.Page - 1) * pageSize;
        if (hits is not null)
        {
            var matches = await Filter(hits, f, leerregioId).Select(h => new { h.ServiceId, h.Name, h.Rank })
                .OrderByDescending(x => x.Rank).Take(MaxTextMatches).ToListAsync(ct);
            var pageIds = matches.OrderByDescending(x => x.Rank).ThenBy(x => x.Name, StringComparer.CurrentCulture).ThenBy(x => x.ServiceId)
                .Skip(skip).Take(pageSize).Select(x => x.ServiceId).ToList();
            return new SearchResults(matches.Count, f.Page, pageSize, await DescribeAsync(pageIds, ct));
        }
        var q = Filter(f, leerregioId);
        var total = await q.CountAsync(ct);
        var rows = total <= skip ? [] : await q.OrderBy(d => d.Name).ThenBy(d => d.ServiceId).Skip(skip).Take(pageSize).Select(Row).ToListAsync(ct);
        var wijken = await wijkCache.NamesAsync(db, ct);
        return new SearchResults(total, f.Page, pageSize, rows.Select(r => Describe(r, wijken)).ToList());
    }

    /// <summary>What a result is made of: the document's columns that are shown.</summary>
    public sealed record ResultRow(Guid ServiceId, string Name, List<int> WijkIds, bool Free, bool Digital, List<Guid> TermIds, string Display);

    private static readonly System.Linq.Expressions.Expression<Func<SearchDocument, ResultRow>> Row =
        d => new ResultRow(d.ServiceId, d.Name, d.WijkIds, d.Free, d.Digital, d.TermIds, d.Display);

    /// <summary>The documents of these services, in the order of <paramref name="ids"/> (those without one are left out).</summary>
    public async Task<IReadOnlyList<SearchResultItem>> DescribeAsync(List<Guid> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var rows = (await db.SmSearchDocuments.AsNoTracking().Where(d => ids.Contains(d.ServiceId)).Select(Row).ToListAsync(ct)).ToDictionary(r => r.ServiceId);
        var wijken = await wijkCache.NamesAsync(db, ct);
        return ids.Where(rows.ContainsKey).Select(id => Describe(rows[id], wijken)).ToList();
    }

    /// <summary>A result as shown, in the reader's language: organisation, first address, wijken, opening hours, free, themes.</summary>
    public static SearchResultItem Describe(ResultRow r, IReadOnlyDictionary<int, string> wijken)
    {
        var d = SearchDisplay.Deserialize(r.Display);
        var dutch = Localization.IsDutch;
        var themes = Themes.All.Where(t => r.TermIds.Contains(SocialMapTaxonomies.ThemeTermId(t.Code))).Select(t => dutch ? t.NameNl : t.NameEn).ToList();
        string? wijk = null;
        if (r.WijkIds.Count > 0)
        {
            wijk = string.Join(", ", r.WijkIds.Select(w => wijken.GetValueOrDefault(w)).Where(n => n is not null).Order(StringComparer.CurrentCulture));
        }
        var hours = OpeningHours(d.Schedules.Select(x => new Schedule { Byday = x.Byday, OpensAt = x.Opens, ClosesAt = x.Closes, Description = x.Description }));
        return new SearchResultItem(r.ServiceId, r.Name, d.Organization, d.Summary, d.Address, wijk, d.Latitude, d.Longitude,
            r.Free, r.Digital, hours, d.LastCheckedAt, themes);
    }

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
    private (DateTimeOffset At, IReadOnlyList<Entry> Items, IReadOnlyDictionary<int, string> Names)? _current;

    public async Task<IReadOnlyList<Entry>> GetAsync(GrozDbContext db, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_current is { } c && now - c.At < Lifetime && now >= c.At)
        {
            return c.Items;
        }
        var items = await db.Wijken.AsNoTracking().Join(db.Leerregios, w => w.LeerregioId, l => l.Id, (w, l) => new Entry(w.Id, w.Code, w.Name, w.LeerregioId, l.Name)).ToListAsync(ct);
        _current = (now, items, items.ToDictionary(w => w.Id, w => w.Name));
        return items;
    }

    /// <summary>Wijk id → name, from the same cache.</summary>
    public async Task<IReadOnlyDictionary<int, string>> NamesAsync(GrozDbContext db, CancellationToken ct = default)
    {
        await GetAsync(db, ct);
        return _current!.Value.Names;
    }
}
