namespace Groz.Web.Features.Accounts;

public static class PasskeyFailures
{
    /// <summary>
    /// What Identity throws for a credential that cannot be checked at all (no options were asked for first, or
    /// the JSON is not a credential): treated like a credential that failed the check.
    /// </summary>
    public static bool IsBadCredential(Exception e) =>
        e is Microsoft.AspNetCore.Identity.PasskeyException or InvalidOperationException or System.Text.Json.JsonException or FormatException;
}
