using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Groz.Web.Features.Accounts;

public sealed class ConfirmEmailModel(UserManager<GrozUser> users, AuditLog audit) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        var token = AccountLinks.DecodeCode(code);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null || token is null || user.ErasedAt is not null)
        {
            return;
        }
        Confirmed = user.EmailConfirmed || (await users.ConfirmEmailAsync(user, token)).Succeeded;
        if (Confirmed)
        {
            await audit.WriteAsync("account.email-confirmed", "user", user.Id, user.LeerregioId, userId: user.Id);
        }
    }
}
