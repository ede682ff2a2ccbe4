using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>The public calendar: the coming eight weeks, per wijk and theme, recurring activities as separate dates.</summary>
public sealed class IndexModel(GrozDbContext db, TimeProvider time) : PageModel
{
    public const int Days = 56;

    [BindProperty(SupportsGet = true)] public string? Wijk { get; set; }
    [BindProperty(SupportsGet = true)] public string? Thema { get; set; }
    /// <summary>A calendar month (yyyy-MM) instead of the coming eight weeks: the wijk's month at a glance (and the calendar benchmark).</summary>
    [BindProperty(SupportsGet = true)] public string? Maand { get; set; }
    public List<Occurrence> Items { get; private set; } = [];
    public Dictionary<(int, DateTimeOffset), int> Taken { get; private set; } = [];
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];
    public List<KeyValuePair<string, string>> Themes { get; } =
        Shared.Themes.All.Select(t => new KeyValuePair<string, string>(t.Code, Localization.IsDutch ? t.NameNl : t.NameEn)).ToList();
    public Dictionary<int, string> WijkNames { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var rows = await (from w in db.Wijken.AsNoTracking() join l in db.Leerregios on w.LeerregioId equals l.Id orderby l.Name, w.Name
                          select new { w.Id, w.Code, w.Name, Leerregio = l.Name }).ToListAsync(HttpContext.RequestAborted);
        Wijken = rows.Select(w => new KeyValuePair<string, string>(w.Code, $"{w.Name} ({w.Leerregio})")).ToList();
        WijkNames = rows.ToDictionary(w => w.Id, w => w.Name);
        int? wijkId = rows.FirstOrDefault(w => w.Code == Wijk)?.Id;
        if (wijkId is null)
        {
            Wijk = null;
        }
        if (Thema is not null && !Shared.Themes.IsKnown(Thema))
        {
            Thema = null;
        }
        var now = time.GetUtcNow();
        var (from, to) = (now, now.AddDays(Days));
        if (DateOnly.TryParseExact(Maand + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && first.Year is > 2000 and < 2100)
        {
            (from, to) = (EventReminders.StartOfDay(first), EventReminders.StartOfDay(first.AddMonths(1)));
        }
        else
        {
            Maand = null;
        }
        Items = await EventListing.UpcomingAsync(db, from, to, null, wijkId, Thema, HttpContext.RequestAborted);
        Taken = await EventsApi.TakenAsync(db, Items);
    }

    public string FeedUrl => Wijk is not null ? $"/activiteiten/wijk/{Wijk}/agenda.ics"
        : Thema is not null ? $"/activiteiten/thema/{Thema}/agenda.ics" : "/activiteiten/agenda.ics";

    public static string DayKey(DateTimeOffset start) => Recurrence.Local(start).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
