using System.Globalization;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Home;

/// <summary>The friendly page for 4xx/5xx; it keeps the original status code (re-executed, not redirected).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IStringLocalizer<SharedResource> l) : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int status) => Describe(status);

    public void OnPost(int status) => Describe(status);

    private void Describe(int status)
    {
        // Reached directly (not re-executed), the page shows the code it was asked for with that status.
        Response.StatusCode = status is >= 400 and <= 599 ? status : 404;
        // Re-executed after an exception: the handler chose the status (503 when the database was too busy).
        if (HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is { } error)
        {
            Response.StatusCode = Errors.StatusFor(error);
            if (Response.StatusCode == 503)
            {
                Response.Headers.RetryAfter = Errors.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }
        }
        (Title, Explanation) = Response.StatusCode switch
        {
            404 => (l["Page not found"].Value, l["error.404"].Value),
            403 => (l["No access"].Value, l["error.403"].Value),
            400 => (l["Something is wrong with the request"].Value, l["error.400"].Value),
            413 => (l["Too large"].Value, l["error.413"].Value),
            429 => (l["Too many attempts"].Value, l["error.429"].Value),
            503 => (l["Too busy right now"].Value, l["error.503"].Value),
            _ => (l["Something went wrong"].Value, l["error.500"].Value),
        };
    }
}
