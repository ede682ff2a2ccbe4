using System.ComponentModel.DataAnnotations;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Accounts;

[EnableRateLimiting(Security.SignInPolicy)]
public sealed class LoginModel(SignInManager<GrozUser> signIn, UserManager<GrozUser> users, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Fill in your e-mail address."), EmailAddress(ErrorMessage = "This is not a valid e-mail address."), StringLength(256), Display(Name = "E-mail address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Fill in your password."), StringLength(256), Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in on this device")]
        public bool RememberMe { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public bool NotConfirmed { get; private set; }

    public void OnGet()
    {
    }

    /// <summary>Options for navigator.credentials.get(): any passkey of this site may answer (discoverable credentials).</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await signIn.MakePasskeyRequestOptionsAsync(user: null), "application/json");

    /// <summary>The member a passkey belongs to, read from the credential's id (for the audit log).</summary>
    private async Task<GrozUser?> PasskeyOwnerAsync(string credentialJson)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(credentialJson);
            var id = json.RootElement.GetProperty("id").GetString();
            return id is null ? null : await users.FindByPasskeyIdAsync(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(id));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    public async Task<IActionResult> OnPostPasskeyAsync(string? credentialJson)
    {
        ModelState.Clear();
        Microsoft.AspNetCore.Identity.SignInResult result;
        try
        {
            result = string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 20_000
                ? Microsoft.AspNetCore.Identity.SignInResult.Failed
                : await signIn.PasskeySignInAsync(credentialJson);
        }
        catch (Exception e) when (PasskeyFailures.IsBadCredential(e))
        {
            result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }
        if (result.Succeeded)
        {
            var user = await PasskeyOwnerAsync(credentialJson!);
            await audit.WriteAsync("account.signin.passkey", "user", user?.Id, user?.LeerregioId, userId: user?.Id);
            return LocalRedirect(Platform.IsLocalPath(ReturnUrl) ? ReturnUrl! : "/");
        }
        var owner = string.IsNullOrEmpty(credentialJson) ? null : await PasskeyOwnerAsync(credentialJson);
        await audit.WriteAsync("account.signin.passkey-failed", "user", owner?.Id, owner?.LeerregioId, userId: owner?.Id);
        ModelState.AddModelError("", result.IsLockedOut
            ? l["Too many wrong attempts. Your account is locked for 15 minutes. You can also choose a new password."]
            : l["Signing in with this passkey did not work. Use your password, or try again."]);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var email = Input.Email.Trim();
        var result = await signIn.PasswordSignInAsync(email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        var user = await users.FindByEmailAsync(email);
        if (result.Succeeded)
        {
            await audit.WriteAsync("account.signin", "user", user?.Id, user?.LeerregioId, userId: user?.Id);
            return LocalRedirect(Platform.IsLocalPath(ReturnUrl) ? ReturnUrl! : "/");
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Accounts/LoginWith2fa", new { ReturnUrl, Input.RememberMe });
        }
        if (result.IsLockedOut)
        {
            await audit.WriteAsync("account.locked-out", "user", user?.Id, user?.LeerregioId, userId: user?.Id);
            ModelState.AddModelError("", l["Too many wrong attempts. Your account is locked for 15 minutes. You can also choose a new password."]);
            return Page();
        }
        if (result.IsNotAllowed)
        {
            NotConfirmed = true;
            ModelState.AddModelError("", l["You have not confirmed your e-mail address yet. Click the link in the e-mail we sent you."]);
            return Page();
        }
        await audit.WriteAsync("account.signin.failed", "user", user?.Id, user?.LeerregioId, userId: user?.Id);
        ModelState.AddModelError("", l["E-mail address or password is not correct."]);
        return Page();
    }
}
