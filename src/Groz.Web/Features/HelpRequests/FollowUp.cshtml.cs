using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

/// <summary>"Is het gelukt?": answered by the signed-in resident, or by anyone holding the token of the e-mail (a resident
/// without an account). The token answers once; the page shows nothing of the request beyond its category.</summary>
public sealed class FollowUpModel(HelpRequests help, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public FollowUpAnswer? Answer { get; set; }
    [BindProperty] public string? Comment { get; set; }
    public int Id { get; private set; }
    public bool Answered { get; private set; }

    public IActionResult OnGet(int id)
    {
        Id = id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        Id = id;
        var result = await help.AnswerFollowUpAsync(User, id, Token, Answer, Comment, ct: HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            Answered = true;
            return Page();
        }
        if (result.Status == 404)
        {
            ModelState.AddModelError("", l["This link is not valid (any more). Maybe you already answered?"]);
            return Page();
        }
        ModelState.AddModelError(result.Field is "Answer" or "Comment" ? result.Field : "", result.Message ?? "");
        return Page();
    }
}
