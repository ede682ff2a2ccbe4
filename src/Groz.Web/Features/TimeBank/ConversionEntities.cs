namespace Groz.Web.Features.TimeBank;

// The euro ledger (invariant 6). It is separate from the hours: hours live in timebank_entries, euros in budgets and
// their movements. The conversion request is the only link between them: it points at the transfer that moved the
// hours to the conversion account and at the budget movement that paid for them.
// Every euro column of these tables is stored as whole cents (a BIGINT) through a value converter: SQLite keeps a
// decimal as TEXT, which it cannot compare or add up exactly, and the budget's "never below zero" is checked by the
// database in a conditional UPDATE. In C# the amounts stay decimal euros (DESIGN habit 4).

/// <summary>How a leerregio converts hours into euros: caps per person and the organisation that pays.</summary>
public sealed class ConversionSettings
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    /// <summary>
    /// Caps are in euros, not minutes: what limits a payout to a volunteer is money (the tax-free volunteer allowance
    /// and the funder's rules are amounts per month and per year), and a cap in euros keeps its meaning when the rate
    /// changes. Null: no cap.
    /// </summary>
    public decimal? CapPerMonthEuros { get; set; } = 200m;
    public decimal? CapPerYearEuros { get; set; } = 2000m;
    /// <summary>The debtor of the SEPA batch: the organisation that pays the leerregio's conversions.</summary>
    public string? PayerName { get; set; }
    public string? PayerIban { get; set; }
    public string? PayerBic { get; set; }
}

/// <summary>Euros per hour from a date on. Never edited: a new rate is a new row, so every old request keeps its rate.</summary>
public sealed class ConversionRate
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public decimal EurosPerHour { get; set; }
    /// <summary>The Dutch calendar date from which this rate applies (until the next rate's date).</summary>
    public DateOnly ValidFrom { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Money a funder makes available for conversions in a period (optionally for one wijk). Never below zero.</summary>
public sealed class Budget
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public required string Funder { get; set; }
    public decimal AmountEuros { get; set; }
    /// <summary>Amount minus reservations plus releases; changed only by a conditional UPDATE next to a movement row.</summary>
    public decimal RemainingEuros { get; set; }
    public DateOnly PeriodFrom { get; set; }
    public DateOnly PeriodTo { get; set; }
    /// <summary>Null: for the whole leerregio; otherwise only for members who live in this wijk.</summary>
    public int? WijkId { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum BudgetMovementKind
{
    /// <summary>The budget's amount, when it is made.</summary>
    Deposit = 0,
    /// <summary>A conversion was approved: its euros are taken from the budget.</summary>
    Reservation = 1,
    /// <summary>An approved conversion was cancelled before it was paid: its euros go back.</summary>
    Release = 2,
}

/// <summary>One change of a budget. Append-only (triggers on both engines); the remaining amount is their sum.</summary>
public sealed class BudgetMovement
{
    public long Id { get; set; }
    public int BudgetId { get; set; }
    public BudgetMovementKind Kind { get; set; }
    /// <summary>Positive: into the budget; negative: out of it.</summary>
    public decimal AmountEuros { get; set; }
    public long? ConversionId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset At { get; set; }
}

public enum ConversionStatus
{
    /// <summary>Asked for; the hours are already on the conversion account; waiting for a coordinator.</summary>
    Pending = 0,
    /// <summary>A second person approved it; its euros are reserved on a budget; waiting for the SEPA export.</summary>
    Approved = 1,
    /// <summary>Refused or cancelled: the hours went back by a reversal, a reservation was released.</summary>
    Rejected = 2,
    /// <summary>In a SEPA batch handed to the bank.</summary>
    Paid = 3,
}

/// <summary>A member's or organisation's request to turn hours into euros.</summary>
public sealed class ConversionRequest
{
    public long Id { get; set; }
    public int LeerregioId { get; set; }
    /// <summary>The member or organisation account whose hours are converted.</summary>
    public int AccountId { get; set; }
    public required string RequestedByUserId { get; set; }
    public int Minutes { get; set; }
    /// <summary>The rate that applied on <see cref="RequestDate"/>, copied so that a later rate changes nothing.</summary>
    public int RateId { get; set; }
    public decimal EurosPerHour { get; set; }
    public decimal AmountEuros { get; set; }
    /// <summary>Dutch calendar date of the request: picks the rate, the cap's month and year, and the budget's period.</summary>
    public DateOnly RequestDate { get; set; }
    /// <summary>The IBAN, encrypted with ASP.NET Data Protection; read only to write the SEPA batch.</summary>
    public required string IbanProtected { get; set; }
    /// <summary>What every page and API answer shows instead: "NL** **** **** **** 4300".</summary>
    public required string IbanMasked { get; set; }
    public required string AccountHolder { get; set; }
    public ConversionStatus Status { get; set; }
    /// <summary>The transfer that moved the hours to the conversion account (kind Conversion).</summary>
    public long TransferId { get; set; }
    /// <summary>The reversal that gave the hours back, when rejected.</summary>
    public long? ReversalTransferId { get; set; }
    public int? BudgetId { get; set; }
    public string? DecidedByUserId { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
    public long? PayoutBatchId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A SEPA credit transfer file (pain.001.001.03), kept so that it can be downloaded again.</summary>
public sealed class PayoutBatch
{
    public long Id { get; set; }
    public int LeerregioId { get; set; }
    public required string MessageId { get; set; }
    public int NumberOfTransactions { get; set; }
    public decimal ControlSum { get; set; }
    public DateOnly RequestedExecutionDate { get; set; }
    /// <summary>The file as it was made, encrypted (it holds the creditors' IBANs in full).</summary>
    public required string XmlProtected { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
