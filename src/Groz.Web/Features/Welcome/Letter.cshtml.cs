using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Welcome;

/// <summary>
/// Where the QR code and the printed link of a welcome letter lead: the code is checked, its first use recorded, and the
/// route opens with the wijk filled in. Without a code (or with a wrong one) a small form to type it. Look-ups are
/// limited per client address (RateLimits:LetterCodesPerMinute), because the answer tells whether a code exists.
/// </summary>
[EnableRateLimiting(Infrastructure.Security.LetterCodePolicy)]
public sealed class LetterModel(WelcomeRoutes routes, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (string.IsNullOrWhiteSpace(Code))
        {
            return Page();
        }
        if (await routes.OpenLetterAsync(Code, HttpContext.RequestAborted) is { } letter)
        {
            return Redirect($"/welkom?brief={letter.Code}");
        }
        ModelState.AddModelError(nameof(Code), l["This letter code is not known. Check the code on your letter, or leave it out."]);
        return Page();
    }
}
