using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Groz.Web.Features.Accounts;

/// <summary>Signing out is a POST (with antiforgery), so that a link on another site cannot sign anyone out.</summary>
public sealed class LogoutModel(SignInManager<GrozUser> signIn, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.WriteAsync("account.signout", "user", User.UserId());
        }
        await signIn.SignOutAsync();
        return Redirect("/");
    }
}
