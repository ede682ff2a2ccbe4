using System.ComponentModel.DataAnnotations;
using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Groz.Web.Features.Shared;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Accounts;

[EnableRateLimiting(Security.SignInPolicy)]
public sealed class RegisterModel(GrozDbContext db, UserManager<GrozUser> users, AccountMail mail, AuditLog audit,
    TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>The version of the privacy statement a new member agrees to; a new text gets a new version.</summary>
    public const string PrivacyTextVersion = "2026-11";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Fill in your name."), StringLength(100, ErrorMessage = "Use at most 100 characters."), Display(Name = "Your name")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Fill in your e-mail address."), EmailAddress(ErrorMessage = "This is not a valid e-mail address."), StringLength(256, ErrorMessage = "Use at most 256 characters."), Display(Name = "E-mail address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password."), StringLength(256, MinimumLength = 12, ErrorMessage = "Your password must be at least 12 characters long."), Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Fill in your password again."), Compare(nameof(Password), ErrorMessage = "The two passwords are not the same."), Display(Name = "Password again")]
        public string ConfirmPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose your wijk."), Display(Name = "Your wijk")]
        public int? WijkId { get; set; }

        public List<string> Interests { get; set; } = [];

        public List<GrozRole> Roles { get; set; } = [];

        [Display(Name = "I have read the privacy statement and agree to it.")]
        public bool AcceptPrivacy { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<(Leerregio Leerregio, List<Wijk> Wijken)> Wijken { get; private set; } = [];
    public bool Done { get; private set; }

    public async Task OnGetAsync() => Wijken = await db.WijkChoicesAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        Wijken = await db.WijkChoicesAsync();
        var wijk = Input.WijkId is { } wijkId ? Wijken.SelectMany(x => x.Wijken).FirstOrDefault(w => w.Id == wijkId) : null;
        if (Input.WijkId is not null && wijk is null)
        {
            ModelState.AddModelError("Input.WijkId", l["Choose your wijk."]);
        }
        if (Input.Interests.Any(i => !Themes.IsKnown(i)) || Input.Roles.Any(r => !GrozRoles.SelfChosen.Contains(r)))
        {
            ModelState.AddModelError("", l["This value is not valid."]);
        }
        if (!Input.AcceptPrivacy)
        {
            ModelState.AddModelError("Input.AcceptPrivacy", l["You can only create an account when you agree to the privacy statement."]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email.Trim();
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            // Same answer as for a new address, so nobody can find out who has an account; the owner gets a hint by mail.
            await mail.SendAlreadyRegisteredAsync(existing.Email!, existing.DisplayName, AccountLinks.Absolute(HttpContext, "/account/wachtwoord-vergeten"));
            Done = true;
            return Page();
        }

        var now = time.GetUtcNow();
        var user = new GrozUser
        {
            UserName = email, Email = email, DisplayName = Input.DisplayName.Trim(), WijkId = wijk!.Id, LeerregioId = wijk.LeerregioId,
            Interests = string.Join(',', Input.Interests.Distinct()), CreatedAt = now,
            PreferredCulture = Localization.IsDutch ? "nl" : "en",
        };
        var result = await users.CreateAsync(user, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) || error.Code == "CommonPassword" ? "Input.Password" : "", error.Description);
            }
            return Page();
        }
        foreach (var role in Input.Roles.Append(GrozRole.Resident).Distinct())
        {
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, LeerregioId = wijk.LeerregioId, GrantedAt = now });
        }
        db.Consents.Add(new Consent { UserId = user.Id, Purpose = "privacy-statement", TextVersion = PrivacyTextVersion, GivenAt = now });
        await db.SaveChangesAsync();
        await audit.WriteAsync("account.registered", "user", user.Id, wijk.LeerregioId, userId: user.Id);

        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        await mail.SendConfirmationAsync(email, user.DisplayName, AccountLinks.ConfirmationLink(HttpContext, user.Id, token));
        Done = true;
        return Page();
    }
}
