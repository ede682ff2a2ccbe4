using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Regions.Manage;

/// <summary>Members with a role in this leerregio; grant a role to an existing account, or revoke one.</summary>
public sealed class LedenModel(GrozDbContext db, RegionManagement manage, AuditLog audit, IStringLocalizer<SharedResource> l) : ManagePageModel(db)
{
    [BindProperty] public RegionManagement.GrantInput Input { get; set; } = new();

    public List<RegionManagement.Member> Members { get; private set; } = [];
    public List<Wijk> Wijken { get; private set; } = [];
    public IReadOnlyList<GrozRole> GrantableRoles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        await LoadListsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        if (ModelState.IsValid)
        {
            var outcome = await manage.GrantAsync(Leerregio, User, Input, HttpContext.RequestAborted);
            if (outcome.Succeeded)
            {
                TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["The role {0} has been granted to {1}."],
                    l[$"role.{outcome.Value!.Role}"], Input.Email?.Trim());
                return Redirect($"/beheer/leerregios/{Leerregio.Slug}/leden");
            }
            AddErrors(outcome.Errors);
        }
        await LoadListsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostIntrekkenAsync(string slug, int id)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        switch (await manage.RevokeAsync(Leerregio, User, id, HttpContext.RequestAborted))
        {
            case RegionManagement.RevokeResult.NotFound:
                return NotFound();
            case RegionManagement.RevokeResult.NotAllowed:
                return StatusCode(StatusCodes.Status403Forbidden);
            default:
                TempData["Message"] = l["The role has been revoked."].Value;
                return Redirect($"/beheer/leerregios/{Leerregio.Slug}/leden");
        }
    }

    public bool MayRevoke(RegionManagement.Member m) => RegionManagement.MayGrant(User, Leerregio.Id, m.Role);

    private async Task LoadListsAsync()
    {
        Members = await manage.MembersAsync(Leerregio.Id, HttpContext.RequestAborted);
        await audit.WriteAsync("members.viewed", "leerregio", Leerregio.Slug, Leerregio.Id);
        Wijken = await Db.Wijken.AsNoTracking().Where(w => w.LeerregioId == Leerregio.Id).OrderBy(w => w.Name).ToListAsync();
        GrantableRoles = GrozRoles.All.Where(r => RegionManagement.MayGrant(User, Leerregio.Id, r)).ToList();
    }
}
