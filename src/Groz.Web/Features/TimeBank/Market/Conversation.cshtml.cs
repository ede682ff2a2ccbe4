using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>
/// One private conversation: its messages, a message form, "share my e-mail address", and recording the exchange.
/// Every handler finds the conversation through <see cref="Marketplace.FindConversationAsync"/>, which only ever finds
/// it for its two members: anyone else gets 404, whatever their role.
/// </summary>
[Authorize]
public sealed class ConversationModel(GrozDbContext db, Marketplace market, RecordTransfer record, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class MessageInput
    {
        public string? Text { get; set; }
    }

    public sealed class ExchangeInput
    {
        public int? Hours { get; set; }
        public int? Minutes { get; set; }
        public string? Description { get; set; }
    }

    [BindProperty] public MessageInput Input { get; set; } = new();
    [BindProperty] public ExchangeInput Exchange { get; set; } = new();

    public Conversation Conversation { get; private set; } = null!;
    public Offer Offer { get; private set; } = null!;
    public string OtherName { get; private set; } = "";
    public List<MarketApi.MessageDto> Messages { get; private set; } = [];
    public Dictionary<long, Transfer> Exchanges { get; private set; } = [];
    /// <summary>I give the help (and receive the hours): my record is a payment request.</summary>
    public bool IAmProvider { get; private set; }

    /// <summary>Whether I answer this pending exchange: the payer for a payment request, otherwise the receiver of the hours.</summary>
    public bool MayAnswer(Transfer t) => t.Status == TransferStatus.Pending && (t.PaymentRequest ? !IAmProvider : IAmProvider);

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        await market.MarkReadAsync(User, Conversation, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostMessageAsync(int id)
    {
        var result = await market.PostMessageAsync(User, id, Input.Text, ct: HttpContext.RequestAborted);
        if (result.Status == 404)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            return Redirect($"/tijdbank/gesprekken/{id}#message-{result.Value!.Id}");
        }
        MarketPages.AddErrors(ModelState, result);
        return await ReloadAsync(id);
    }

    public async Task<IActionResult> OnPostShareAsync(int id)
    {
        var result = await market.ShareEmailAsync(User, id, ct: HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["Your e-mail address is now visible to {0} in this conversation."], await OtherNameAsync(id));
        return Redirect($"/tijdbank/gesprekken/{id}");
    }

    public async Task<IActionResult> OnPostExchangeAsync(int id)
    {
        if (await market.FindConversationAsync(User, id, HttpContext.RequestAborted) is null)
        {
            return NotFound();
        }
        var minutes = TimeBankPages.ToMinutes(Exchange.Hours, Exchange.Minutes, ModelState, l, "Exchange");
        if (minutes is { } amount)
        {
            var result = await market.RecordExchangeAsync(User, id, amount, Exchange.Description ?? "", ct: HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                var t = result.Value!;
                var hours = Minutes.Format(t.Minutes, Localization.IsDutch);
                var other = await OtherNameAsync(id);
                TempData["Message"] = t.PaymentRequest
                    ? string.Format(CultureInfo.CurrentCulture, l["You asked {1} to pay {0}. The hours move once {1} confirms."], hours, other)
                    : t.Status == TransferStatus.Pending
                        ? string.Format(CultureInfo.CurrentCulture, l["Your payment of {0} to {1} waits for their confirmation. The hours move once {1} confirms."], hours, other)
                        : string.Format(CultureInfo.CurrentCulture, l["You paid {0} to {1}."], hours, other);
                return Redirect($"/tijdbank/gesprekken/{id}");
            }
            var key = result.Field switch
            {
                "Minutes" => "Exchange.Hours",
                "Description" => "Exchange.Description",
                _ => "",
            };
            ModelState.AddModelError(key, result.Message ?? "");
        }
        return await ReloadAsync(id);
    }

    public Task<IActionResult> OnPostConfirmAsync(int id, long transferId) => ResolveAsync(id, transferId, Resolution.Confirm);

    public Task<IActionResult> OnPostRejectAsync(int id, long transferId) => ResolveAsync(id, transferId, Resolution.Reject);

    private async Task<IActionResult> ResolveAsync(int id, long transferId, Resolution resolution)
    {
        // Only an exchange recorded in this conversation, and only for its members; RecordTransfer checks who may answer.
        if (await market.FindConversationAsync(User, id, HttpContext.RequestAborted) is null
            || !await db.Messages.AnyAsync(m => m.ConversationId == id && m.TransferId == transferId, HttpContext.RequestAborted))
        {
            return NotFound();
        }
        var result = await record.ResolveAsync(User, transferId, resolution, ct: HttpContext.RequestAborted);
        TempData["Message"] = result.Succeeded
            ? (resolution == Resolution.Confirm ? l["Confirmed: the hours have moved."].Value : l["Refused: no hours have moved."].Value)
            : result.Message;
        return Redirect($"/tijdbank/gesprekken/{id}");
    }

    private async Task<IActionResult> ReloadAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    private async Task<string> OtherNameAsync(int id)
    {
        await LoadAsync(id);
        return OtherName;
    }

    private async Task<bool> LoadAsync(int id)
    {
        var conversation = await market.FindConversationAsync(User, id, HttpContext.RequestAborted);
        if (conversation is null)
        {
            return false;
        }
        Conversation = conversation;
        Offer = await db.Offers.AsNoTracking().SingleAsync(o => o.Id == conversation.OfferId, HttpContext.RequestAborted);
        var me = User.UserId();
        var otherId = conversation.OwnerUserId == me ? conversation.ResponderUserId : conversation.OwnerUserId;
        OtherName = await db.Users.Where(u => u.Id == otherId).Select(u => u.DisplayName).SingleAsync(HttpContext.RequestAborted);
        IAmProvider = Offer.Kind == OfferKind.Offer ? conversation.OwnerUserId == me : conversation.ResponderUserId == me;
        Messages = await MarketApi.MessageDtosAsync(db, User, conversation.Id);
        Exchanges = await market.ExchangesAsync(Messages.Where(m => m.TransferId is not null).Select(m => m.TransferId!.Value), HttpContext.RequestAborted);
        return true;
    }
}
