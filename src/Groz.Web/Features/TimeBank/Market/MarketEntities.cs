namespace Groz.Web.Features.TimeBank;

public enum OfferKind
{
    /// <summary>The owner offers help: whoever responds receives it and pays.</summary>
    Offer = 0,
    /// <summary>The owner asks for help: whoever responds gives it and is paid.</summary>
    Request = 1,
}

public enum OfferStatus { Open = 0, Closed = 1 }

/// <summary>An item of vraag en aanbod: help offered or asked for by one member, in a wijk of their leerregio.</summary>
public sealed class Offer
{
    public const int MaxTitle = 120;
    public const int MaxDescription = 2000;
    public const int MaxAvailability = 200;

    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public OfferKind Kind { get; set; }
    public required string OwnerUserId { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    /// <summary>A code of <see cref="Shared.Themes"/>: reports count the hours of exchanges by it.</summary>
    public required string Theme { get; set; }
    public int WijkId { get; set; }
    /// <summary>Free text, e.g. "weekdays after 18:00".</summary>
    public string Availability { get; set; } = "";
    public DateOnly? StartDate { get; set; }
    /// <summary>After this day the item is no longer listed, without anyone having to close it.</summary>
    public DateOnly? EndDate { get; set; }
    public OfferStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A private conversation between the owner of an item and one member who responded to it: one per item and
/// responder. Only these two can read it; no role, not even a coordinator's, opens it (it is their private talk,
/// and what matters for the bank, the exchange, is on the ledger where coordinators see it).
/// </summary>
public sealed class Conversation
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public int OfferId { get; set; }
    /// <summary>The owner of the item when the conversation started.</summary>
    public required string OwnerUserId { get; set; }
    public required string ResponderUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastMessageAt { get; set; }
    public string? LastMessageByUserId { get; set; }
    public DateTimeOffset? OwnerReadAt { get; set; }
    public DateTimeOffset? ResponderReadAt { get; set; }
}

public enum MessageKind
{
    Text = 0,
    /// <summary>The author chose to share their e-mail address in this conversation.</summary>
    SharedEmail = 1,
    /// <summary>An exchange was recorded from the conversation; the text describes it, the transfer holds the hours.</summary>
    Exchange = 2,
}

public sealed class Message
{
    public const int MaxText = 2000;

    public long Id { get; set; }
    public int ConversationId { get; set; }
    public required string AuthorUserId { get; set; }
    public MessageKind Kind { get; set; }
    /// <summary>Plain text: encoded on output, never rendered as HTML.</summary>
    public required string Text { get; set; }
    public long? TransferId { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A product or service that an entrepreneur (or an organisation) sells for hours.</summary>
public sealed class Product
{
    public const int MaxTitle = 120;
    public const int MaxDescription = 2000;
    /// <summary>A price above a day's work is surely a typing error; the bank's per-transfer maximum applies on top.</summary>
    public const int MaxPriceMinutes = 24 * 60;
    public const int MaxQuantity = 20;

    public int Id { get; set; }
    public int LeerregioId { get; set; }
    /// <summary>The account the hours go to: the entrepreneur's own, or an organisation account they are the contact of.</summary>
    public int SellerAccountId { get; set; }
    public required string OwnerUserId { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public required string Theme { get; set; }
    public int PriceMinutes { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One purchase: the transfer that paid for it (its key), what was bought and the price at that moment.</summary>
public sealed class Purchase
{
    public long TransferId { get; set; }
    public int ProductId { get; set; }
    public required string BuyerUserId { get; set; }
    public int Quantity { get; set; }
    public int UnitPriceMinutes { get; set; }
    public DateTimeOffset At { get; set; }
}
