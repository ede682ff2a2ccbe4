using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests.Manage;

/// <summary>
/// A vitaal-werken question for the wijk's staff: the company, its wish and contact (an audited view), accepting it,
/// and for coordinators matching it with providers of the Wijkportaal (searched by name). The rest of the road
/// (follow-up, closing) is the same page as for every request.
/// </summary>
[Authorize]
public sealed class VitalWorkModel(GrozDbContext db, HelpRequests help, VitalWork vital, IStringLocalizer<SharedResource> l) : PageModel
{
    public Leerregio Leerregio { get; private set; } = null!;
    public HelpRequest Help { get; private set; } = null!;
    public VitalWorkDetails Details { get; private set; } = null!;
    public List<(VitalWorkReferral Referral, string? Organization, string? Service)> Referrals { get; private set; } = [];
    public List<VitalProvider> Providers { get; private set; } = [];
    public bool MayRefer { get; private set; }
    public List<KeyValuePair<string, string>> Kinds { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "zoek")] public string? Search { get; set; }
    /// <summary>Chosen providers as "o:{organisation id}" or "s:{service id}".</summary>
    [BindProperty] public List<string> Picks { get; set; } = [];
    [BindProperty] public VitalProviderKind? ProviderKind { get; set; }

    private async Task<bool> LoadAsync(string slug, int id)
    {
        var ct = HttpContext.RequestAborted;
        var leerregio = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (leerregio is null || await vital.ViewAsync(User, id, "vitaal werken page", ct) is not { } v || v.Request.LeerregioId != leerregio.Id || !HelpRequests.IsStaff(User, leerregio.Id, v.Request.WijkId))
        {
            return false;
        }
        (Leerregio, Help, Details, Referrals) = (leerregio, v.Request, v.Details, v.Referrals);
        MayRefer = User.CanManage(leerregio.Id) && Help.Status is HelpStatus.Triaged or HelpStatus.Referred;
        if (MayRefer)
        {
            Providers = await vital.ProvidersAsync(leerregio.Id, Search, ct);
        }
        Kinds = Enum.GetValues<VitalProviderKind>().Select(k => new KeyValuePair<string, string>(k.ToString(), l["help.provider." + k])).ToList();
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug, int id) => await LoadAsync(slug, id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcceptAsync(string slug, int id)
    {
        if (!await LoadAsync(slug, id))
        {
            return NotFound();
        }
        var result = await help.TriageAsync(User, id, HelpCategory.Other, Help.Urgency, ct: HttpContext.RequestAborted);
        return After(slug, id, result.Succeeded ? l["The question has been accepted."] : result.Message!);
    }

    public async Task<IActionResult> OnPostReferAsync(string slug, int id)
    {
        if (!await LoadAsync(slug, id))
        {
            return NotFound();
        }
        var picks = new List<VitalPick>();
        foreach (var p in Picks)
        {
            if (p.Length > 2 && Guid.TryParse(p[2..], CultureInfo.InvariantCulture, out var guid))
            {
                picks.Add(p[0] == 's' ? new VitalPick(ProviderKind, null, guid) : new VitalPick(ProviderKind, guid, null));
            }
        }
        var result = await vital.ReferAsync(User, id, picks, ct: HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(result.Field == "Picks" ? "Picks" : "", result.Message!);
            return Page();
        }
        return After(slug, id, l["The providers have been recorded and the company has been told by e-mail."]);
    }

    private RedirectResult After(string slug, int id, string message)
    {
        TempData["Message"] = message;
        return Redirect($"/beheer/hulpvragen/{slug}/vitaal/{id}");
    }
}
