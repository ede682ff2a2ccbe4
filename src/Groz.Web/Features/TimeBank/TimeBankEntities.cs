namespace Groz.Web.Features.TimeBank;

/// <summary>The Tijdbank of one leerregio, as its coordinators configure it. All amounts are integer minutes.</summary>
public sealed class TimeBankSettings
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    /// <summary>Lowest balance of a member account (negative: members may receive help before they give).</summary>
    public int MemberMinMinutes { get; set; } = -20 * 60;
    public int MemberMaxMinutes { get; set; } = 100 * 60;
    public int OrganisationMinMinutes { get; set; } = -100 * 60;
    public int OrganisationMaxMinutes { get; set; } = 1000 * 60;
    /// <summary>The most one transfer may move (a bulk payment: per member).</summary>
    public int MaxPerTransferMinutes { get; set; } = 10 * 60;
    /// <summary>When on, an exchange waits for the other party's confirmation before any hours move.</summary>
    public bool ExchangeNeedsConfirmation { get; set; }
    /// <summary>A pending exchange that nobody confirmed within this many days expires (no hours move).</summary>
    public int PendingExpiryDays { get; set; } = 14;
    /// <summary>Euros per hour used in reports for the social value of the hours (not a payment rate).</summary>
    public decimal SocialValuePerHour { get; set; } = 15.00m;
}

public enum TimeAccountKind
{
    Member = 0,
    Organisation = 1,
    /// <summary>The gemeenschapspot: receives donations, coordinators grant from it. Never below zero.</summary>
    Pool = 2,
    /// <summary>Receives the hours that are converted into euros.</summary>
    Conversion = 3,
}

public sealed class TimeAccount
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public TimeAccountKind Kind { get; set; }
    /// <summary>The member (or, for an organisation, its contact); null for system accounts.</summary>
    public string? UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>Always the sum of this account's entries: changed only in the same transaction that adds them.</summary>
    public int BalanceMinutes { get; set; }
    /// <summary>Null: no lower limit. Checked in the UPDATE itself, so concurrent transfers cannot pass it together.</summary>
    public int? MinMinutes { get; set; }
    public int? MaxMinutes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum TransferKind
{
    /// <summary>The receiver of help pays the provider.</summary>
    Exchange = 0,
    /// <summary>Hours given away, to another member or to the pool.</summary>
    Donation = 1,
    /// <summary>From the pool to a member, by a coordinator.</summary>
    Grant = 2,
    /// <summary>From the pool to several members at once, by a coordinator.</summary>
    Bulk = 3,
    /// <summary>Undoes another transfer with opposite entries; transfers are never edited or deleted.</summary>
    Reversal = 4,
    /// <summary>Hours spent on a product or service that an entrepreneur lists with a price in hours.</summary>
    Purchase = 5,
    /// <summary>Hours handed to the conversion account, paid out in euros from a budget.</summary>
    Conversion = 6,
}

/// <summary>
/// Pending resolves once: Completed (confirmed), Rejected (by the receiver), Expired, or Cancelled (withdrawn by the
/// member who asked for it). Cancelled is its own status rather than Rejected with a marker: statements, reports and
/// the API can tell "the other member said no" from "I took it back" without a second field.
/// </summary>
public enum TransferStatus { Completed = 0, Pending = 1, Rejected = 2, Expired = 3, Cancelled = 4 }

/// <summary>One transfer. Its entries (two or more) sum to zero; a pending transfer has none yet.</summary>
public sealed class Transfer
{
    public long Id { get; set; }
    public int LeerregioId { get; set; }
    public TransferKind Kind { get; set; }
    public TransferStatus Status { get; set; }
    public int FromAccountId { get; set; }
    /// <summary>The receiving account; for a bulk payment the first of several (all are in the entries).</summary>
    public int ToAccountId { get; set; }
    /// <summary>Total minutes moved out of <see cref="FromAccountId"/>.</summary>
    public int Minutes { get; set; }
    public required string Description { get; set; }
    public required string CreatedByUserId { get; set; }
    /// <summary>A coordinator recorded it for members without internet; always in the audit log.</summary>
    public bool RecordedOnBehalf { get; set; }
    public long? ReversesTransferId { get; set; }
    /// <summary>The item of vraag en aanbod the exchange was for, if any.</summary>
    public int? OfferId { get; set; }
    /// <summary>Theme code (<see cref="Shared.Themes"/>) of what the hours were for, from the item or product: reports count hours by it.</summary>
    public string? Theme { get; set; }
    /// <summary>
    /// The provider asked for this payment: the payer (the from-account's member) confirms it, not the receiver.
    /// Always pending until then, whatever the bank's confirmation setting.
    /// </summary>
    public bool PaymentRequest { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public List<TimeEntry> Entries { get; } = [];
}

/// <summary>A line of the ledger. Append-only: the database refuses UPDATE and DELETE (trigger on both engines).</summary>
public sealed class TimeEntry
{
    public long Id { get; set; }
    public long TransferId { get; set; }
    public int AccountId { get; set; }
    /// <summary>Positive: into the account; negative: out of it.</summary>
    public int Minutes { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>The first answer to an API write with an Idempotency-Key, so that a retry gets the same answer.</summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Key { get; set; }
    /// <summary>SHA-256 of the request: the same key with other content is refused (409).</summary>
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public required string ResponseJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
