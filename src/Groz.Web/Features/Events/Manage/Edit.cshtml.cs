using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.SocialMap;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events.Manage;

/// <summary>Create or change an activity; the rules are <see cref="EventEditor"/>'s, the same as the API's.</summary>
[Authorize]
public sealed class EditModel(GrozDbContext db, EventEditor editor, IStringLocalizer<SharedResource> l) : PageModel
{
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    public sealed class InputModel
    {
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Theme { get; set; }
        public int? WijkId { get; set; }
        public string? Start { get; set; }
        public string? End { get; set; }
        public string? RecurrenceRule { get; set; }
        public int? Capacity { get; set; }
        public decimal? Cost { get; set; }
        public string? Accessibility { get; set; }
        public bool RegistrationRequired { get; set; } = true;
        public string? RegistrationCloses { get; set; }
        public Guid? LocationId { get; set; }
        public string? Address { get; set; }
        public Guid? OrganizationId { get; set; }
        public string? TargetGroup { get; set; }
        public EventStatus Status { get; set; } = EventStatus.Published;
        public EventKind Kind { get; set; } = EventKind.Activity;
    }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public int LeerregioId { get; private set; }
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];
    public List<KeyValuePair<string, string>> Themes { get; } =
        Shared.Themes.All.Select(t => new KeyValuePair<string, string>(t.Code, Localization.IsDutch ? t.NameNl : t.NameEn)).ToList();
    public List<KeyValuePair<string, string>> TargetGroups { get; } =
        SocialMapTaxonomies.TargetGroups.Select(g => new KeyValuePair<string, string>(g.Code, Localization.IsDutch ? g.NameNl : g.NameEn)).ToList();
    public List<KeyValuePair<string, string>> Organizations { get; private set; } = [];
    public List<KeyValuePair<string, string>> Locations { get; private set; } = [];
    public List<KeyValuePair<string, string>> Statuses { get; private set; } = [];
    public List<KeyValuePair<string, string>> Kinds { get; private set; } = [];

    private async Task<bool> LoadAsync()
    {
        var leerregio = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == Slug);
        if (leerregio is null || !await editor.MayCreateAsync(User, leerregio.Id))
        {
            return false;
        }
        LeerregioId = leerregio.Id;
        Wijken = await db.Wijken.Where(w => w.LeerregioId == leerregio.Id).OrderBy(w => w.Name)
            .Select(w => new KeyValuePair<string, string>(w.Id.ToString(CultureInfo.InvariantCulture), w.Name)).ToListAsync();
        var userId = User.UserId();
        var manager = User.CanManage(leerregio.Id);
        Organizations = [.. (await db.SmOrganizations.Where(o => o.LeerregioId == leerregio.Id
                && (manager || db.SmOrganizationMembers.Any(m => m.OrganizationId == o.Id && m.UserId == userId)))
            .OrderBy(o => o.Name).Take(1000).Select(o => new { o.Id, o.Name }).ToListAsync()).Select(o => new KeyValuePair<string, string>(o.Id.ToString(), o.Name))];
        Locations = [.. (await db.SmLocations.Where(x => x.LeerregioId == leerregio.Id && x.Name != null).OrderBy(x => x.Name).Take(1000)
            .Select(x => new { x.Id, x.Name }).ToListAsync()).Select(x => new KeyValuePair<string, string>(x.Id.ToString(), x.Name!))];
        Kinds = [new(nameof(EventKind.Activity), l["An activity"]), new(nameof(EventKind.Proeverij), l["A proeverij (a fair with stands and sessions)"])];
        Statuses = Enum.GetValues<EventStatus>().Select(s => new KeyValuePair<string, string>(s.ToString(), l["event.status." + s])).ToList();
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        if (Id is { } id)
        {
            var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.LeerregioId == LeerregioId);
            if (e is null || !await Registrations.CanManageAsync(db, User, e))
            {
                return NotFound();
            }
            Input = new InputModel
            {
                Title = e.Title, Description = e.Description, Theme = e.Theme, WijkId = e.WijkId, Start = Format(e.StartsAt), End = Format(e.EndsAt),
                RecurrenceRule = e.RecurrenceRule, Capacity = e.Capacity, Cost = e.Cost, Accessibility = e.Accessibility, RegistrationRequired = e.RegistrationRequired,
                RegistrationCloses = e.RegistrationClosesAt is { } c ? Format(c) : null, LocationId = e.LocationId, Address = e.Address, OrganizationId = e.OrganizationId,
                TargetGroup = e.TargetGroupTermId is { } t ? SocialMapTaxonomies.TargetGroups.FirstOrDefault(g => SocialMapTaxonomies.TargetGroupTermId(g.Code) == t)?.Code : null,
                Status = e.Status, Kind = e.Kind,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var i = Input;
        var input = new EventInput(i.Title, i.Description, i.Theme, i.WijkId ?? 0, Parse(i.Start) ?? default, Parse(i.End) ?? default, i.RecurrenceRule, i.Capacity,
            i.Cost ?? 0, i.Accessibility, i.RegistrationRequired,
            string.IsNullOrWhiteSpace(i.RegistrationCloses) ? null : Parse(i.RegistrationCloses) ?? DateTime.MinValue,
            i.LocationId, i.Address, i.OrganizationId, i.TargetGroup, i.Status, i.Kind);
        var outcome = Id is { } id
            ? await editor.UpdateAsync(User, id, input, HttpContext.RequestAborted)
            : await editor.CreateAsync(User, LeerregioId, input, ct: HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            if (outcome.Status == 404)
            {
                return NotFound();
            }
            EventPages.AddErrors(ModelState, outcome);
            return Page();
        }
        TempData["Message"] = l["The activity has been saved."].Value;
        // A new proeverij goes on to its programme: stands, time slots and sessions.
        return Redirect(outcome.Value!.Kind == EventKind.Proeverij ? $"/beheer/activiteiten/{Slug}/{outcome.Value.Id}/programma" : $"/beheer/activiteiten/{Slug}");
    }

    private static string Format(DateTimeOffset utc) => Recurrence.Local(utc).ToString(LocalFormat, CultureInfo.InvariantCulture);

    private static DateTime? Parse(string? text) =>
        DateTime.TryParseExact(text?.Trim(), [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
