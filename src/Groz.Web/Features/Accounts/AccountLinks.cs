using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Groz.Web.Features.Accounts;

/// <summary>
/// Absolute links for mails. With App:PublicUrl set (production) links never depend on the request's Host header,
/// so a forged Host cannot turn a password-reset mail into a link to someone else's site.
/// </summary>
public static class AccountLinks
{
    public static string Absolute(HttpContext http, string pathAndQuery)
    {
        var configured = http.RequestServices.GetRequiredService<IConfiguration>()["App:PublicUrl"];
        var origin = string.IsNullOrWhiteSpace(configured) ? $"{http.Request.Scheme}://{http.Request.Host}" : configured.TrimEnd('/');
        return origin + pathAndQuery;
    }

    public static string EncodeCode(string code) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(code));

    public static string? DecodeCode(string? code)
    {
        try
        {
            return code is null ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string ConfirmationLink(HttpContext http, string userId, string token) =>
        Absolute(http, $"/account/bevestigen?userId={Uri.EscapeDataString(userId)}&code={EncodeCode(token)}");

    public static string ResetLink(HttpContext http, string email, string token) =>
        Absolute(http, $"/account/wachtwoord-herstellen?email={Uri.EscapeDataString(email)}&code={EncodeCode(token)}");
}
