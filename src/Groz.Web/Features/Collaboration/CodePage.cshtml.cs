using Groz.Web.Data;
using Groz.Web.Features.Events;
using Groz.Web.Features.Regions;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Collaboration;

/// <summary>
/// One code of the codebook: rename or move it (a move under itself or a subcode is refused), merge it into another,
/// set its urgency per wijk (for themes, which the matrix shows) and link it to what is done about it. Each form posts to
/// its own handler and keeps its own field names, so one form's mistakes never blank another.
/// </summary>
[Authorize]
public sealed class CodePageModel(GrozDbContext db, Wijkgesprekken gesprekken, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class EditForm
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public int? ParentId { get; set; }
    }

    public sealed class MergeForm
    {
        public int? TargetId { get; set; }
    }

    public sealed class UrgencyForm
    {
        public int? WijkId { get; set; }
        public int? Level { get; set; }
        public string? Rationale { get; set; }
    }

    public sealed class ActionForm
    {
        public ActionKind? Kind { get; set; }
        public int? CollaborationId { get; set; }
        public int? EventId { get; set; }
        public string? Url { get; set; }
        public string? Title { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public EditForm Edit { get; set; } = new();
    [BindProperty] public MergeForm Merge { get; set; } = new();
    [BindProperty] public UrgencyForm Urgency { get; set; } = new();
    [BindProperty] public ActionForm Action { get; set; } = new();
    public Leerregio Leerregio { get; private set; } = null!;
    public Code Code { get; private set; } = null!;
    public List<KeyValuePair<string, string>> Others { get; private set; } = [];
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];
    public List<KeyValuePair<string, string>> Levels { get; } = [.. Enumerable.Range(1, 5).Select(n => new KeyValuePair<string, string>(CollaborationTexts.Id(n), CollaborationTexts.Id(n)))];
    public List<KeyValuePair<string, string>> Kinds => CollaborationTexts.Options(Enum.GetValues<ActionKind>(), k => CollaborationTexts.ActionKindName(l, k));
    public List<KeyValuePair<string, string>> CollaborationOptions { get; private set; } = [];
    public List<KeyValuePair<string, string>> EventOptions { get; private set; } = [];
    public List<ThemeUrgency> Urgencies { get; private set; } = [];
    public List<ThemeAction> Actions { get; private set; } = [];
    public Dictionary<int, string> WijkNames { get; private set; } = [];

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == Slug, ct);
        if (lr is null || !Wijkgesprekken.MayResearch(User, lr.Id)
            || await db.Codes.AsNoTracking().FirstOrDefaultAsync(c => c.Id == Id && c.LeerregioId == lr.Id, ct) is not { } code)
        {
            return false;
        }
        Leerregio = lr;
        Code = code;
        var tree = ConversationDetailModel.Depths(await CollaborationApi.CodeListAsync(db, lr.Id, ct));
        Others = CodebookPageModel.ParentOptions(tree.Where(x => x.Code.Id != Id));
        WijkNames = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == lr.Id).OrderBy(w => w.Name).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        Wijken = [.. WijkNames.Select(w => new KeyValuePair<string, string>(CollaborationTexts.Id(w.Key), w.Value))];
        CollaborationOptions = await db.Collaborations.AsNoTracking().Where(c => c.LeerregioId == lr.Id).OrderBy(c => c.Name)
            .Select(c => new KeyValuePair<string, string>(c.Id.ToString(), c.Name)).ToListAsync(ct);
        var today = time.GetUtcNow().AddDays(-90);
        EventOptions = await db.Events.AsNoTracking().Where(e => e.LeerregioId == lr.Id && e.StartsAt >= today).OrderBy(e => e.StartsAt).Take(300)
            .Select(e => new KeyValuePair<string, string>(e.Id.ToString(), e.Title)).ToListAsync(ct);
        Urgencies = await db.ThemeUrgencies.AsNoTracking().Where(u => u.CodeId == Id).ToListAsync(ct);
        Actions = await db.ThemeActions.AsNoTracking().Where(a => a.CodeId == Id).OrderBy(a => a.Id).ToListAsync(ct);
        Edit.Name ??= code.Name;
        Edit.Description ??= code.Description;
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        Edit.ParentId = Code.ParentId;
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var outcome = await gesprekken.SaveCodeAsync(User, Leerregio.Id, Id, new CodeInput(Edit.Name, Edit.Description, Edit.ParentId), HttpContext.RequestAborted);
        return Done(outcome, "Edit.", l["The code has been saved."]);
    }

    public async Task<IActionResult> OnPostMergeAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        Edit.ParentId = Code.ParentId;
        var outcome = await gesprekken.MergeAsync(User, Leerregio.Id, Id, Merge.TargetId, HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            EventPages.AddErrors(ModelState, outcome, "Merge.");
            return Page();
        }
        TempData["Message"] = l["The codes have been merged."].Value;
        return Redirect($"/beheer/wijkgesprekken/{Slug}/code/{outcome.Value!.Id}");
    }

    public async Task<IActionResult> OnPostUrgencyAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        Edit.ParentId = Code.ParentId;
        var outcome = await gesprekken.SetUrgencyAsync(User, Leerregio.Id, new UrgencyInput(Urgency.WijkId, Id, Urgency.Level, Urgency.Rationale), HttpContext.RequestAborted);
        return Done(outcome, "Urgency.", l["The urgency has been saved."]);
    }

    public async Task<IActionResult> OnPostActionAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        Edit.ParentId = Code.ParentId;
        var target = Action.Kind switch
        {
            ActionKind.Collaboration => Action.CollaborationId,
            ActionKind.Event => Action.EventId,
            _ => null,
        };
        var outcome = await gesprekken.AddActionAsync(User, Leerregio.Id, new ActionInput(Id, Action.Kind, target, Action.Url, Action.Title), HttpContext.RequestAborted);
        if (!outcome.Succeeded && outcome.FieldErrors is { } errors && errors.TryGetValue("TargetId", out var message))
        {
            // The write knows one target; the form has a list per kind, so the message goes to the list that was used.
            ModelState.AddModelError(Action.Kind == ActionKind.Event ? "Action.EventId" : "Action.CollaborationId", message);
        }
        return Done(outcome, "Action.", l["The link has been added."]);
    }

    private IActionResult Done<T>(Outcome<T> outcome, string prefix, string message) where T : class
    {
        if (!outcome.Succeeded)
        {
            EventPages.AddErrors(ModelState, outcome, prefix);
            ModelState.Remove(prefix + "TargetId");
            return Page();
        }
        TempData["Message"] = message;
        return Redirect($"/beheer/wijkgesprekken/{Slug}/code/{Id}");
    }
}
