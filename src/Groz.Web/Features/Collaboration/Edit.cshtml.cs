using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Groz.Web.Features.SocialMap;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Collaboration;

/// <summary>Add or change a samenwerkingsverband; the rules are <see cref="Collaborations.SaveAsync"/>'s, the same as the API's.</summary>
[Authorize]
public sealed class EditModel(GrozDbContext db, Collaborations collaborations, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>Empty member rows under the existing ones; "More rows" adds <see cref="MoreRows"/> at a time, up to <see cref="MaxRows"/>.</summary>
    public const int SpareRows = 2;

    public const int MoreRows = 4;

    /// <summary>A bound on the rows one request can ask for, so a crafted post cannot make the page render thousands.</summary>
    public const int MaxRows = 200;

    public sealed class MemberRow
    {
        public Guid? OrganizationId { get; set; }
        public string? Role { get; set; }
    }

    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public CollaborationType? Type { get; set; }
        public CollaborationStatus? Status { get; set; } = CollaborationStatus.Active;
        public string? StartsOn { get; set; }
        public string? EndsOn { get; set; }
        public Guid? ProcessOwnerId { get; set; }
        public List<MemberRow> Members { get; set; } = [];
        public List<string> Themes { get; set; } = [];
        public List<int> WijkIds { get; set; } = [];
    }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public int LeerregioId { get; private set; }
    public List<KeyValuePair<string, string>> Organisations { get; private set; } = [];
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];
    public List<KeyValuePair<string, string>> Themes { get; } =
        [.. Shared.Themes.All.Select(t => new KeyValuePair<string, string>(t.Code, Localization.IsDutch ? t.NameNl : t.NameEn))];
    public List<KeyValuePair<string, string>> Types => CollaborationTexts.Options(Enum.GetValues<CollaborationType>(), t => CollaborationTexts.Type(l, t));
    public List<KeyValuePair<string, string>> Statuses => CollaborationTexts.Options(Enum.GetValues<CollaborationStatus>(), s => CollaborationTexts.Status(l, s));

    private async Task<bool> LoadAsync()
    {
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == Slug);
        if (lr is null || !User.CanManage(lr.Id))
        {
            return false;
        }
        LeerregioId = lr.Id;
        Wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == lr.Id).OrderBy(w => w.Name)
            .Select(w => new KeyValuePair<string, string>(w.Id.ToString(), w.Name)).ToListAsync();
        // The id is turned into text here, not in SQL: SQLite stores a Guid in capitals, and the option must match the model's value.
        Organisations = [.. (await db.SmOrganizations.AsNoTracking().Where(o => o.LeerregioId == lr.Id && o.Publication == Publication.Published)
            .OrderBy(o => o.Name).Take(2000).Select(o => new { o.Id, o.Name }).ToListAsync()).Select(o => new KeyValuePair<string, string>(o.Id.ToString(), o.Name))];
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
            var c = await db.Collaborations.AsNoTracking().Include(x => x.Members).Include(x => x.Themes).Include(x => x.Wijken).AsSplitQuery()
                .FirstOrDefaultAsync(x => x.Id == id && x.LeerregioId == LeerregioId);
            if (c is null)
            {
                return NotFound();
            }
            Input = new InputModel
            {
                Name = c.Name, Description = c.Description, Type = c.Type, Status = c.Status, StartsOn = CollaborationTexts.Iso(c.StartsOn), EndsOn = c.EndsOn is { } e ? CollaborationTexts.Iso(e) : null, ProcessOwnerId = c.ProcessOwnerId,
                Members = [.. c.Members.OrderBy(m => m.Id).Select(m => new MemberRow { OrganizationId = m.OrganizationId, Role = m.Role })],
                Themes = [.. c.Themes.Select(t => t.ThemeCode)], WijkIds = [.. c.Wijken.Select(w => w.WijkId)],
            };
        }
        PadMembers();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        // Dates are text (the date input sends yyyy-MM-dd in every language); one that cannot be read is refused before the write.
        var startsOn = CollaborationTexts.ParseDate(Input.StartsOn, out var startBad);
        var endsOn = CollaborationTexts.ParseDate(Input.EndsOn, out var endBad);
        if (startBad)
        {
            ModelState.AddModelError("Input.StartsOn", l["Fill in a date as year-month-day, for example 2026-03-01."]);
        }
        if (endBad)
        {
            ModelState.AddModelError("Input.EndsOn", l["Fill in a date as year-month-day, for example 2026-03-01."]);
        }
        CollaborationTexts.NameUnreadableValues(ModelState, l);
        var i = Input;
        var input = new CollaborationInput(i.Name, i.Description, i.Type, i.Status, startsOn, endsOn, i.ProcessOwnerId,
            [.. i.Members.Select(m => new MemberInput(m.OrganizationId, m.Role))], [.. i.Themes], [.. i.WijkIds]);
        var outcome = ModelState.IsValid ? await collaborations.SaveAsync(User, LeerregioId, Id, input, HttpContext.RequestAborted) : null;
        if (outcome is not { Succeeded: true })
        {
            if (outcome?.Status == 404)
            {
                return NotFound();
            }
            if (outcome is not null)
            {
                EventPages.AddErrors(ModelState, outcome);
            }
            // The rows stay where they were typed: the form shows typed values by row number, so closing gaps here would
            // show a row's value at another row, or drop it past the last row.
            if (Input.Members.Count == 0)
            {
                PadMembers();
            }
            return Page();
        }
        TempData["Message"] = l["The collaboration has been saved."].Value;
        return Redirect($"/samenwerking/{Slug}/verband/{outcome.Value!.Id}");
    }

    /// <summary>
    /// "More rows": the form comes back as it was typed (nothing is checked or saved yet) with more empty member rows. No
    /// script, so it works the same with every browser and assistive technology.
    /// </summary>
    public async Task<IActionResult> OnPostMoreRowsAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        // The typed values are in Input; model state would only add errors of a form the user has not sent yet.
        ModelState.Clear();
        if (Input.Members.Count > MaxRows)
        {
            Input.Members = [.. Input.Members.Take(MaxRows)];
        }
        for (var n = 0; n < MoreRows && Input.Members.Count < MaxRows; n++)
        {
            Input.Members.Add(new MemberRow());
        }
        return Page();
    }

    private void PadMembers()
    {
        Input.Members = [.. Input.Members.Where(m => m.OrganizationId is not null || !string.IsNullOrWhiteSpace(m.Role))];
        for (var n = 0; n < SpareRows; n++)
        {
            Input.Members.Add(new MemberRow());
        }
    }
}
