using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events.Manage;

/// <summary>Building a proeverij's programme (stands, time slots, sessions) and the numbers per session; rules in <see cref="ProeverijEditor"/>.</summary>
[Authorize]
public sealed class ProgrammeModel(GrozDbContext db, ProeverijEditor editor, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class StandForm
    {
        public Guid? OrganizationId { get; set; }
        public string? Name { get; set; }
        public string? Theme { get; set; }
        public string? Description { get; set; }
    }

    public sealed class SlotForm
    {
        public string? Label { get; set; }
        public string? Start { get; set; }
        public string? End { get; set; }
    }

    public sealed class SessionForm
    {
        public int? StandId { get; set; }
        public int? SlotId { get; set; }
        public SessionType? Type { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public int? Capacity { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public StandForm Stand { get; set; } = new();
    [BindProperty] public SlotForm Slot { get; set; } = new();
    [BindProperty] public SessionForm Session { get; set; } = new();
    public Programme Programme { get; private set; } = null!;
    public List<KeyValuePair<string, string>> Organizations { get; private set; } = [];
    public List<KeyValuePair<string, string>> Themes { get; } =
        Shared.Themes.All.Select(t => new KeyValuePair<string, string>(t.Code, Localization.IsDutch ? t.NameNl : t.NameEn)).ToList();
    public List<KeyValuePair<string, string>> StandOptions { get; private set; } = [];
    public List<KeyValuePair<string, string>> SlotOptions { get; private set; } = [];
    public List<KeyValuePair<string, string>> Types { get; private set; } = [];

    private async Task<bool> LoadAsync()
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id && x.Kind == EventKind.Proeverij && db.Leerregios.Any(r => r.Id == x.LeerregioId && r.Slug == Slug));
        if (e is null || !await Registrations.CanManageAsync(db, User, e) || await ProeverijProgramme.LoadAsync(db, Id, null) is not { } p)
        {
            return false;
        }
        Programme = p;
        Organizations = [.. (await db.SmOrganizations.Where(o => o.LeerregioId == e.LeerregioId).OrderBy(o => o.Name).Take(1000)
            .Select(o => new { o.Id, o.Name }).ToListAsync()).Select(o => new KeyValuePair<string, string>(o.Id.ToString(), o.Name))];
        StandOptions = p.Stands.Select(s => new KeyValuePair<string, string>(s.Id.ToString(CultureInfo.InvariantCulture), s.Name)).ToList();
        SlotOptions = p.Slots.Select(s => new KeyValuePair<string, string>(s.Id.ToString(CultureInfo.InvariantCulture),
            $"{EventPages.Time(s.StartsAt)}–{EventPages.Time(s.EndsAt)}{(s.Label is null ? "" : " " + s.Label)}")).ToList();
        Types = Enum.GetValues<SessionType>().Select(t => new KeyValuePair<string, string>(t.ToString(), l["session.type." + t])).ToList();
        Slot.Start ??= Recurrence.Local(e.StartsAt).ToString(EditModel.LocalFormat, CultureInfo.InvariantCulture);
        Slot.End ??= Recurrence.Local(e.StartsAt.AddHours(1)).ToString(EditModel.LocalFormat, CultureInfo.InvariantCulture);
        return true;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    private async Task<IActionResult> DoneAsync<T>(Outcome<T> outcome, string prefix, string message) where T : class
    {
        if (outcome.Succeeded)
        {
            TempData["Message"] = message;
            return Redirect($"/beheer/activiteiten/{Slug}/{Id}/programma");
        }
        if (outcome.Status == 404)
        {
            return NotFound();
        }
        EventPages.AddErrors(ModelState, outcome, prefix);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostStandAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var outcome = await editor.AddStandAsync(User, Id, new StandInput(Stand.Name, Stand.Theme, Stand.Description, Stand.OrganizationId), HttpContext.RequestAborted);
        return await DoneAsync(outcome, "Stand.", l["The stand has been added."]);
    }

    public async Task<IActionResult> OnPostSlotAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var outcome = await editor.AddSlotAsync(User, Id, new SlotInput(Slot.Label, Parse(Slot.Start), Parse(Slot.End)), HttpContext.RequestAborted);
        return await DoneAsync(outcome, "Slot.", l["The time slot has been added."]);
    }

    public async Task<IActionResult> OnPostSessionAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var outcome = await editor.AddSessionAsync(User, Id, new SessionInput(Session.StandId ?? 0, Session.SlotId ?? 0, Session.Title, Session.Description,
            Session.Type ?? (SessionType)(-1), Session.Capacity), HttpContext.RequestAborted);
        return await DoneAsync(outcome, "Session.", l["The session has been added."]);
    }

    public async Task<IActionResult> OnPostPlacesAsync(int sessionId, int? capacity)
    {
        if (!await LoadAsync() || Programme.Sessions.FirstOrDefault(s => s.Event.Id == sessionId) is not { } s)
        {
            return NotFound();
        }
        var outcome = await editor.UpdateSessionAsync(User, sessionId, new SessionInput(s.Stand.Id, s.Slot.Id, s.Event.Title, s.Event.Description, s.Session.Type, capacity),
            HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError("", $"{s.Event.Title}: {outcome.Message}");
            return Page();
        }
        TempData["Message"] = l["The number of places has been changed."].Value;
        return Redirect($"/beheer/activiteiten/{Slug}/{Id}/programma");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int sessionId)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var outcome = await editor.DeleteSessionAsync(User, sessionId, HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError("", outcome.Message!);
            return Page();
        }
        TempData["Message"] = l["The session has been removed."].Value;
        return Redirect($"/beheer/activiteiten/{Slug}/{Id}/programma");
    }

    public string TypeName(SessionType type) => l["session.type." + type];

    private static DateTime Parse(string? text) =>
        DateTime.TryParseExact(text?.Trim(), [EditModel.LocalFormat, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : default;
}
