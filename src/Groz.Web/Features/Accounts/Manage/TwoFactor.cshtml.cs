using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace Groz.Web.Features.Accounts.Manage;

/// <summary>
/// Turning on two-step verification with an authenticator app (TOTP, RFC 6238). Members with a role that sees
/// other people's data are sent here until it is on (<see cref="AccountsSetup.UseTwoFactorRequirement"/>).
/// </summary>
public sealed class TwoFactorModel(UserManager<GrozUser> users, SignInManager<GrozUser> signIn, GrozDbContext db, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Fill in the code."), StringLength(10, ErrorMessage = "This code is too long."), Display(Name = "Code from the app")]
        public string Code { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public bool Verplicht { get; set; }

    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string QrCodeDataUri { get; private set; } = "";
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];
    public int RecoveryCodesLeft { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError("Input.Code", l["This code is not correct. Check the time on your phone and try the newest code."]);
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await audit.WriteAsync("account.2fa-enabled", "user", user.Id, user.LeerregioId);
        // A new cookie carries the 2FA claim, so that privileged roles count from this request on.
        await signIn.RefreshSignInAsync(user);
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null || !user.TwoFactorEnabled)
        {
            return RedirectToPage();
        }
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await audit.WriteAsync("account.2fa-recovery-codes", "user", user.Id, user.LeerregioId);
        ModelState.Clear();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (await RequiredForAsync(user))
        {
            ModelState.AddModelError("", l["Your role requires two-step verification. It cannot be turned off."]);
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.WriteAsync("account.2fa-disabled", "user", user.Id, user.LeerregioId);
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = l["Two-step verification is off."].Value;
        return RedirectToPage();
    }

    private async Task<bool> RequiredForAsync(GrozUser user)
    {
        var roles = await db.RoleAssignments.Where(r => r.UserId == user.Id).Select(r => r.Role).ToListAsync();
        return roles.Any(GrozRoles.RequiresTwoFactor);
    }

    private async Task LoadAsync(GrozUser user)
    {
        Enabled = user.TwoFactorEnabled;
        Required = await RequiredForAsync(user);
        RecoveryCodesLeft = Enabled ? await users.CountRecoveryCodesAsync(user) : 0;
        if (Enabled)
        {
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        SharedKey = FormatKey(key!);
        var uri = $"otpauth://totp/Groz:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer=Groz&digits=6";
        using var qr = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        // A PNG data URI: the CSP allows img-src data:, and no inline style or script is needed.
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(qr).GetGraphic(6));
    }

    private static string FormatKey(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return result.ToString().TrimEnd().ToLower(CultureInfo.InvariantCulture);
    }
}
