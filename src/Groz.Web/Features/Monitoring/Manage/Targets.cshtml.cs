using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring.Manage;

/// <summary>The targets of a leerregio: coordinators set and remove them, researchers read them.</summary>
[Authorize]
public sealed class TargetsModel(GrozDbContext db, Targets targets, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class TargetInput
    {
        public string? Indicator { get; set; }
        public string? Wijk { get; set; }
        public string? Year { get; set; }
        public string? Value { get; set; }
    }

    [BindProperty] public TargetInput Input { get; set; } = new();

    public Leerregio Leerregio { get; private set; } = null!;
    public bool CanEdit { get; private set; }
    public List<TargetDto> List { get; private set; } = [];
    public List<KeyValuePair<string, string>> Indicators { get; private set; } = [];
    public List<KeyValuePair<string, string>> Areas { get; private set; } = [];

    private async Task<bool> LoadAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct) is not { } lr || !Surveys.MayRead(User, lr.Id))
        {
            return false;
        }
        Leerregio = lr;
        CanEdit = User.CanManage(lr.Id);
        List = await targets.ListAsync(lr.Id, ct);
        await IndicatorCatalog.EnsureAsync(db, ct);
        var dutch = Localization.IsDutch;
        // Only indicators with a better direction: a count that only describes has nothing to aim for.
        Indicators = [.. (await db.Indicators.AsNoTracking().Where(d => d.Better != BetterDirection.Neither).ToListAsync(ct))
            .Select(d => new KeyValuePair<string, string>(d.Code, dutch ? d.NameNl : d.NameEn)).OrderBy(x => x.Value, StringComparer.CurrentCulture)];
        Areas = [new("", l["The whole leerregio"]), .. (await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == lr.Id).OrderBy(w => w.Name).ToListAsync(ct))
            .Select(w => new KeyValuePair<string, string>(w.Code, w.Name))];
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        Input.Year ??= DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow())).Year.ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        ModelState.Clear();
        var outcome = await targets.SetAsync(User, Leerregio.Id, new NewTarget(Input.Indicator, Input.Wijk, Input.Year, Input.Value), HttpContext.RequestAborted);
        if (outcome.Status == 403)
        {
            return Forbid();
        }
        if (!outcome.Succeeded)
        {
            foreach (var (field, message) in outcome.FieldErrors ?? new Dictionary<string, string> { [outcome.Field ?? ""] = outcome.Message ?? "" })
            {
                ModelState.AddModelError(field.Length == 0 ? "" : "Input." + field, message);
            }
            return Page();
        }
        TempData["Message"] = l["The target has been saved."].Value;
        return Redirect($"/beheer/monitoring/{Leerregio.Slug}/doelen");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string slug, int id)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        var outcome = await targets.RemoveAsync(User, Leerregio.Id, id, HttpContext.RequestAborted);
        if (outcome.Status is 403 or 404)
        {
            return outcome.Status == 403 ? Forbid() : NotFound();
        }
        TempData["Message"] = l["The target has been removed."].Value;
        return Redirect($"/beheer/monitoring/{Leerregio.Slug}/doelen");
    }
}
