using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Accounts;

/// <summary>
/// Rejects passwords that attackers try first: the shipped list of common passwords (Dutch and English),
/// such a password with digits or symbols added at the end ("wachtwoord2024!"), one character or a keyboard
/// row repeated, and passwords that contain the member's own e-mail name.
/// </summary>
public sealed class CommonPasswordValidator(IStringLocalizer<SharedResource> l) : IPasswordValidator<GrozUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Features", "Accounts", "common-passwords.txt");
        return File.ReadLines(path)
            .Select(line => line.Trim().ToLowerInvariant())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);
    });

    public static bool IsCommon(string password, string? email = null)
    {
        var lower = password.Trim().ToLowerInvariant();
        if (Common.Value.Contains(lower))
        {
            return true;
        }
        // Strip what people add to satisfy rules: trailing digits and symbols.
        var stem = lower.TrimEnd("0123456789!@#$%^&*()-_=+.?,;: ".ToCharArray());
        if (stem.Length < lower.Length && (stem.Length < 4 || Common.Value.Contains(stem)))
        {
            return true;
        }
        if (lower.Distinct().Count() <= 2)
        {
            return true;
        }
        var local = email?.Split('@')[0].ToLowerInvariant();
        return local is { Length: >= 4 } && lower.Contains(local, StringComparison.Ordinal);
    }

    public Task<IdentityResult> ValidateAsync(UserManager<GrozUser> manager, GrozUser user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password, user.Email)
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = l["This password is too easy to guess. Choose a longer sentence of words only you know."] })
            : IdentityResult.Success);
}
