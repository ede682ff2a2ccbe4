using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests.Manage;

/// <summary>
/// Retention of Hulpvragen for coordinators and administrators: how long personal data of closed questions is kept,
/// how many wait for pseudonymisation, and a button that runs it now (the same as the daily job; audited).
/// </summary>
[Authorize]
public sealed class RetentionModel(GrozDbContext db, HelpRequests help, HelpRetention retention, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public Leerregio Leerregio { get; private set; } = null!;
    public int RetentionDays { get; private set; }
    public int Due { get; private set; }
    public int Done { get; private set; }

    private async Task<bool> LoadAsync(string slug)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct) is not { } leerregio || !User.CanManage(leerregio.Id))
        {
            return false;
        }
        Leerregio = leerregio;
        RetentionDays = (await help.SettingsAsync(leerregio.Id, ct)).RetentionDays;
        var before = time.GetUtcNow().AddDays(-RetentionDays);
        var id = leerregio.Id;
        Due = await db.HelpRequests.CountAsync(r => r.LeerregioId == id && r.PseudonymisedAt == null && r.ClosedAt != null && r.ClosedAt < before
            && (r.Status == HelpStatus.Closed || r.Status == HelpStatus.Withdrawn), ct);
        Done = await db.HelpRequests.CountAsync(r => r.LeerregioId == id && r.PseudonymisedAt != null, ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug) => await LoadAsync(slug) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        var result = await retention.RunAsync(Leerregio.Id, User.UserId(), HttpContext.RequestAborted);
        TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["{0} closed questions have been pseudonymised."], result.Pseudonymised);
        return Redirect($"/beheer/hulpvragen/{Leerregio.Slug}/bewaartermijn");
    }
}
