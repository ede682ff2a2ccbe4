using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Groz.Web.Features.Accounts;

[EnableRateLimiting(Security.SignInPolicy)]
public sealed class ForgotPasswordModel(UserManager<GrozUser> users, AccountMail mail, AuditLog audit) : PageModel
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
        // The same answer whether or not the address has an account, so that nobody can find out who is a member.
        if (user is { EmailConfirmed: true, ErasedAt: null })
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            await mail.SendPasswordResetAsync(user.Email!, user.DisplayName, AccountLinks.ResetLink(HttpContext, user.Email!, token));
            await audit.WriteAsync("account.password-reset.requested", "user", user.Id, user.LeerregioId, userId: user.Id);
        }
        Sent = true;
        return Page();
    }
}
