using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring.Manage;

/// <summary>The leerregio's monitor settings for its coordinators: below how many respondents or records a cell is hidden.</summary>
[Authorize]
public sealed class SettingsModel(GrozDbContext db, Surveys surveys, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public string? SuppressBelow { get; set; }

    public Leerregio Leerregio { get; private set; } = null!;

    private async Task<bool> LoadAsync(string slug)
    {
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug) is not { } lr || !User.CanManage(lr.Id))
        {
            return false;
        }
        Leerregio = lr;
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        SuppressBelow = (await surveys.SettingsAsync(Leerregio.Id)).SuppressBelow.ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        ModelState.Clear();
        var outcome = await SuppressionSetting.SetAsync(surveys, audit, Leerregio.Id, SuppressBelow, HttpContext.RequestAborted);
        if (outcome is { } error)
        {
            ModelState.AddModelError(nameof(SuppressBelow), l[error]);
            return Page();
        }
        TempData["Message"] = l["The settings have been saved."].Value;
        return Redirect($"/beheer/monitoring/{Leerregio.Slug}/instellingen");
    }
}

/// <summary>One rule for page and API: a whole number from 5 (below that, small groups are recognisable) to 100; every change is audit-logged.</summary>
public static class SuppressionSetting
{
    public const int Min = 5;
    public const int Max = 100;

    /// <summary>Null when saved; otherwise the (English) text of what is wrong.</summary>
    public static async Task<string?> SetAsync(Surveys surveys, AuditLog audit, int leerregioId, string? text, CancellationToken ct)
    {
        if (!int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var below) || below < Min || below > Max)
        {
            return "Enter a whole number from 5 to 100.";
        }
        var settings = await surveys.SettingsAsync(leerregioId, ct);
        var before = settings.SuppressBelow;
        if (before == below)
        {
            return null;
        }
        settings.SuppressBelow = below;
        // AuditLog saves the context: the new threshold and its audit entry are written together.
        await audit.WriteAsync("monitoring.suppression.changed", "leerregio", leerregioId.ToString(CultureInfo.InvariantCulture), leerregioId,
            string.Create(CultureInfo.InvariantCulture, $"{before} -> {below}"), ct: ct);
        return null;
    }
}
