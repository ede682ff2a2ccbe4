using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Groz.Web.Features.Regions;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Collaboration;

/// <summary>One bouwsteen with its dated updates; its coordinators add an update or change the trekker here.</summary>
public sealed class BouwsteenPageModel(GrozDbContext db, Collaborations collaborations, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class UpdateForm
    {
        public string? On { get; set; }
        public string? Text { get; set; }
    }

    public sealed class TrekkerForm
    {
        public string? Trekker { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty] public UpdateForm Update { get; set; } = new();
    [BindProperty] public TrekkerForm Lead { get; set; } = new();
    public Leerregio Leerregio { get; private set; } = null!;
    public Bouwsteen Bouwsteen { get; private set; } = null!;
    public bool MayEdit { get; private set; }

    private async Task<bool> LoadAsync()
    {
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == Slug) is not { } lr
            || (await collaborations.BouwstenenAsync(lr.Id)).FirstOrDefault(b => b.Code == Code) is not { } b)
        {
            return false;
        }
        Leerregio = lr;
        Bouwsteen = b;
        Lead.Trekker ??= b.Trekker;
        MayEdit = User.CanManage(lr.Id);
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        Update.On = CollaborationTexts.Iso(DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow())));
        return Page();
    }

    public async Task<IActionResult> OnPostUpdateAsync()
    {
        if (!await LoadAsync() || !MayEdit)
        {
            return NotFound();
        }
        var on = CollaborationTexts.ParseDate(Update.On, out var bad);
        if (bad)
        {
            ModelState.AddModelError("Update.On", l["Fill in a date as year-month-day, for example 2026-03-01."]);
            return Page();
        }
        var outcome = await collaborations.AddUpdateAsync(User, Leerregio.Id, Code, new BouwsteenUpdateInput(on, Update.Text), HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            EventPages.AddErrors(ModelState, outcome, "Update.");
            return Page();
        }
        TempData["Message"] = l["The update has been added."].Value;
        return Redirect($"/samenwerking/{Slug}/bouwsteen/{Code}");
    }

    public async Task<IActionResult> OnPostTrekkerAsync()
    {
        if (!await LoadAsync() || !MayEdit)
        {
            return NotFound();
        }
        var outcome = await collaborations.SetTrekkerAsync(User, Leerregio.Id, Code, Lead.Trekker, HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            EventPages.AddErrors(ModelState, outcome, "Lead.");
            return Page();
        }
        TempData["Message"] = l["The trekker has been changed."].Value;
        return Redirect($"/samenwerking/{Slug}/bouwsteen/{Code}");
    }
}
