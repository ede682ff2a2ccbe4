using Groz.Web.Data;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// "What I like to help with": a volunteer's or Tijdbank member's profile for the matching suggestions. The write is
/// <see cref="HelpVolunteering.SaveAsync"/>, as in the API.
/// </summary>
[Authorize]
public sealed class VolunteerModel(GrozDbContext db, HelpVolunteering volunteering, IStringLocalizer<SharedResource> l) : PageModel
{
    public bool IsMember { get; private set; }
    public bool Exists { get; private set; }
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];
    [BindProperty] public List<HelpCategory> Categories { get; set; } = [];
    [BindProperty] public List<int> WijkIds { get; set; } = [];
    [BindProperty] public string? Availability { get; set; }
    [BindProperty] public List<DayOfWeek> Weekdays { get; set; } = [];
    [BindProperty] public bool? Available { get; set; }

    public async Task OnGetAsync()
    {
        var p = await volunteering.GetAsync(User, HttpContext.RequestAborted);
        if (p is null)
        {
            return;
        }
        await LoadAsync(p.LeerregioId);
        Exists = p.Exists;
        Categories = [.. p.Categories];
        WijkIds = [.. p.WijkIds];
        Availability = p.Availability;
        Weekdays = [.. p.Weekdays];
        Available = p.Available;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var p = await volunteering.GetAsync(User, HttpContext.RequestAborted);
        if (p is null)
        {
            return Page();
        }
        await LoadAsync(p.LeerregioId);
        Exists = p.Exists;
        // A checkbox list that binds nothing valid arrives as an empty list; out-of-range values the service refuses.
        var result = await volunteering.SaveAsync(User, new VolunteerProfileInput(Categories, WijkIds, Availability, Weekdays, Available), HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            foreach (var (key, message) in result.FieldErrors ?? new Dictionary<string, string> { [result.Field ?? ""] = result.Message ?? "" })
            {
                ModelState.AddModelError(key, message);
            }
            return Page();
        }
        TempData["Message"] = Available == false ? l["Your profile has been saved. You are on pause: nobody will ask you for now."].Value : l["Your profile has been saved."].Value;
        return Redirect("/hulpvragen/vrijwilliger");
    }

    private async Task LoadAsync(int leerregioId)
    {
        IsMember = true;
        Wijken = await HelpPages.WijkOptionsAsync(db, leerregioId, HttpContext.RequestAborted);
    }
}
