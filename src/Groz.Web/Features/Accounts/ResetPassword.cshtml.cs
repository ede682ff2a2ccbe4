using System.ComponentModel.DataAnnotations;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Accounts;

[EnableRateLimiting(Security.SignInPolicy)]
public sealed class ResetPasswordModel(UserManager<GrozUser> users, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        [Required, EmailAddress, StringLength(256)]
        public string Email { get; set; } = "";

        [Required, StringLength(2000)]
        public string Code { get; set; } = "";

        [Required(ErrorMessage = "Choose a password."), StringLength(256, MinimumLength = 12, ErrorMessage = "Your password must be at least 12 characters long."), Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Fill in your password again."), Compare(nameof(Password), ErrorMessage = "The two passwords are not the same."), Display(Name = "Password again")]
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public void OnGet(string? email, string? code)
    {
        Input.Email = email ?? "";
        Input.Code = code ?? "";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            if (ModelState["Input.Code"]?.Errors.Count > 0 || ModelState["Input.Email"]?.Errors.Count > 0)
            {
                ModelState.AddModelError("", l["This link or code is no longer valid. Ask for a new one."]);
            }
            return Page();
        }
        var user = await users.FindByEmailAsync(Input.Email);
        var token = AccountLinks.DecodeCode(Input.Code);
        if (user is null || token is null || user.ErasedAt is not null)
        {
            ModelState.AddModelError("", l["This link or code is no longer valid. Ask for a new one."]);
            return Page();
        }
        var result = await users.ResetPasswordAsync(user, token, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) || error.Code == "CommonPassword" ? "Input.Password" : "", error.Description);
            }
            return Page();
        }
        // A new password ends a lockout: the member proved they own the mailbox.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync("account.password-reset", "user", user.Id, user.LeerregioId, userId: user.Id);
        TempData["Message"] = l["Your password has been changed. You can sign in now."].Value;
        return Redirect("/account/inloggen");
    }
}
