using System.ComponentModel.DataAnnotations;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Accounts.Manage;

public sealed class ChangePasswordModel(UserManager<GrozUser> users, SignInManager<GrozUser> signIn, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Fill in your password."), StringLength(256), Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a password."), StringLength(256, MinimumLength = 12, ErrorMessage = "Your password must be at least 12 characters long."), Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Fill in your password again."), Compare(nameof(NewPassword), ErrorMessage = "The two passwords are not the same."), Display(Name = "Password again")]
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Input.CurrentPassword" : "Input.NewPassword", error.Description);
            }
            return Page();
        }
        await audit.WriteAsync("account.password-changed", "user", user.Id, user.LeerregioId);
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = l["Your password has been changed."].Value;
        return Redirect("/account");
    }
}
