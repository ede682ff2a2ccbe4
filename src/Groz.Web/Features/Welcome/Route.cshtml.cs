using Groz.Web.Features.Events;
using Groz.Web.Features.HelpRequests;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Groz.Web.Features.Welcome;

/// <summary>The personal welcome page behind a route's secret link; the welkomstmaatje form; removing the route.</summary>
public sealed class RouteModel(WelcomeRoutes routes) : PageModel
{
    public sealed class MaatjeForm
    {
        public string? Name { get; set; }
        public ContactPreference? ContactPreference { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public string? Message { get; set; }
        public bool Consent { get; set; }
    }

    [BindProperty] public MaatjeForm Maatje { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "gevraagd")] public bool JustAsked { get; set; }
    public WelcomePage? Welcome { get; private set; }
    public string Code { get; private set; } = "";

    public static string When(Occurrence o) => EventPages.Span(o.StartsAt, o.EndsAt);

    private async Task<bool> LoadAsync(string code)
    {
        Code = code;
        if (await routes.FindAsync(code, HttpContext.RequestAborted) is not { } route)
        {
            Response.StatusCode = 404;
            return false;
        }
        Welcome = await routes.BuildAsync(route, HttpContext.RequestAborted);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string code)
    {
        await LoadAsync(code);
        return Page();
    }

    public async Task<IActionResult> OnPostMaatjeAsync(string code)
    {
        if (!await LoadAsync(code))
        {
            return Page();
        }
        ModelState.Clear();
        var outcome = await routes.AskMaatjeAsync(Welcome!.Route,
            new WelcomeMaatjeInput(Maatje.Name, Maatje.ContactPreference, Maatje.Phone, Maatje.Email, Maatje.Message, Maatje.Consent), HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            return Redirect($"/welkom/r/{code}?gevraagd=true#maatje");
        }
        EventPages.AddErrors(ModelState, outcome, "Maatje.");
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string code)
    {
        if (!await LoadAsync(code))
        {
            return Page();
        }
        await routes.DeleteAsync(Welcome!.Route, HttpContext.RequestAborted);
        return Redirect("/welkom?verwijderd=true");
    }
}
