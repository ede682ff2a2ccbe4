using System.Globalization;
using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events;

/// <summary>One activity: what, when, where, with schema.org Event JSON-LD, "add to my calendar" and the sign-up form.</summary>
public sealed class DetailModel(GrozDbContext db, Registrations registrations, TimeProvider time, IStringLocalizer<SharedResource> l, EventFeedbackService feedback) : PageModel
{
    public sealed class InputModel
    {
        public string? Occurrence { get; set; }
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    /// <summary>The chosen date of a recurring activity (UTC ticks), from the calendar list.</summary>
    [BindProperty(SupportsGet = true)] public string? Op { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public Event Event { get; private set; } = null!;
    public List<DateTimeOffset> Dates { get; private set; } = [];
    public Dictionary<(int, DateTimeOffset), int> Taken { get; private set; } = [];
    public List<KeyValuePair<string, string>> DateOptions { get; private set; } = [];
    public string? LocationName { get; private set; }
    public string? OrganizationName { get; private set; }
    public string WijkName { get; private set; } = "";
    public string JsonLd { get; private set; } = "";
    public bool CanManage { get; private set; }
    public string LeerregioSlug { get; private set; } = "";
    public bool Closed { get; private set; }
    /// <summary>The signed-in member took part and has not given their opinion yet.</summary>
    public bool FeedbackOpen { get; private set; }

    private async Task<bool> LoadAsync()
    {
        var e = await registrations.VisibleEventAsync(User, Id, HttpContext.RequestAborted);
        if (e is null)
        {
            return false;
        }
        Event = e;
        var now = time.GetUtcNow();
        Dates = e.RecurrenceRule is null ? [e.StartsAt] : [.. Recurrence.Occurrences(e, now, now.AddDays(EventListing.MaxDays), 12)];
        Taken = await EventsApi.TakenAsync(db, Dates.Select(d => new Occurrence(e, d)).ToList());
        DateOptions = Dates.Where(d => d > now).Select(d => new KeyValuePair<string, string>(EventPages.Ticks(d), EventPages.Span(d, d + e.Duration))).ToList();
        Closed = DateOptions.Count == 0 || (e.RegistrationClosesAt is { } c && now >= c);
        LocationName = e.LocationId is { } loc ? await db.SmLocations.Where(x => x.Id == loc).Select(x => x.Name).FirstOrDefaultAsync() : null;
        OrganizationName = e.OrganizationId is { } org ? await db.SmOrganizations.Where(x => x.Id == org).Select(x => x.Name).FirstOrDefaultAsync() : null;
        WijkName = await db.Wijken.Where(w => w.Id == e.WijkId).Select(w => w.Name).SingleAsync();
        LeerregioSlug = await db.Leerregios.Where(x => x.Id == e.LeerregioId).Select(x => x.Slug).SingleAsync();
        CanManage = await Registrations.CanManageAsync(db, User, e);
        FeedbackOpen = await feedback.OpenForUserAsync(User.UserId(), e.Id, HttpContext.RequestAborted) is not null;
        JsonLd = BuildJsonLd(e, EventPages.FromTicks(Op) is { } chosen && Dates.Contains(chosen) ? chosen : Dates.FirstOrDefault(d => d > now, e.StartsAt));
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        // A session is shown, chosen and cancelled in its proeverij's programme.
        if (Event.ParentEventId is { } proeverij)
        {
            return Redirect($"/activiteiten/{proeverij}/programma#sessie-{Event.Id}");
        }
        Input.Occurrence ??= EventPages.FromTicks(Op) is { } chosen && Dates.Contains(chosen) ? Op : DateOptions.FirstOrDefault().Key;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        if (Event.ParentEventId is { } proeverij)
        {
            return Redirect($"/activiteiten/{proeverij}/programma");
        }
        var outcome = await registrations.RegisterAsync(User, Id, new RegistrationInput(EventPages.FromTicks(Input.Occurrence), Input.Name, Input.Email, Input.Phone),
            ct: HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            EventPages.AddErrors(ModelState, outcome);
            return Page();
        }
        var r = outcome.Value!.Registration;
        TempData["Message"] = (r.Status == RegistrationStatus.Registered
            ? l["You are signed up. You will get an e-mail with a link to cancel."]
            : string.Format(CultureInfo.CurrentCulture, l["The activity is full. You are on the waitlist, in place {0}. If a place becomes free, you get it automatically."], r.WaitlistPosition)).ToString();
        return Redirect($"/activiteiten/{Id}?op={EventPages.Ticks(r.OccurrenceStartsAt)}");
    }

    /// <summary>schema.org Event for search engines and agenda apps; serialised with HTML-safe escaping, so it cannot end its script element.</summary>
    private string BuildJsonLd(Event e, DateTimeOffset start)
    {
        string Iso(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Recurrence.DutchTime).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var baseUrl = $"{Request.Scheme}://{Request.Host}";
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Event",
            ["name"] = e.Title,
            ["description"] = e.Description,
            ["startDate"] = Iso(start),
            ["endDate"] = Iso(start + e.Duration),
            ["eventStatus"] = e.Status == EventStatus.Cancelled ? "https://schema.org/EventCancelled" : "https://schema.org/EventScheduled",
            ["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode",
            ["url"] = $"{baseUrl}/activiteiten/{e.Id}",
            ["inLanguage"] = "nl",
            ["isAccessibleForFree"] = e.Cost == 0,
            ["location"] = new Dictionary<string, object?>
            {
                ["@type"] = "Place",
                ["name"] = LocationName ?? e.Address ?? WijkName,
                ["address"] = new Dictionary<string, object?> { ["@type"] = "PostalAddress", ["streetAddress"] = e.Address, ["addressLocality"] = WijkName, ["addressCountry"] = "NL" },
            },
            ["offers"] = new Dictionary<string, object?>
            {
                ["@type"] = "Offer", ["price"] = e.Cost.ToString("0.00", CultureInfo.InvariantCulture), ["priceCurrency"] = "EUR",
                ["url"] = $"{baseUrl}/activiteiten/{e.Id}",
                ["availability"] = e.Capacity is { } c && Taken.GetValueOrDefault((e.Id, start)) >= c ? "https://schema.org/SoldOut" : "https://schema.org/InStock",
            },
        };
        if (e.Capacity is { } capacity)
        {
            data["maximumAttendeeCapacity"] = capacity;
        }
        if (OrganizationName is not null)
        {
            data["organizer"] = new Dictionary<string, object?> { ["@type"] = "Organization", ["name"] = OrganizationName };
        }
        if (e.Accessibility is not null)
        {
            data["accessibilitySummary"] = e.Accessibility;
        }
        return JsonSerializer.Serialize(data);
    }
}
