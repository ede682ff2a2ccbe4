using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Accounts.Manage;

/// <summary>Passkeys (WebAuthn, .NET 10 Identity): sign in with a fingerprint, face or device PIN instead of a password.</summary>
public sealed class PasskeysModel(UserManager<GrozUser> users, SignInManager<GrozUser> signIn, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Row(string Id, string Name, DateTimeOffset CreatedAt);

    public List<Row> Passkeys { get; private set; } = [];

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

    /// <summary>The options for navigator.credentials.create(); the challenge is kept in Identity's cookie.</summary>
    public async Task<IActionResult> OnPostOptionsAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var json = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity { Id = user.Id, Name = user.Email!, DisplayName = user.DisplayName });
        return Content(json, "application/json");
    }

    public async Task<IActionResult> OnPostAddAsync(string? credentialJson)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        PasskeyAttestationResult? attestation = null;
        try
        {
            attestation = string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 20_000
                ? null
                : await signIn.PerformPasskeyAttestationAsync(credentialJson);
        }
        catch (Exception e) when (PasskeyFailures.IsBadCredential(e))
        {
            attestation = null;
        }
        if (attestation is not { Succeeded: true })
        {
            ModelState.AddModelError("", l["The passkey could not be added. Please try again."]);
            await LoadAsync(user);
            return Page();
        }
        var passkey = attestation.Passkey;
        passkey.Name = l["Passkey of {0:d}", passkey.CreatedAt].Value;
        await users.AddOrUpdatePasskeyAsync(user, passkey);
        await audit.WriteAsync("account.passkey-added", "user", user.Id, user.LeerregioId);
        TempData["Message"] = l["Your passkey has been added. Next time you can sign in with it."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        byte[] credentialId;
        try
        {
            credentialId = WebEncoders.Base64UrlDecode(id ?? "");
        }
        catch (FormatException)
        {
            return BadRequest();
        }
        // RemovePasskeyAsync only looks among this member's own passkeys.
        await users.RemovePasskeyAsync(user, credentialId);
        await audit.WriteAsync("account.passkey-removed", "user", user.Id, user.LeerregioId);
        TempData["Message"] = l["The passkey has been removed."].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(GrozUser user) =>
        Passkeys = (await users.GetPasskeysAsync(user))
            .Select(p => new Row(WebEncoders.Base64UrlEncode(p.CredentialId), p.Name ?? "", p.CreatedAt))
            .OrderBy(p => p.CreatedAt).ToList();
}
