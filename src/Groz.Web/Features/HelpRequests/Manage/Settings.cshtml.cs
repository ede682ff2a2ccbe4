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
/// The coordinators' settings of Hulpvragen. Targets and the link's validity are typed in whole hours (what people think
/// in) and stored as minutes; the current value is shown in hours or days beside each field. Every write is
/// <see cref="HelpSettingsEditing"/>, as in the API: one bad value and nothing is saved.
/// </summary>
[Authorize]
public sealed class SettingsModel(GrozDbContext db, HelpRequests help, HelpSettingsEditing editing, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class TargetRow
    {
        public HelpUrgency Urgency { get; set; }
        public string? FirstResponseHours { get; set; }
        public string? MatchHours { get; set; }
    }

    public Leerregio Leerregio { get; private set; } = null!;
    public HelpRequestSettings Current { get; private set; } = null!;
    [BindProperty] public List<TargetRow> Targets { get; set; } = [];
    [BindProperty] public string? AskExpiryHours { get; set; }
    [BindProperty] public string? RetentionDays { get; set; }

    public string Now(HelpUrgency u, bool match)
    {
        var t = Current.Targets.FirstOrDefault(x => x.Urgency == u);
        return t is null ? "" : HelpSettingsEditing.Duration(l, match ? t.MatchMinutes : t.FirstResponseMinutes);
    }

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        Targets = HelpSettingsEditing.Urgencies.Select(u => Current.Targets.First(t => t.Urgency == u)).Select(t => new TargetRow
        {
            Urgency = t.Urgency, FirstResponseHours = Hours(t.FirstResponseMinutes), MatchHours = Hours(t.MatchMinutes),
        }).ToList();
        AskExpiryHours = Hours(Current.AskExpiryMinutes);
        RetentionDays = Current.RetentionDays.ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        // The rows come back in the order they were shown; the urgency is fixed per row, not taken from the form.
        var rows = HelpSettingsEditing.Urgencies.Select((u, i) => (Urgency: u, Row: Targets.ElementAtOrDefault(i) ?? new TargetRow())).ToList();
        Targets = rows.Select(x => new TargetRow { Urgency = x.Urgency, FirstResponseHours = x.Row.FirstResponseHours, MatchHours = x.Row.MatchHours }).ToList();
        var input = new HelpSettingsInput(
            rows.Select((x, i) => new HelpTargetInput(x.Urgency,
                Minutes(x.Row.FirstResponseHours, $"Targets[{i}].FirstResponseHours"), Minutes(x.Row.MatchHours, $"Targets[{i}].MatchHours"))).ToList(),
            Minutes(AskExpiryHours, nameof(AskExpiryHours)), Whole(RetentionDays, nameof(RetentionDays)));
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await editing.UpdateAsync(User, Leerregio.Id, input, HttpContext.RequestAborted);
        if (result.Status == 403)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            foreach (var (key, message) in result.FieldErrors ?? new Dictionary<string, string> { [result.Field ?? ""] = result.Message ?? "" })
            {
                ModelState.AddModelError(FormKey(key), message);
            }
            return Page();
        }
        TempData["Message"] = l["The settings have been saved."].Value;
        return Redirect($"/beheer/hulpvragen/{slug}/instellingen");
    }

    private static string FormKey(string key)
    {
        foreach (var (u, i) in HelpSettingsEditing.Urgencies.Select((u, i) => (u, i)))
        {
            if (key == HelpSettingsEditing.Key(u, "FirstResponseMinutes"))
            {
                return $"Targets[{i}].FirstResponseHours";
            }
            if (key == HelpSettingsEditing.Key(u, "MatchMinutes"))
            {
                return $"Targets[{i}].MatchHours";
            }
        }
        return key switch
        {
            "AskExpiryMinutes" => nameof(AskExpiryHours),
            "RetentionDays" => nameof(RetentionDays),
            _ => "",
        };
    }

    private static string Hours(int minutes) => (minutes / 60).ToString(CultureInfo.InvariantCulture);

    private int? Whole(string? text, string key)
    {
        if (int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        ModelState.AddModelError(key, l["Fill in a whole number, for example 24."]);
        return null;
    }

    private int? Minutes(string? hours, string key) => Whole(hours, key) is { } h ? (int)Math.Min(int.MaxValue, h * 60L) : null;

    private async Task<bool> LoadAsync(string slug)
    {
        var leerregio = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug);
        if (leerregio is null || !User.CanManage(leerregio.Id))
        {
            return false;
        }
        Leerregio = leerregio;
        Current = await help.SettingsAsync(leerregio.Id, HttpContext.RequestAborted);
        return true;
    }
}
