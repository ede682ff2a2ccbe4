using System.ComponentModel.DataAnnotations;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Accounts;

/// <summary>The second step of signing in: a code from the authenticator app, or one of the recovery codes.</summary>
[EnableRateLimiting(Security.SignInPolicy)]
public sealed class LoginWith2faModel(SignInManager<GrozUser> signIn, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Fill in the code."), StringLength(20, ErrorMessage = "This code is too long."), Display(Name = "Code")]
        public string Code { get; set; } = "";

        public bool RememberMachine { get; set; }

        /// <summary>True: the code is a recovery code rather than one from the app.</summary>
        public bool UseRecoveryCode { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public bool RememberMe { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Accounts/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Accounts/Login");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = Input.UseRecoveryCode
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code)
            : await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, Input.RememberMachine);
        if (result.Succeeded)
        {
            await audit.WriteAsync(Input.UseRecoveryCode ? "account.signin.recovery-code" : "account.signin", "user", user.Id, user.LeerregioId, userId: user.Id);
            return LocalRedirect(Platform.IsLocalPath(ReturnUrl) ? ReturnUrl! : "/");
        }
        if (result.IsLockedOut)
        {
            await audit.WriteAsync("account.locked-out", "user", user.Id, user.LeerregioId, userId: user.Id);
            ModelState.AddModelError("", l["Too many wrong attempts. Your account is locked for 15 minutes. You can also choose a new password."]);
            return Page();
        }
        await audit.WriteAsync("account.signin.2fa-failed", "user", user.Id, user.LeerregioId, userId: user.Id);
        ModelState.AddModelError("Input.Code", l["This code is not correct. Check the time on your phone and try the newest code."]);
        return Page();
    }
}
