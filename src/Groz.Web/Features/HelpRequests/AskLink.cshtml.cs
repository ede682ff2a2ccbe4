using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// The page behind the link in a volunteer's e-mail. The token is bound to one ask: it shows what the volunteer needs to
/// decide (first name, wijk, what and when; no contact details yet) and answers that ask only, once, before it expires.
/// Opening it is a view of the request's personal data by that volunteer, so it is audited in their name.
/// </summary>
public sealed class AskLinkModel(GrozDbContext db, HelpRequests help, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    public HelpRequest? Help { get; private set; }
    public string Wijk { get; private set; } = "";
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(int askId)
    {
        var ask = await help.AskByTokenAsync(askId, Token, HttpContext.RequestAborted);
        if (ask is null || ask.Answer != AskAnswer.Pending)
        {
            ModelState.AddModelError("", l["This question has already been answered, or someone else is helping already."]);
            return Page();
        }
        Help = await db.HelpRequests.AsNoTracking().SingleAsync(r => r.Id == ask.HelpRequestId);
        Wijk = await HelpPages.WijkNameAsync(db, Help.WijkId);
        await audit.WriteAsync("helprequest.viewed", nameof(HelpRequest), Help.Id.ToString(CultureInfo.InvariantCulture), Help.LeerregioId, "e-mail link", ask.VolunteerUserId);
        return Page();
    }

    public Task<IActionResult> OnPostAcceptAsync(int askId) => AnswerAsync(askId, true);

    public Task<IActionResult> OnPostDeclineAsync(int askId) => AnswerAsync(askId, false);

    private async Task<IActionResult> AnswerAsync(int askId, bool accept)
    {
        var result = await help.AnswerAskAsync(User, askId, accept, Token ?? "", ct: HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            Done = accept ? l["Thank you! You are now helping with this question. Sign in to see the contact details."] : l["Thank you for letting us know."];
            return Page();
        }
        ModelState.AddModelError("", result.Message ?? "");
        return Page();
    }
}
