using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Groz.Web.Features.Accounts;

/// <summary>Sends the confirmation mail again. The answer is the same whether or not the address has an account.</summary>
[EnableRateLimiting(Security.SignInPolicy)]
public sealed class ResendConfirmationModel(UserManager<GrozUser> users, AccountMail mail) : PageModel
{
    [BindProperty] public EmailInput Input { get; set; } = new();
    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is { EmailConfirmed: false, ErasedAt: null })
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            await mail.SendConfirmationAsync(user.Email!, user.DisplayName, AccountLinks.ConfirmationLink(HttpContext, user.Id, token));
        }
        Sent = true;
        return Page();
    }
}
