using Groz.Web.Data;
using Groz.Web.Features.Events;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Collaboration;

/// <summary>The codebook as a tree, with the form to add a theme or a subcode; each code has its own page to rename, move or merge it.</summary>
[Authorize]
public sealed class CodebookPageModel(GrozDbContext db, Wijkgesprekken gesprekken, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class CodeForm
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public int? ParentId { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty] public CodeForm Input { get; set; } = new();
    public Leerregio Leerregio { get; private set; } = null!;
    public List<(CollaborationApi.CodeDto Code, int Depth)> Codes { get; private set; } = [];
    public List<KeyValuePair<string, string>> Parents { get; private set; } = [];

    private async Task<bool> LoadAsync()
    {
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == Slug);
        if (lr is null || !Wijkgesprekken.MayResearch(User, lr.Id))
        {
            return false;
        }
        Leerregio = lr;
        Codes = ConversationDetailModel.Depths(await CollaborationApi.CodeListAsync(db, lr.Id, HttpContext.RequestAborted));
        Parents = ParentOptions(Codes);
        return true;
    }

    /// <summary>Codes as options, indented by their depth so that the tree shows in a plain select.</summary>
    public static List<KeyValuePair<string, string>> ParentOptions(IEnumerable<(CollaborationApi.CodeDto Code, int Depth)> codes) =>
        [.. codes.Select(x => new KeyValuePair<string, string>(CollaborationTexts.Id(x.Code.Id), new string('–', x.Depth) + (x.Depth > 0 ? " " : "") + x.Code.Name))];

    public async Task<IActionResult> OnGetAsync(int? parent)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        Input.ParentId = parent;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var outcome = await gesprekken.SaveCodeAsync(User, Leerregio.Id, null, new CodeInput(Input.Name, Input.Description, Input.ParentId), HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            EventPages.AddErrors(ModelState, outcome);
            return Page();
        }
        TempData["Message"] = l["The code has been added."].Value;
        return Redirect($"/beheer/wijkgesprekken/{Slug}/codeboek");
    }
}
