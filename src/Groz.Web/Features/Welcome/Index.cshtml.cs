using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Welcome;

/// <summary>
/// The start of the welcome route: postcode or wijk, interests, situation. No account needed. Opened with ?brief=code it
/// shows the letter's wijk, so that look-up counts against the same per-address limit as /welkom/brief.
/// </summary>
[EnableRateLimiting(Infrastructure.Security.LetterCodePolicy)]
public sealed class IndexModel(GrozDbContext db, WelcomeRoutes routes, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty] public WelcomeInput Input { get; set; } = new();
    /// <summary>The code of a welcome letter: the wijk is then filled in already.</summary>
    [BindProperty(SupportsGet = true, Name = "brief")] public string? Brief { get; set; }
    [BindProperty(SupportsGet = true, Name = "verwijderd")] public bool Removed { get; set; }

    public List<(Leerregio Leerregio, List<Wijk> Wijken)> Choices { get; private set; } = [];
    public string? LetterWijk { get; private set; }

    public async Task OnGetAsync()
    {
        Choices = await db.WijkChoicesAsync(HttpContext.RequestAborted);
        if (!string.IsNullOrWhiteSpace(Brief))
        {
            if (await routes.FindLetterAsync(Brief, HttpContext.RequestAborted) is { } letter)
            {
                var wijk = Choices.SelectMany(c => c.Wijken).First(w => w.Id == letter.WijkId);
                (Input.Wijk, Input.Letter, LetterWijk) = (wijk.Code, letter.Code, wijk.Name);
            }
            else
            {
                ModelState.AddModelError("", l["This letter code is not known. Check the code on your letter, or leave it out."]);
                Brief = null;
            }
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Choices = await db.WijkChoicesAsync(HttpContext.RequestAborted);
        ModelState.Clear();
        var (choice, errors) = await routes.CheckAsync(Input, HttpContext.RequestAborted);
        if (choice is null)
        {
            foreach (var (field, message) in errors)
            {
                ModelState.AddModelError("Input." + field, message);
            }
            if (Input.Letter is not null && !errors.ContainsKey(nameof(WelcomeInput.Letter)) && await routes.FindLetterAsync(Input.Letter) is { } letter)
            {
                LetterWijk = Choices.SelectMany(c => c.Wijken).First(w => w.Id == letter.WijkId).Name;
            }
            return Page();
        }
        var (_, code) = await routes.CreateAsync(choice, HttpContext.RequestAborted);
        return Redirect($"/welkom/r/{code}");
    }
}
