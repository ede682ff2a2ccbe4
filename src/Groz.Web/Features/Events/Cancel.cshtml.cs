using Groz.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Events;

/// <summary>The cancel link from the mail: works without signing in; the secret in the link is the only key.</summary>
public sealed class CancelModel(GrozDbContext db, Registrations registrations) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    public EventRegistration? Registration { get; private set; }
    public string Title { get; private set; } = "";
    public bool Done { get; private set; }

    private async Task LoadAsync()
    {
        Registration = await registrations.ByTokenAsync(Token, HttpContext.RequestAborted);
        if (Registration is not null)
        {
            Title = await db.Events.Where(e => e.Id == Registration.EventId).Select(e => e.Title).SingleAsync();
        }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Registration is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await registrations.CancelByTokenAsync(Token, HttpContext.RequestAborted);
        await LoadAsync();
        if (Registration is null)
        {
            return NotFound();
        }
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError("", outcome.Message!);
            return Page();
        }
        Done = true;
        return Page();
    }
}
