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
/// One coded fragment: change its text and codes, or delete it. A page of its own rather than a form per fragment on
/// the conversation page, so that one fragment's mistakes are shown at its own fields and never blank another's.
/// </summary>
[Authorize]
public sealed class FragmentPageModel(GrozDbContext db, Wijkgesprekken gesprekken, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public ConversationDetailModel.FragmentForm Fragment { get; set; } = new();
    public int ConversationId { get; private set; }
    public List<(CollaborationApi.CodeDto Code, int Depth)> CodeTree { get; private set; } = [];

    private async Task<ConversationFragment?> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == Slug, ct);
        // The leerregio in the address must be the fragment's, as on the conversation page.
        if (lr is null || await gesprekken.FindFragmentAsync(User, Id, ct) is not { } f || f.LeerregioId != lr.Id)
        {
            return null;
        }
        ConversationId = f.ConversationId;
        CodeTree = ConversationDetailModel.Depths(await CollaborationApi.CodeListAsync(db, lr.Id, ct));
        return f;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is not { } f)
        {
            return NotFound();
        }
        Fragment = new() { Text = f.Text, CodeIds = [.. f.Codes.Select(x => x.CodeId)] };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is null)
        {
            return NotFound();
        }
        var outcome = await gesprekken.UpdateFragmentAsync(User, Id, new FragmentInput(Fragment.Text, [.. Fragment.CodeIds]), HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            EventPages.AddErrors(ModelState, outcome, "Fragment.");
            return Page();
        }
        TempData["Message"] = l["The fragment has been saved."].Value;
        return Redirect($"/beheer/wijkgesprekken/{Slug}/gesprek/{ConversationId}#fragmenten");
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (await LoadAsync() is null)
        {
            return NotFound();
        }
        var outcome = await gesprekken.DeleteFragmentAsync(User, Id, HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            return NotFound();
        }
        TempData["Message"] = l["The fragment has been deleted."].Value;
        return Redirect($"/beheer/wijkgesprekken/{Slug}/gesprek/{ConversationId}#fragmenten");
    }
}
