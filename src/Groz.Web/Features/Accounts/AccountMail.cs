using Groz.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Accounts;

/// <summary>The mails of the account flows, in the member's language.</summary>
public sealed class AccountMail(Mailer mailer, IStringLocalizer<SharedResource> l)
{
    public Task SendConfirmationAsync(string email, string name, string link) =>
        mailer.SendAsync(new OutgoingMail(email, l["Confirm your e-mail address for Groz"],
            string.Format(System.Globalization.CultureInfo.CurrentCulture, l["mail.confirm.body"], name, link)));

    public Task SendPasswordResetAsync(string email, string name, string link) =>
        mailer.SendAsync(new OutgoingMail(email, l["Choose a new password for Groz"],
            string.Format(System.Globalization.CultureInfo.CurrentCulture, l["mail.reset.body"], name, link)));

    public Task SendAlreadyRegisteredAsync(string email, string name, string resetLink) =>
        mailer.SendAsync(new OutgoingMail(email, l["You already have a Groz account"],
            string.Format(System.Globalization.CultureInfo.CurrentCulture, l["mail.already-registered.body"], name, resetLink)));

    public Task SendAccountDeletedAsync(string email, string name) =>
        mailer.SendAsync(new OutgoingMail(email, l["Your Groz account has been deleted"],
            string.Format(System.Globalization.CultureInfo.CurrentCulture, l["mail.deleted.body"], name)));
}
