using Groz.Web.Data;
using Groz.Web.Features.Events;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Collaboration;

/// <summary>Record (or correct) a wijkgesprek or focus group; the rules are <see cref="Wijkgesprekken.SaveConversationAsync"/>'s.</summary>
[Authorize]
public sealed class ConversationEditModel(GrozDbContext db, Wijkgesprekken gesprekken, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        public string? HeldOn { get; set; }
        public int? WijkId { get; set; }
        public ConversationFormat? Format { get; set; }
        public PlaceKind? Place { get; set; }
        public List<ParticipantKinds> Participants { get; set; } = [];
        public int? ParticipantCount { get; set; }
        public string? Facilitator { get; set; }
        public string? Summary { get; set; }
        public string? Notes { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public int LeerregioId { get; private set; }
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];
    public List<KeyValuePair<string, string>> Formats => CollaborationTexts.Options(Enum.GetValues<ConversationFormat>(), f => CollaborationTexts.Format(l, f));
    public List<KeyValuePair<string, string>> Places => CollaborationTexts.Options(Enum.GetValues<PlaceKind>(), p => CollaborationTexts.Place(l, p));

    private async Task<bool> LoadAsync()
    {
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == Slug);
        if (lr is null || !Wijkgesprekken.MayResearch(User, lr.Id))
        {
            return false;
        }
        LeerregioId = lr.Id;
        Wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == lr.Id).OrderBy(w => w.Name)
            .Select(w => new KeyValuePair<string, string>(w.Id.ToString(), w.Name)).ToListAsync();
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
            var c = await db.NeighbourhoodConversations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.LeerregioId == LeerregioId);
            if (c is null)
            {
                return NotFound();
            }
            Input = new InputModel
            {
                HeldOn = CollaborationTexts.Iso(c.HeldOn), WijkId = c.WijkId, Format = c.Format, Place = c.Place,
                Participants = [.. CollaborationTexts.ParticipantKindList.Where(k => c.Participants.HasFlag(k))], ParticipantCount = c.ParticipantCount,
                Facilitator = c.Facilitator, Summary = c.Summary, Notes = c.Notes,
            };
        }
        else
        {
            Input.HeldOn = CollaborationTexts.Iso(DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow())));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var heldOn = CollaborationTexts.ParseDate(Input.HeldOn, out var bad);
        if (bad)
        {
            ModelState.AddModelError("Input.HeldOn", l["Fill in a date as year-month-day, for example 2026-03-01."]);
        }
        if (ModelState.TryGetValue("Input.ParticipantCount", out var count) && count.Errors.Count > 0)
        {
            count.Errors.Clear();
            ModelState.AddModelError("Input.ParticipantCount", l["Fill in the number of participants (1 to 500)."]);
        }
        CollaborationTexts.NameUnreadableValues(ModelState, l);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var kinds = Input.Participants.Aggregate(ParticipantKinds.None, (all, k) => all | k);
        var outcome = await gesprekken.SaveConversationAsync(User, LeerregioId, Id,
            new ConversationInput(heldOn, Input.WijkId, Input.Format, Input.Place, kinds, Input.ParticipantCount, Input.Facilitator, Input.Summary, Input.Notes),
            HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            if (outcome.Status == 404)
            {
                return NotFound();
            }
            EventPages.AddErrors(ModelState, outcome);
            return Page();
        }
        TempData["Message"] = l["The conversation has been saved."].Value;
        return Redirect($"/beheer/wijkgesprekken/{Slug}/gesprek/{outcome.Value!.Id}");
    }
}
