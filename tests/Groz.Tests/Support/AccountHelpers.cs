using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Groz.Tests.Support;

public static class AccountHelpers
{
    /// <summary>A real TOTP code (RFC 6238) for the member's authenticator key, as their phone would show it.</summary>
    public static string TotpCode(string base32Key) => new Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp();

    /// <summary>Turns two-step verification on for a member (as if they enrolled earlier) and returns the key.</summary>
    public static async Task<string> EnableTwoFactorAsync(this GrozApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("no user " + email);
        if (!user.TwoFactorEnabled)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    /// <summary>Signs in through the real pages, with a TOTP code at the second step. For privileged roles.</summary>
    public static async Task<Page> SignInWithTwoFactorAsync(this GrozApp app, FormClient client, string email, string password = Groz.Web.Data.DemoData.DemoPassword)
    {
        var key = await app.EnableTwoFactorAsync(email);
        var first = await client.SignInAsync(email, password);
        if (first.Location?.StartsWith("/account/inloggen/tweestaps", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"expected the 2FA step after sign-in, got {(int)first.Status} {first.Location}: {first.Text}");
        }
        var second = await client.SubmitAsync(await client.GetAsync(first.Location), new Dictionary<string, string> { ["Input.Code"] = TotpCode(key) });
        if (second.Location is null)
        {
            throw new InvalidOperationException("2FA step failed: " + second.Text);
        }
        return second;
    }

    /// <summary>Signs in as a demo account; privileged roles go through 2FA.</summary>
    public static Task<Page> SignInAsDemoAsync(this GrozApp app, FormClient client, GrozRole role, string leerregio = "utrecht")
    {
        var email = Groz.Web.Data.DemoData.DemoEmail(role, leerregio);
        return GrozRoles.RequiresTwoFactor(role) ? app.SignInWithTwoFactorAsync(client, email) : client.SignInAsync(email);
    }
}
