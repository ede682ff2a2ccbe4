using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Groz.Web.Features.TimeBank.Manage;

/// <summary>
/// The coordinators' Tijdbank pages of one leerregio (/beheer/tijdbank/{slug}). Only its coordinators and administrators
/// get in; for everyone else the leerregio does not exist (404), as on the other /beheer pages.
/// </summary>
[Authorize]
public abstract class TimeBankManageModel(GrozDbContext db, Banks banks) : PageModel
{
    protected GrozDbContext Db => db;
    protected Banks Banks => banks;

    public Leerregio Leerregio { get; private set; } = null!;
    public TimeBankSettings Settings { get; private set; } = null!;
    public TimeAccount Pool { get; private set; } = null!;

    protected async Task<bool> LoadAsync(string slug)
    {
        if (await RegionManagement.FindManagedAsync(db, User, slug, HttpContext.RequestAborted) is not { } leerregio)
        {
            return false;
        }
        Leerregio = leerregio;
        Settings = await banks.EnsureAsync(leerregio.Id, HttpContext.RequestAborted);
        Pool = await banks.PoolAsync(leerregio.Id, HttpContext.RequestAborted);
        return true;
    }

    protected string Home => $"/beheer/tijdbank/{Leerregio.Slug}";
}

/// <summary>A payment from the pool (grant or group payment): the same receiver list, search and GET for both.</summary>
public abstract class PoolPaymentModel(GrozDbContext db, Banks banks) : TimeBankManageModel(db, banks)
{
    [BindProperty(SupportsGet = true, Name = "zoek")] public string? Search { get; set; }
    public List<TimeBankPages.Choice> Choices { get; private set; } = [];

    /// <summary>Loads the leerregio (false: not managed by this member) and the members to choose from.</summary>
    protected async Task<bool> LoadWithChoicesAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return false;
        }
        Choices = await TimeBankPages.ChoicesAsync(Db, Leerregio.Id, null, Search, HttpContext.RequestAborted);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug) => await LoadWithChoicesAsync(slug) ? Page() : NotFound();
}
