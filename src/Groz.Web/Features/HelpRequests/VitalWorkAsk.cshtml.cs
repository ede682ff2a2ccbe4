using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

/// <summary>Vitaal werken: an employer or entrepreneur asks for a vitality programme for their staff (anyone signed in).</summary>
[Authorize]
public sealed class VitalWorkAskModel(GrozDbContext db, VitalWork vital, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        public int? WijkId { get; set; }
        public string? CompanyName { get; set; }
        public string? KvkNumber { get; set; }
        public int? StaffCount { get; set; }
        public string? Wish { get; set; }
        public ContactPreference? ContactPreference { get; set; }
        public string? ContactPhone { get; set; }
        public string? ContactEmail { get; set; }
        public bool ProcessingConsent { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];
    public List<KeyValuePair<string, string>> Preferences { get; private set; } = [];
    /// <summary>The question just sent (after the redirect), to show its number.</summary>
    [BindProperty(SupportsGet = true, Name = "verstuurd")] public int? Sent { get; set; }

    private async Task LoadAsync()
    {
        var rows = await (from w in db.Wijken.AsNoTracking()
                          join lr in db.Leerregios on w.LeerregioId equals lr.Id
                          orderby lr.Name, w.Name
                          select new { w.Id, w.Name, Leerregio = lr.Name }).ToListAsync(HttpContext.RequestAborted);
        Wijken = rows.Select(w => new KeyValuePair<string, string>(w.Id.ToString(CultureInfo.InvariantCulture), $"{w.Name} ({w.Leerregio})")).ToList();
        Preferences = Enum.GetValues<ContactPreference>().Select(p => new KeyValuePair<string, string>(p.ToString(), l["help.contact." + p])).ToList();
    }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Input.WijkId ??= User.HomeWijkId();
        Input.ContactPreference ??= ContactPreference.Email;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var i = Input;
        var result = await vital.AskAsync(User, new VitalWorkInput(i.WijkId, i.CompanyName, i.KvkNumber, i.StaffCount, i.Wish, i.ContactPreference, i.ContactPhone, i.ContactEmail, i.ProcessingConsent),
            ct: HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.FieldErrors ?? new Dictionary<string, string> { [result.Field ?? ""] = result.Message! })
            {
                // A value that could not be read already has its message from model binding.
                var key = field.Length == 0 ? "" : $"Input.{field}";
                if (!ModelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0)
                {
                    ModelState.AddModelError(key, message);
                }
            }
            await LoadAsync();
            return Page();
        }
        TempData["Message"] = l["Thank you. A coordinator will contact you about a programme for your staff."].Value;
        return Redirect($"/hulpvragen/vitaal-werken?verstuurd={result.Value!.Id}");
    }
}
