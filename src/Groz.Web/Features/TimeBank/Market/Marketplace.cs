using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Shared;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>An item as typed on the form or sent to the API; all optional so that each missing field gets its own message.</summary>
public sealed record OfferInput(OfferKind? Kind, string? Title, string? Description, string? Theme, int? WijkId, string? Availability, DateOnly? StartDate, DateOnly? EndDate);

public sealed record ProductInput(string? Title, string? Description, string? Theme, int? PriceMinutes, bool Active, int? SellerAccountId);

/// <summary>
/// The writes of vraag en aanbod, conversations and the winkel that pages and the API share (DESIGN habit 1). Every
/// method checks on the server who may do it: items and products exist only for members of their leerregio; a
/// conversation exists only for its two participants (anyone else gets "does not exist", never a hint that it does).
/// Hours move only through <see cref="RecordTransfer"/>. Each write takes an optional callback that runs inside its
/// transaction before the last save (the API stores its idempotency record there).
/// </summary>
public sealed class Marketplace(GrozDbContext db, Banks banks, RecordTransfer record, TimeProvider time, Mailer mailer,
    IHttpContextAccessor http, IStringLocalizer<SharedResource> l, ILogger<Marketplace> logger)
{
    // ---- items of vraag en aanbod ----

    /// <summary>Items of the leerregio's the member belongs to (their own and those they hold a role in).</summary>
    public IQueryable<Offer> VisibleOffers(ClaimsPrincipal actor)
    {
        var member = actor.MemberOf().ToList();
        return db.Offers.AsNoTracking().Where(o => member.Contains(o.LeerregioId));
    }

    /// <summary>Listed: open and not yet past its end date (today in Dutch time).</summary>
    public IQueryable<Offer> Listed(IQueryable<Offer> offers)
    {
        var today = Today();
        return offers.Where(o => o.Status == OfferStatus.Open && (o.EndDate == null || o.EndDate >= today));
    }

    /// <summary>The filters of the list page and GET /offers: text in title or description, kind, theme, wijk, and only those already started.</summary>
    public IQueryable<Offer> Search(IQueryable<Offer> offers, string? text, OfferKind? kind, string? theme, int? wijkId, bool current)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            var part = text.Trim().ToLower(CultureInfo.InvariantCulture);
            offers = offers.Where(o => o.Title.ToLower().Contains(part) || o.Description.ToLower().Contains(part));
        }
        if (kind is { } k)
        {
            offers = offers.Where(o => o.Kind == k);
        }
        if (!string.IsNullOrEmpty(theme))
        {
            offers = offers.Where(o => o.Theme == theme);
        }
        if (wijkId is { } w)
        {
            offers = offers.Where(o => o.WijkId == w);
        }
        if (current)
        {
            var today = Today();
            offers = offers.Where(o => o.StartDate == null || o.StartDate <= today);
        }
        return offers;
    }

    public DateOnly Today() => DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow()));

    public async Task<Outcome<Offer>> SaveOfferAsync(ClaimsPrincipal actor, int? id, OfferInput input, Func<Offer, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var user = await MemberAsync(actor, ct);
        if (user is null)
        {
            return Outcome<Offer>.Fail("not-a-member", "", l["You are not a member of a leerregio, so you have no Tijdbank account."], 403);
        }
        Offer? offer = null;
        if (id is { } existing)
        {
            offer = await db.Offers.FirstOrDefaultAsync(o => o.Id == existing, ct);
            if (offer is null || !actor.MemberOf().Contains(offer.LeerregioId))
            {
                return Outcome<Offer>.Fail("unknown-offer", "", l["This item does not exist."], 404);
            }
            if (offer.OwnerUserId != user.Id)
            {
                return Outcome<Offer>.Fail("not-your-offer", "", l["Only the member who posted this item can change it."], 403);
            }
            if (offer.Status == OfferStatus.Closed)
            {
                return Outcome<Offer>.Fail("offer-closed", "", l["This item is closed."], 409);
            }
        }
        var leerregioId = offer?.LeerregioId ?? user.LeerregioId!.Value;
        var errors = new Dictionary<string, string>();
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors["Kind"] = l["Choose whether you offer help or ask for help."];
        }
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0 || title.Length > Offer.MaxTitle)
        {
            errors["Title"] = l["Give a short title (at most 120 characters)."];
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length == 0 || description.Length > Offer.MaxDescription)
        {
            errors["Description"] = l["Describe what it is about (at most 2000 characters)."];
        }
        if (input.Theme is null || !Themes.IsKnown(input.Theme))
        {
            errors["Theme"] = l["Choose one of the themes."];
        }
        if (input.WijkId is not { } wijkId || !await db.Wijken.AnyAsync(w => w.Id == wijkId && w.LeerregioId == leerregioId, ct))
        {
            errors["WijkId"] = l["Choose a wijk of your leerregio."];
        }
        var availability = input.Availability?.Trim() ?? "";
        if (availability.Length > Offer.MaxAvailability)
        {
            errors["Availability"] = l["Use at most 200 characters."];
        }
        if (input.StartDate is { } start && input.EndDate is { } end && end < start)
        {
            errors["EndDate"] = l["The end date cannot be before the start date."];
        }
        if (errors.Count > 0)
        {
            return Outcome<Offer>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        if (offer is null)
        {
            offer = new Offer { LeerregioId = leerregioId, OwnerUserId = user.Id, Title = "", Description = "", Theme = "", CreatedAt = now };
            db.Offers.Add(offer);
        }
        offer.Kind = input.Kind!.Value;
        offer.Title = title;
        offer.Description = description;
        offer.Theme = input.Theme!;
        offer.WijkId = input.WijkId!.Value;
        offer.Availability = availability;
        offer.StartDate = input.StartDate;
        offer.EndDate = input.EndDate;
        offer.UpdatedAt = now;
        return await SaveAsync(offer, inTransaction, ct);
    }

    public async Task<Outcome<Offer>> CloseOfferAsync(ClaimsPrincipal actor, int id, Func<Offer, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var offer = await db.Offers.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (offer is null || !actor.MemberOf().Contains(offer.LeerregioId))
        {
            return Outcome<Offer>.Fail("unknown-offer", "", l["This item does not exist."], 404);
        }
        if (offer.OwnerUserId != actor.UserId())
        {
            return Outcome<Offer>.Fail("not-your-offer", "", l["Only the member who posted this item can change it."], 403);
        }
        // Closing twice is harmless: the answer is the closed item.
        offer.Status = OfferStatus.Closed;
        offer.UpdatedAt = time.GetUtcNow();
        return await SaveAsync(offer, inTransaction, ct);
    }

    // ---- conversations ----

    /// <summary>Conversations the member takes part in. The only way any page or endpoint reaches a conversation.</summary>
    public IQueryable<Conversation> MyConversations(ClaimsPrincipal actor)
    {
        var userId = actor.UserId();
        return db.Conversations.AsNoTracking().Where(c => c.OwnerUserId == userId || c.ResponderUserId == userId);
    }

    /// <summary>Opens the member's conversation about an item, or the one they already have (responding twice reopens it).</summary>
    public async Task<Outcome<Conversation>> RespondAsync(ClaimsPrincipal actor, int offerId, Func<Conversation, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var user = await MemberAsync(actor, ct);
        var offer = await VisibleOffers(actor).FirstOrDefaultAsync(o => o.Id == offerId, ct);
        if (user is null || offer is null)
        {
            return Outcome<Conversation>.Fail("unknown-offer", "", l["This item does not exist."], 404);
        }
        if (offer.OwnerUserId == user.Id)
        {
            return Outcome<Conversation>.Fail("own-offer", "", l["This is your own item: others respond to it."], 409);
        }
        var existing = await db.Conversations.FirstOrDefaultAsync(c => c.OfferId == offerId && c.ResponderUserId == user.Id, ct);
        if (existing is not null)
        {
            return await SaveAsync(existing, inTransaction, ct);
        }
        if (!await Listed(db.Offers).AnyAsync(o => o.Id == offerId, ct))
        {
            return Outcome<Conversation>.Fail("offer-closed", "", l["This item is closed."], 409);
        }
        var now = time.GetUtcNow();
        var conversation = new Conversation
        {
            LeerregioId = offer.LeerregioId, OfferId = offer.Id, OwnerUserId = offer.OwnerUserId, ResponderUserId = user.Id,
            CreatedAt = now, LastMessageAt = now, ResponderReadAt = now,
        };
        db.Conversations.Add(conversation);
        return await SaveAsync(conversation, inTransaction, ct);
    }

    public async Task<Conversation?> FindConversationAsync(ClaimsPrincipal actor, int id, CancellationToken ct = default) =>
        await MyConversations(actor).FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>Marks the conversation read by the member (its unread marker goes).</summary>
    public async Task MarkReadAsync(ClaimsPrincipal actor, Conversation conversation, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var userId = actor.UserId();
        var query = db.Conversations.Where(c => c.Id == conversation.Id);
        if (conversation.OwnerUserId == userId)
        {
            await query.ExecuteUpdateAsync(s => s.SetProperty(c => c.OwnerReadAt, now), ct);
        }
        else if (conversation.ResponderUserId == userId)
        {
            await query.ExecuteUpdateAsync(s => s.SetProperty(c => c.ResponderReadAt, now), ct);
        }
    }

    public static bool IsUnread(Conversation c, string userId)
    {
        var read = c.OwnerUserId == userId ? c.OwnerReadAt : c.ResponderReadAt;
        return c.LastMessageByUserId is { } by && by != userId && (read is null || read < c.LastMessageAt);
    }

    public async Task<Outcome<Message>> PostMessageAsync(ClaimsPrincipal actor, int conversationId, string? text, Func<Message, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var conversation = await FindConversationAsync(actor, conversationId, ct);
        if (conversation is null)
        {
            return Outcome<Message>.Fail("unknown-conversation", "", l["This conversation does not exist."], 404);
        }
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > Message.MaxText)
        {
            return Outcome<Message>.Fail("invalid-message", "Text", l["Write a message (at most 2000 characters)."]);
        }
        return await AddMessageAsync(actor, conversation, MessageKind.Text, trimmed, null, inTransaction, ct);
    }

    /// <summary>The member chooses to show their e-mail address to the other member of this conversation (and to nobody else).</summary>
    public async Task<Outcome<Message>> ShareEmailAsync(ClaimsPrincipal actor, int conversationId, Func<Message, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var conversation = await FindConversationAsync(actor, conversationId, ct);
        var email = await db.Users.Where(u => u.Id == actor.UserId()).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (conversation is null || email is null)
        {
            return Outcome<Message>.Fail("unknown-conversation", "", l["This conversation does not exist."], 404);
        }
        return await AddMessageAsync(actor, conversation, MessageKind.SharedEmail, email, null, inTransaction, ct);
    }

    /// <summary>
    /// The exchange about the conversation's item, recorded by either member. The receiver of help pays the provider
    /// (pending first if the bank wants confirmations); the provider's record is a payment request that the receiver
    /// confirms. Either way the transfer carries the item and its theme, and a line in the conversation shows it.
    /// </summary>
    public async Task<Outcome<Transfer>> RecordExchangeAsync(ClaimsPrincipal actor, int conversationId, int minutes, string description,
        Func<Transfer, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var conversation = await FindConversationAsync(actor, conversationId, ct);
        var offer = conversation is null ? null : await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == conversation.OfferId, ct);
        if (conversation is null || offer is null)
        {
            return Outcome<Transfer>.Fail("unknown-conversation", "", l["This conversation does not exist."], 404);
        }
        var (providerId, receiverId) = offer.Kind == OfferKind.Offer
            ? (conversation.OwnerUserId, conversation.ResponderUserId)
            : (conversation.ResponderUserId, conversation.OwnerUserId);
        var users = await db.Users.Where(u => u.Id == providerId || u.Id == receiverId).ToDictionaryAsync(u => u.Id, ct);
        if (users.Count != 2 || users.Values.Any(u => u.ErasedAt is not null))
        {
            return Outcome<Transfer>.Fail("member-not-confirmed", "", l["This member has not confirmed their e-mail address, or has left."]);
        }
        var provider = await banks.MemberAccountAsync(users[providerId], offer.LeerregioId, ct);
        var receiver = await banks.MemberAccountAsync(users[receiverId], offer.LeerregioId, ct);
        var requesting = actor.UserId() == providerId;
        var command = new TransferCommand(TransferKind.Exchange, receiver.Id, [provider.Id], minutes, description,
            OfferId: offer.Id, Theme: offer.Theme, PaymentRequest: requesting);
        var notify = false;
        var result = await record.ExecuteAsync(actor, command, async transfer =>
        {
            // The line shows the transfer (amount, status) from the ledger; its text is the description as recorded.
            (_, notify) = await AddMessageCoreAsync(actor, conversation, MessageKind.Exchange, transfer.Description, transfer.Id);
            if (inTransaction is not null)
            {
                await inTransaction(transfer);
            }
        }, ct);
        if (result.Succeeded && notify)
        {
            await NotifyAsync(actor, conversation, ct);
        }
        return result.ToOutcome();
    }

    /// <summary>The exchanges recorded in a conversation, by id, with their status as it is now (an overdue pending one expires).</summary>
    public async Task<Dictionary<long, Transfer>> ExchangesAsync(IEnumerable<long> ids, CancellationToken ct = default)
    {
        var list = ids.ToList();
        var transfers = await db.Transfers.AsNoTracking().Where(t => list.Contains(t.Id)).ToListAsync(ct);
        foreach (var t in transfers.Where(t => t.Status == TransferStatus.Pending))
        {
            await record.ExpireIfDueAsync(t, await banks.EnsureAsync(t.LeerregioId, ct), ct);
        }
        return transfers.ToDictionary(t => t.Id);
    }

    private async Task<Outcome<Message>> AddMessageAsync(ClaimsPrincipal actor, Conversation conversation, MessageKind kind, string text, long? transferId,
        Func<Message, Task>? inTransaction, CancellationToken ct)
    {
        var (message, notify) = await AddMessageCoreAsync(actor, conversation, kind, text, transferId);
        var result = await SaveAsync(message, inTransaction, ct);
        if (result.Succeeded && notify)
        {
            await NotifyAsync(actor, conversation, ct);
        }
        return result;
    }

    /// <summary>Adds the message and moves the conversation's "last message" on; true when the other member had nothing unread yet.</summary>
    private async Task<(Message Message, bool Notify)> AddMessageCoreAsync(ClaimsPrincipal actor, Conversation conversation, MessageKind kind, string text, long? transferId)
    {
        var now = time.GetUtcNow();
        var userId = actor.UserId()!;
        var message = new Message { ConversationId = conversation.Id, AuthorUserId = userId, Kind = kind, Text = text, TransferId = transferId, At = now };
        db.Messages.Add(message);
        var tracked = db.Conversations.Local.FirstOrDefault(c => c.Id == conversation.Id) ?? await db.Conversations.FirstAsync(c => c.Id == conversation.Id);
        // One mail per stretch of unread messages: only when the other member had read everything before this one.
        var notify = !IsUnread(tracked, tracked.OwnerUserId == userId ? tracked.ResponderUserId : tracked.OwnerUserId);
        tracked.LastMessageAt = now;
        tracked.LastMessageByUserId = userId;
        if (tracked.OwnerUserId == userId)
        {
            tracked.OwnerReadAt = now;
        }
        else
        {
            tracked.ResponderReadAt = now;
        }
        return (message, notify);
    }

    /// <summary>
    /// A short mail to the other member that there is a new message: only a link, never the message itself (mail is not
    /// private enough, and the conversation checks who reads it). Once per stretch of unread messages, so it never floods.
    /// </summary>
    private async Task NotifyAsync(ClaimsPrincipal actor, Conversation conversation, CancellationToken ct)
    {
        if (http.HttpContext is not { } context)
        {
            return;
        }
        var otherId = conversation.OwnerUserId == actor.UserId() ? conversation.ResponderUserId : conversation.OwnerUserId;
        var other = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == otherId && u.EmailConfirmed && u.ErasedAt == null, ct);
        if (other?.Email is null)
        {
            return;
        }
        var link = AccountLinks.Absolute(context, $"/tijdbank/gesprekken/{conversation.Id}");
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(other.PreferredCulture == "en" ? "en" : "nl");
            await mailer.SendAsync(new OutgoingMail(other.Email, l["New message in the Tijdbank"],
                string.Format(CultureInfo.CurrentCulture, l["mail.timebank-message.body"], other.DisplayName, link)), ct);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.Net.Smtp.SmtpCommandException or MailKit.ServiceNotConnectedException)
        {
            // The message is saved; a mail that could not go out must not make the member think it was lost.
            logger.LogWarning(e, "Notice of a new Tijdbank message not sent");
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }

    // ---- winkel ----

    /// <summary>An entrepreneur of the leerregio, or the contact of an organisation account there.</summary>
    public async Task<bool> CanSellAsync(ClaimsPrincipal actor, int leerregioId, CancellationToken ct = default) =>
        actor.Grants().Any(g => g.Role == GrozRole.Entrepreneur && g.LeerregioId == leerregioId)
        || await db.TimeAccounts.AnyAsync(a => a.LeerregioId == leerregioId && a.Kind == TimeAccountKind.Organisation && a.UserId == actor.UserId(), ct);

    /// <summary>The accounts the member may sell from: their own (as an entrepreneur) and the organisations they are the contact of.</summary>
    public async Task<List<TimeAccount>> SellerAccountsAsync(ClaimsPrincipal actor, int leerregioId, CancellationToken ct = default)
    {
        var userId = actor.UserId();
        var entrepreneur = actor.Grants().Any(g => g.Role == GrozRole.Entrepreneur && g.LeerregioId == leerregioId);
        var accounts = await db.TimeAccounts.AsNoTracking()
            .Where(a => a.LeerregioId == leerregioId && a.UserId == userId && (a.Kind == TimeAccountKind.Organisation || (entrepreneur && a.Kind == TimeAccountKind.Member)))
            .OrderBy(a => a.Kind).ThenBy(a => a.Id).ToListAsync(ct);
        if (entrepreneur && accounts.All(a => a.Kind != TimeAccountKind.Member) && await MemberAsync(actor, ct) is { } user && user.LeerregioId == leerregioId)
        {
            accounts.Insert(0, await banks.MemberAccountAsync(user, leerregioId, ct));
        }
        return accounts;
    }

    public IQueryable<Product> VisibleProducts(ClaimsPrincipal actor)
    {
        var member = actor.MemberOf().ToList();
        return db.Products.AsNoTracking().Where(p => member.Contains(p.LeerregioId));
    }

    public async Task<Outcome<Product>> SaveProductAsync(ClaimsPrincipal actor, int? id, ProductInput input, Func<Product, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var user = await MemberAsync(actor, ct);
        if (user is null)
        {
            return Outcome<Product>.Fail("not-a-member", "", l["You are not a member of a leerregio, so you have no Tijdbank account."], 403);
        }
        Product? product = null;
        if (id is { } existing)
        {
            product = await db.Products.FirstOrDefaultAsync(p => p.Id == existing, ct);
            if (product is null || !actor.MemberOf().Contains(product.LeerregioId))
            {
                return Outcome<Product>.Fail("unknown-product", "", l["This product does not exist."], 404);
            }
            if (product.OwnerUserId != user.Id)
            {
                return Outcome<Product>.Fail("not-your-product", "", l["Only the entrepreneur who lists this product can change it."], 403);
            }
        }
        var leerregioId = product?.LeerregioId ?? user.LeerregioId!.Value;
        if (!await CanSellAsync(actor, leerregioId, ct))
        {
            return Outcome<Product>.Fail("entrepreneurs-only", "", l["Only entrepreneurs and organisations can sell in the winkel."], 403);
        }
        var sellers = await SellerAccountsAsync(actor, leerregioId, ct);
        var errors = new Dictionary<string, string>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0 || title.Length > Product.MaxTitle)
        {
            errors["Title"] = l["Give a short title (at most 120 characters)."];
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length == 0 || description.Length > Product.MaxDescription)
        {
            errors["Description"] = l["Describe what it is about (at most 2000 characters)."];
        }
        if (input.Theme is null || !Themes.IsKnown(input.Theme))
        {
            errors["Theme"] = l["Choose one of the themes."];
        }
        if (input.PriceMinutes is not ( > 0 and <= Product.MaxPriceMinutes))
        {
            errors["PriceMinutes"] = l["Give a price above zero and at most 24 hours."];
        }
        var sellerId = input.SellerAccountId ?? product?.SellerAccountId ?? sellers.FirstOrDefault()?.Id;
        if (sellerId is null || sellers.All(a => a.Id != sellerId))
        {
            errors["SellerAccountId"] = l["Choose the account that receives the hours."];
        }
        if (errors.Count > 0)
        {
            return Outcome<Product>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        if (product is null)
        {
            product = new Product { LeerregioId = leerregioId, OwnerUserId = user.Id, Title = "", Description = "", Theme = "", CreatedAt = now };
            db.Products.Add(product);
        }
        product.Title = title;
        product.Description = description;
        product.Theme = input.Theme!;
        product.PriceMinutes = input.PriceMinutes!.Value;
        product.Active = input.Active;
        product.SellerAccountId = sellerId!.Value;
        product.UpdatedAt = now;
        return await SaveAsync(product, inTransaction, ct);
    }

    /// <summary>
    /// A member buys a product: one Purchase transfer from their account to the seller's, through RecordTransfer (so the
    /// bank's limits and per-transfer maximum hold), with the price of this moment kept beside it.
    /// </summary>
    public async Task<Outcome<Transfer>> BuyAsync(ClaimsPrincipal actor, int productId, int quantity, Func<Transfer, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var user = await MemberAsync(actor, ct);
        var product = await VisibleProducts(actor).FirstOrDefaultAsync(p => p.Id == productId, ct);
        if (user is null || product is null || user.LeerregioId != product.LeerregioId)
        {
            return Outcome<Transfer>.Fail("unknown-product", "ProductId", l["This product does not exist."], 404);
        }
        if (!product.Active)
        {
            return Outcome<Transfer>.Fail("product-inactive", "ProductId", l["This product is not for sale at the moment."], 409);
        }
        var seller = await db.TimeAccounts.AsNoTracking().SingleAsync(a => a.Id == product.SellerAccountId, ct);
        if (product.OwnerUserId == user.Id || seller.UserId == user.Id)
        {
            return Outcome<Transfer>.Fail("own-product", "ProductId", l["You cannot buy your own product."], 409);
        }
        if (quantity is < 1 or > Product.MaxQuantity)
        {
            return Outcome<Transfer>.Fail("invalid-quantity", "Quantity", string.Format(CultureInfo.CurrentCulture, l["Buy from 1 to {0} at a time."], Product.MaxQuantity));
        }
        var buyer = await banks.MemberAccountAsync(user, product.LeerregioId, ct);
        var what = string.Create(CultureInfo.InvariantCulture, $"{quantity} × {product.Title}");
        var command = new TransferCommand(TransferKind.Purchase, buyer.Id, [seller.Id], product.PriceMinutes * quantity,
            what.Length > RecordTransfer.MaxDescription ? what[..RecordTransfer.MaxDescription] : what, Theme: product.Theme);
        var result = await record.ExecuteAsync(actor, command, async transfer =>
        {
            db.Purchases.Add(new Purchase
            {
                TransferId = transfer.Id, ProductId = product.Id, BuyerUserId = user.Id, Quantity = quantity,
                UnitPriceMinutes = product.PriceMinutes, At = transfer.CreatedAt,
            });
            if (inTransaction is not null)
            {
                await inTransaction(transfer);
            }
        }, ct);
        return result.ToOutcome();
    }

    // ---- shared ----

    /// <summary>A confirmed member with a home leerregio: who may post, respond and buy.</summary>
    private async Task<GrozUser?> MemberAsync(ClaimsPrincipal actor, CancellationToken ct)
    {
        var id = actor.UserId();
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.EmailConfirmed && u.ErasedAt == null && u.LeerregioId != null, ct);
    }

    private async Task<Outcome<T>> SaveAsync<T>(T value, Func<T, Task>? inTransaction, CancellationToken ct) where T : class
    {
        try
        {
            if (inTransaction is null)
            {
                await db.SaveChangesAsync(ct);
                return Outcome<T>.Ok(value);
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await inTransaction(value);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome<T>.Ok(value);
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
