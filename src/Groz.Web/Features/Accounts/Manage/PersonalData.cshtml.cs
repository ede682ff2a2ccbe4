using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Accounts.Manage;

/// <summary>"My data": download everything about me (AVG art. 15/20) and delete my account (art. 17).</summary>
public sealed class PersonalDataModel(UserManager<GrozUser> users, SignInManager<GrozUser> signIn, PersonalData personalData,
    AccountMail mail, IStringLocalizer<SharedResource> l) : PageModel
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Fill in your password."), StringLength(256), Display(Name = "Your password, to confirm")]
        public string Password { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetDownloadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var export = await personalData.ExportAsync(user);
        return File(JsonSerializer.SerializeToUtf8Bytes(export, Indented), "application/json", "groz-mijn-gegevens.json");
    }

    public async Task<IActionResult> OnPostDeleteAsync()
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
        if (!await users.CheckPasswordAsync(user, Input.Password))
        {
            ModelState.AddModelError("Input.Password", l["The password is not correct."]);
            return Page();
        }
        var (email, name) = (user.Email!, user.DisplayName);
        await personalData.EraseAsync(user);
        await signIn.SignOutAsync();
        await mail.SendAccountDeletedAsync(email, name);
        TempData["Message"] = l["Your account has been deleted and your personal data erased."].Value;
        return Redirect("/");
    }
}
