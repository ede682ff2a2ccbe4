using Groz.Web.Data;
using Groz.Web.Features.Events;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Collaboration;

/// <summary>
/// One wijkgesprek with its notes and coded fragments (every view is in the audit log, via
/// <see cref="Wijkgesprekken.ReadWithNotesAsync"/>), and the form to add a fragment with its codes.
/// </summary>
[Authorize]
public sealed class ConversationDetailModel(GrozDbContext db, Wijkgesprekken gesprekken, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class FragmentForm
    {
        public string? Text { get; set; }
        public List<int> CodeIds { get; set; } = [];
    }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public FragmentForm Fragment { get; set; } = new();
    public NeighbourhoodConversation Conversation { get; private set; } = null!;
    public string WijkName { get; private set; } = "";
    public List<CollaborationApi.CodeDto> Codes { get; private set; } = [];
    public List<(CollaborationApi.CodeDto Code, int Depth)> CodeTree { get; private set; } = [];

    private async Task<bool> LoadAsync()
    {
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == Slug);
        if (lr is null || !Wijkgesprekken.MayResearch(User, lr.Id))
        {
            return false;
        }
        // The leerregio in the address must be the conversation's: a coordinator of two leerregio's cannot mix them up.
        var c = await gesprekken.ReadWithNotesAsync(User, Id, HttpContext.RequestAborted);
        if (c is null || c.LeerregioId != lr.Id)
        {
            return false;
        }
        Conversation = c;
        WijkName = await db.Wijken.Where(w => w.Id == c.WijkId).Select(w => w.Name).SingleAsync();
        Codes = await CollaborationApi.CodeListAsync(db, lr.Id, HttpContext.RequestAborted);
        CodeTree = Depths(Codes);
        return true;
    }

    public static List<(CollaborationApi.CodeDto Code, int Depth)> Depths(List<CollaborationApi.CodeDto> ordered)
    {
        var depth = new Dictionary<int, int>();
        var list = new List<(CollaborationApi.CodeDto, int)>();
        foreach (var c in ordered)
        {
            var d = c.ParentId is { } p ? depth.GetValueOrDefault(p) + 1 : 0;
            depth[c.Id] = d;
            list.Add((c, d));
        }
        return list;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var outcome = await gesprekken.AddFragmentAsync(User, Id, new FragmentInput(Fragment.Text, [.. Fragment.CodeIds]), HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            EventPages.AddErrors(ModelState, outcome, "Fragment.");
            return Page();
        }
        TempData["Message"] = l["The fragment has been added."].Value;
        return Redirect($"/beheer/wijkgesprekken/{Slug}/gesprek/{Id}#fragmenten");
    }
}
