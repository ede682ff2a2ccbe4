using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>
/// Converting hours into euros: the writes that the pages and the API share (request, approve, reject, export, budgets,
/// rates). Hours and euros are separate ledgers (invariant 6):
/// <list type="bullet">
/// <item>At the request the hours move at once from the member's account to the conversion account, through
/// <see cref="RecordTransfer.ConvertAsync"/>, in one transaction with the request row. So the hours cannot be spent
/// twice while a coordinator decides, the account's limit is held by the same conditional UPDATE as every transfer, and
/// a refused request (bad IBAN, cap, not enough hours, no rate) writes nothing at all: every check comes before the
/// transaction or throws inside it, which rolls the transfer back too.</item>
/// <item>At approval the euros are taken from a budget with one conditional UPDATE (remaining ≥ amount) and a
/// reservation row; two approvals racing for the last euros: the database lets exactly one through.</item>
/// <item>A rejection (or cancelling an approved payout before export) gives the hours back with a reversal and
/// releases the reservation, in one transaction.</item>
/// </list>
/// </summary>
public sealed class Conversions(GrozDbContext db, RecordTransfer record, AuditLog audit, TimeProvider time, IDataProtectionProvider protection,
    IStringLocalizer<SharedResource> l)
{
    public const int MaxHolder = SepaCreditTransfer.MaxName;
    public const int MaxReason = 500;
    public const int MaxMinutes = 100_000 * 60;
    public const decimal MaxBudget = 100_000_000m;
    public const decimal MaxRate = 1000m;
    /// <summary>The Data Protection purpose of IBANs and SEPA files (the synthetic generator protects with it too).</summary>
    public const string ProtectionPurpose = "Groz.TimeBank.Conversions.v1";

    public sealed record RequestInput(int? AccountId, int Minutes, string? Iban, string? AccountHolder);
    public sealed record BudgetInput(string? Funder, decimal? AmountEuros, DateOnly? PeriodFrom, DateOnly? PeriodTo, int? WijkId);
    public sealed record RateInput(decimal? EurosPerHour, DateOnly? ValidFrom);

    /// <summary>What a member may still convert: the rate of today and the room under the caps.</summary>
    public sealed record Quote(ConversionRate? Rate, decimal? CapPerMonth, decimal? CapPerYear, decimal UsedThisMonth, decimal UsedThisYear)
    {
        public decimal? LeftThisMonth => CapPerMonth is { } c ? Math.Max(0, c - UsedThisMonth) : null;
        public decimal? LeftThisYear => CapPerYear is { } c ? Math.Max(0, c - UsedThisYear) : null;
    }

    /// <summary>Thrown inside a transaction to roll it back with a refusal.</summary>
    private sealed class Refused(string code, int status, string? field, string message) : Exception(message)
    {
        public Outcome<T> As<T>() where T : class => Outcome<T>.Fail(code, field, Message, status);
    }

    private IDataProtector Protector => protection.CreateProtector(ProtectionPurpose);

    /// <summary>Today in the Netherlands: rates, caps and budget periods are calendar dates there.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow()));

    public static decimal AmountFor(int minutes, decimal eurosPerHour) =>
        decimal.Round(minutes * eurosPerHour / 60m, 2, MidpointRounding.AwayFromZero);

    public Task<ConversionRate?> RateOnAsync(int leerregioId, DateOnly date, CancellationToken ct = default) =>
        db.ConversionRates.AsNoTracking().Where(r => r.LeerregioId == leerregioId && r.ValidFrom <= date)
            .OrderByDescending(r => r.ValidFrom).FirstOrDefaultAsync(ct);

    public async Task<ConversionSettings> SettingsAsync(int leerregioId, CancellationToken ct = default)
    {
        var settings = await db.ConversionSettings.FirstOrDefaultAsync(s => s.LeerregioId == leerregioId, ct);
        if (settings is not null)
        {
            return settings;
        }
        db.ConversionSettings.Add(settings = new ConversionSettings { LeerregioId = leerregioId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Made by a parallel request a moment ago (unique index on the leerregio).
            db.ChangeTracker.Clear();
            settings = await db.ConversionSettings.SingleAsync(s => s.LeerregioId == leerregioId, ct);
        }
        return settings;
    }

    public async Task<Quote> QuoteAsync(TimeAccount account, CancellationToken ct = default)
    {
        var today = Today;
        var settings = await SettingsAsync(account.LeerregioId, ct);
        var (month, year) = await UsedAsync(account.Id, today, decidedOnly: false, null, ct);
        return new Quote(await RateOnAsync(account.LeerregioId, today, ct), settings.CapPerMonthEuros, settings.CapPerYearEuros, month, year);
    }

    /// <summary>
    /// Euros of this account's conversions in the calendar month and year of <paramref name="date"/>: at a request every
    /// one not refused (pending ones included, so that many small requests cannot pass the cap together), at approval
    /// only those approved or paid (a pending one must not block the approval of an earlier one).
    /// </summary>
    private async Task<(decimal Month, decimal Year)> UsedAsync(int accountId, DateOnly date, bool decidedOnly, long? except, CancellationToken ct)
    {
        var (yearStart, yearEnd) = (new DateOnly(date.Year, 1, 1), new DateOnly(date.Year, 12, 31));
        var rows = await db.Conversions.AsNoTracking()
            .Where(c => c.AccountId == accountId && c.RequestDate >= yearStart && c.RequestDate <= yearEnd && c.Id != except)
            .Where(c => decidedOnly ? c.Status == ConversionStatus.Approved || c.Status == ConversionStatus.Paid : c.Status != ConversionStatus.Rejected)
            .Select(c => new { c.RequestDate, c.AmountEuros }).ToListAsync(ct);
        return (rows.Where(r => r.RequestDate.Month == date.Month).Sum(r => r.AmountEuros), rows.Sum(r => r.AmountEuros));
    }

    private async Task<Refused?> CapProblemAsync(ConversionSettings settings, int accountId, DateOnly date, decimal amount, bool decidedOnly, long? except, CancellationToken ct)
    {
        var (month, year) = await UsedAsync(accountId, date, decidedOnly, except, ct);
        var e = Localization.IsDutch;
        if (settings.CapPerMonthEuros is { } perMonth && month + amount > perMonth)
        {
            return new Refused("above-cap", 409, "Minutes", string.Format(CultureInfo.CurrentCulture,
                l["This is more than the cap of {0} per month: {1} is left this month."], Euros.Format(perMonth, e), Euros.Format(Math.Max(0, perMonth - month), e)));
        }
        if (settings.CapPerYearEuros is { } perYear && year + amount > perYear)
        {
            return new Refused("above-cap", 409, "Minutes", string.Format(CultureInfo.CurrentCulture,
                l["This is more than the cap of {0} per year: {1} is left this year."], Euros.Format(perYear, e), Euros.Format(Math.Max(0, perYear - year), e)));
        }
        return null;
    }

    public static string? IbanMessage(Iban.Problem problem, string iban, IStringLocalizer l) => problem switch
    {
        Iban.Problem.None => null,
        Iban.Problem.Empty => l["Fill in the IBAN of the bank account the money goes to."],
        Iban.Problem.Characters => l["An IBAN starts with two letters and two digits, followed by letters and digits only (for example NL91 ABNA 0417 1643 00)."],
        Iban.Problem.Country => l["This IBAN is not from a country in the SEPA area, so it cannot be paid."],
        Iban.Problem.Length => string.Format(CultureInfo.CurrentCulture, l["An IBAN from {0} has {1} characters; this one has {2}."], iban[..2], Iban.Lengths[iban[..2]], iban.Length),
        _ => l["The check digits of this IBAN do not match: there is a typing error in it."],
    };

    // ---- request ---------------------------------------------------------------------------------------------------

    public async Task<Outcome<ConversionRequest>> RequestAsync(ClaimsPrincipal actor, RequestInput input,
        Func<ConversionRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        static Outcome<ConversionRequest> Fail(string code, int status, string field, string message) =>
            Outcome<ConversionRequest>.Fail(code, field, message, status);
        var userId = actor.UserId() ?? throw new InvalidOperationException("A conversion needs a signed-in actor");
        if (input.Minutes is <= 0 or > MaxMinutes)
        {
            return Fail("invalid-amount", 400, "Minutes", l["Fill in a number of minutes above zero."]);
        }
        var iban = Iban.Normalize(input.Iban);
        if (IbanMessage(Iban.Check(iban), iban, l) is { } ibanProblem)
        {
            return Fail("invalid-iban", 400, "Iban", ibanProblem);
        }
        var holder = (input.AccountHolder ?? "").Trim();
        if (holder.Length is 0 or > MaxHolder || SepaCreditTransfer.Text(holder, MaxHolder) == "-")
        {
            return Fail("invalid-account-holder", 400, "AccountHolder", l["Fill in the name of the account holder as the bank knows it (at most 70 characters)."]);
        }

        TimeAccount? account;
        if (input.AccountId is { } accountId)
        {
            account = await db.TimeAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        }
        else
        {
            var home = actor.HomeLeerregioId();
            account = await db.TimeAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.LeerregioId == home && a.Kind == TimeAccountKind.Member && a.UserId == userId, ct);
        }
        if (account is null || (account.UserId != userId && !actor.CanManage(account.LeerregioId)))
        {
            return Fail("unknown-account", 404, "AccountId", l["This account does not exist."]);
        }
        if (account.UserId != userId || account.Kind is not (TimeAccountKind.Member or TimeAccountKind.Organisation))
        {
            return Fail("not-your-account", 403, "AccountId", l["You can only convert hours from your own account."]);
        }
        var today = Today;
        var rate = await RateOnAsync(account.LeerregioId, today, ct);
        if (rate is null)
        {
            return Fail("no-rate", 409, "Minutes", l["Hours cannot be converted yet: the leerregio has not set a rate."]);
        }
        var amount = AmountFor(input.Minutes, rate.EurosPerHour);
        if (amount < 0.01m)
        {
            return Fail("invalid-amount", 400, "Minutes", l["This is too little to pay out: convert more minutes."]);
        }
        if (account.BalanceMinutes < input.Minutes)
        {
            return Fail("not-enough-hours", 409, "Minutes", NotEnough(account.BalanceMinutes));
        }
        var settings = await SettingsAsync(account.LeerregioId, ct);
        if (await CapProblemAsync(settings, account.Id, today, amount, decidedOnly: false, null, ct) is { } cap)
        {
            return cap.As<ConversionRequest>();
        }

        var conversion = new ConversionRequest
        {
            LeerregioId = account.LeerregioId, AccountId = account.Id, RequestedByUserId = userId, Minutes = input.Minutes,
            RateId = rate.Id, EurosPerHour = rate.EurosPerHour, AmountEuros = amount, RequestDate = today,
            IbanProtected = Protector.Protect(iban), IbanMasked = Iban.Mask(iban), AccountHolder = holder,
            Status = ConversionStatus.Pending, CreatedAt = time.GetUtcNow(),
        };
        var description = string.Format(CultureInfo.CurrentCulture, l["Converted into euros: {0}"], Euros.Format(amount, Localization.IsDutch));
        try
        {
            var result = await record.ConvertAsync(actor, account.Id, input.Minutes, description, async transfer =>
            {
                // Inside the transaction, after the balance UPDATE (which holds the account row on PostgreSQL and the only
                // write lock on SQLite): the balance and the caps as they are now, so that two requests at once cannot pass together.
                var balance = await db.TimeAccounts.Where(a => a.Id == account.Id).Select(a => a.BalanceMinutes).SingleAsync(ct);
                if (balance < 0)
                {
                    throw new Refused("not-enough-hours", 409, "Minutes", NotEnough(balance + input.Minutes));
                }
                if (await CapProblemAsync(settings, account.Id, today, amount, decidedOnly: false, null, ct) is { } raced)
                {
                    throw raced;
                }
                conversion.TransferId = transfer.Id;
                db.Conversions.Add(conversion);
                await db.SaveChangesAsync(ct);
                if (inTransaction is not null)
                {
                    await inTransaction(conversion);
                }
            }, ct);
            if (!result.Succeeded)
            {
                return Fail(result.Code!, result.Status, result.Field == "FromAccountId" ? "AccountId" : "Minutes", result.Message!);
            }
        }
        catch (Refused refused)
        {
            return refused.As<ConversionRequest>();
        }
        await audit.WriteAsync("timebank.conversion.requested", "conversion", conversion.Id.ToString(CultureInfo.InvariantCulture), conversion.LeerregioId,
            string.Create(CultureInfo.InvariantCulture, $"{conversion.Minutes} min, EUR {conversion.AmountEuros:0.00}"), userId, ct);
        return Outcome<ConversionRequest>.Ok(conversion);
    }

    private string NotEnough(int balance) => string.Format(CultureInfo.CurrentCulture,
        l["You can convert at most the hours you have: {0}."], Minutes.Format(Math.Max(0, balance), Localization.IsDutch));

    // ---- decide ----------------------------------------------------------------------------------------------------

    /// <summary>Who may decide: a coordinator (or administrator) of the leerregio who did not ask for it (four eyes).</summary>
    private async Task<(ConversionRequest? Conversion, Outcome<ConversionRequest>? Refusal)> DecidableAsync(ClaimsPrincipal actor, long id, CancellationToken ct)
    {
        var conversion = await db.Conversions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        var userId = actor.UserId();
        if (conversion is null || (!actor.MemberOf().Contains(conversion.LeerregioId) && !actor.CanManage(conversion.LeerregioId) && conversion.RequestedByUserId != userId))
        {
            return (null, Outcome<ConversionRequest>.Fail("unknown-conversion", "Id", l["This conversion does not exist."], 404));
        }
        if (!actor.CanManage(conversion.LeerregioId))
        {
            return (null, Outcome<ConversionRequest>.Fail("coordinators-only", "Id", l["Only a coordinator of the leerregio can approve or refuse a conversion."], 403));
        }
        if (conversion.RequestedByUserId == userId)
        {
            return (null, Outcome<ConversionRequest>.Fail("four-eyes", "Id", l["You asked for this conversion yourself: another coordinator must decide."], 403));
        }
        return (conversion, null);
    }

    public async Task<Outcome<ConversionRequest>> ApproveAsync(ClaimsPrincipal actor, long id, int? budgetId, string? note,
        Func<ConversionRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var (conversion, refusal) = await DecidableAsync(actor, id, ct);
        if (conversion is null)
        {
            return refusal!;
        }
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MaxReason })
        {
            return Outcome<ConversionRequest>.Fail("invalid-reason", "Note", l["Use at most 500 characters."], 400);
        }
        if (conversion.Status != ConversionStatus.Pending)
        {
            return AlreadyDecided();
        }
        var requester = await db.Users.AsNoTracking().Where(u => u.Id == conversion.RequestedByUserId).Select(u => new { u.WijkId, u.EmailConfirmed, u.ErasedAt }).SingleAsync(ct);
        if (!requester.EmailConfirmed || requester.ErasedAt is not null)
        {
            return Outcome<ConversionRequest>.Fail("member-not-confirmed", "Id", l["This member has not confirmed their e-mail address, or has left."], 409);
        }
        var settings = await SettingsAsync(conversion.LeerregioId, ct);
        if (await CapProblemAsync(settings, conversion.AccountId, conversion.RequestDate, conversion.AmountEuros, decidedOnly: true, conversion.Id, ct) is { } cap)
        {
            return cap.As<ConversionRequest>();
        }
        var date = conversion.RequestDate;
        var candidates = await db.Budgets.AsNoTracking()
            .Where(b => b.LeerregioId == conversion.LeerregioId && b.PeriodFrom <= date && b.PeriodTo >= date && (b.WijkId == null || b.WijkId == requester.WijkId))
            .OrderBy(b => b.PeriodTo).ThenBy(b => b.Id).Select(b => b.Id).ToListAsync(ct);
        if (budgetId is { } chosen)
        {
            if (!await db.Budgets.AnyAsync(b => b.Id == chosen && b.LeerregioId == conversion.LeerregioId, ct))
            {
                return Outcome<ConversionRequest>.Fail("unknown-budget", "BudgetId", l["This budget does not exist."], 404);
            }
            if (!candidates.Contains(chosen))
            {
                return Outcome<ConversionRequest>.Fail("budget-not-applicable", "BudgetId", l["This budget is not for this period or this wijk."], 409);
            }
            candidates = [chosen];
        }

        var now = time.GetUtcNow();
        var userId = actor.UserId()!;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // The claim first: of two decisions at the same moment exactly one finds the request pending.
            var claimed = await db.Conversions.Where(c => c.Id == id && c.Status == ConversionStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConversionStatus.Approved).SetProperty(c => c.DecidedByUserId, userId)
                    .SetProperty(c => c.DecidedAt, now).SetProperty(c => c.DecisionReason, note), ct);
            if (claimed == 0)
            {
                throw new Refused("already-decided", 409, "Id", l["This conversion has already been approved or refused."]);
            }
            // Hold the account row so that two approvals for one person check the caps one after the other (PostgreSQL).
            await db.TimeAccounts.Where(a => a.Id == conversion.AccountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.BalanceMinutes, a => a.BalanceMinutes), ct);
            if (await CapProblemAsync(settings, conversion.AccountId, conversion.RequestDate, conversion.AmountEuros, decidedOnly: true, conversion.Id, ct) is { } raced)
            {
                throw raced;
            }
            int? charged = null;
            foreach (var candidate in candidates)
            {
                if (await ChangeBudgetAsync(candidate, -Cents.Of(conversion.AmountEuros), ct))
                {
                    charged = candidate;
                    break;
                }
            }
            if (charged is null)
            {
                throw new Refused("budget-exhausted", 409, "BudgetId", l["There is not enough money left in a budget for this period to pay this conversion."]);
            }
            await db.Conversions.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.BudgetId, charged), ct);
            db.BudgetMovements.Add(new BudgetMovement
            {
                BudgetId = charged.Value, Kind = BudgetMovementKind.Reservation, AmountEuros = -conversion.AmountEuros, ConversionId = id, UserId = userId, At = now,
            });
            conversion.Status = ConversionStatus.Approved;
            (conversion.DecidedByUserId, conversion.DecidedAt, conversion.DecisionReason, conversion.BudgetId) = (userId, now, note, charged);
            await audit.WriteAsync("timebank.conversion.approved", "conversion", id.ToString(CultureInfo.InvariantCulture), conversion.LeerregioId,
                string.Create(CultureInfo.InvariantCulture, $"EUR {conversion.AmountEuros:0.00} from budget {charged}{(note is null ? "" : ": " + note)}"), userId, ct);
            if (inTransaction is not null)
            {
                await inTransaction(conversion);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome<ConversionRequest>.Ok(conversion);
        }
        catch (Refused refused)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return refused.As<ConversionRequest>();
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>Refuses a pending conversion or cancels an approved one that is not yet in a SEPA batch: the hours go back
    /// (a reversal with the reason) and a reservation is released, in one transaction.</summary>
    public async Task<Outcome<ConversionRequest>> RejectAsync(ClaimsPrincipal actor, long id, string? reason,
        Func<ConversionRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var (conversion, refusal) = await DecidableAsync(actor, id, ct);
        if (conversion is null)
        {
            return refusal!;
        }
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReason)
        {
            return Outcome<ConversionRequest>.Fail("invalid-reason", "Reason", l["Give the reason (at most 500 characters): the member reads it."], 400);
        }
        if (conversion.Status is not (ConversionStatus.Pending or ConversionStatus.Approved))
        {
            return AlreadyDecided();
        }
        var observed = conversion.Status;
        var userId = actor.UserId()!;
        var now = time.GetUtcNow();
        try
        {
            var result = await record.ReverseAsync(actor, conversion.TransferId, reason, async reversal =>
            {
                var claimed = await db.Conversions.Where(c => c.Id == id && c.Status == observed && c.PayoutBatchId == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConversionStatus.Rejected).SetProperty(c => c.DecidedByUserId, userId)
                        .SetProperty(c => c.DecidedAt, now).SetProperty(c => c.DecisionReason, reason).SetProperty(c => c.ReversalTransferId, reversal.Id), ct);
                if (claimed == 0)
                {
                    throw new Refused("already-decided", 409, "Id", l["This conversion has already been approved or refused."]);
                }
                if (observed == ConversionStatus.Approved && conversion.BudgetId is { } budget)
                {
                    await ChangeBudgetAsync(budget, Cents.Of(conversion.AmountEuros), ct);
                    db.BudgetMovements.Add(new BudgetMovement
                    {
                        BudgetId = budget, Kind = BudgetMovementKind.Release, AmountEuros = conversion.AmountEuros, ConversionId = id, UserId = userId, At = now,
                    });
                }
                conversion.Status = ConversionStatus.Rejected;
                (conversion.DecidedByUserId, conversion.DecidedAt, conversion.DecisionReason, conversion.ReversalTransferId) = (userId, now, reason, reversal.Id);
                db.AuditLog.Add(new AuditEntry
                {
                    At = now, UserId = userId, Action = "timebank.conversion.rejected", SubjectType = "conversion",
                    SubjectId = id.ToString(CultureInfo.InvariantCulture), LeerregioId = conversion.LeerregioId, Detail = reason,
                });
                if (inTransaction is not null)
                {
                    await inTransaction(conversion);
                }
            }, ct);
            if (!result.Succeeded)
            {
                return Outcome<ConversionRequest>.Fail(result.Code == "not-reversible" ? "already-decided" : result.Code!, "Id", result.Code == "not-reversible" ? l["This conversion has already been approved or refused."] : result.Message!, result.Status);
            }
        }
        catch (Refused refused)
        {
            return refused.As<ConversionRequest>();
        }
        return Outcome<ConversionRequest>.Ok(conversion);
    }

    private Outcome<ConversionRequest> AlreadyDecided() =>
        Outcome<ConversionRequest>.Fail("already-decided", "Id", l["This conversion has already been approved or refused."], 409);

    /// <summary>
    /// Adds <paramref name="deltaCents"/> to a budget's remaining amount only when the result is not below zero, checked by
    /// the database on the row it changes (PostgreSQL re-reads the row after a concurrent update commits; SQLite has one
    /// writer). The CHECK constraint on the table is the second line.
    /// </summary>
    private async Task<bool> ChangeBudgetAsync(int budgetId, long deltaCents, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(Budget))!;
        var table = entity.GetTableName()!;
        var id = entity.FindProperty(nameof(Budget.Id))!.GetColumnName();
        var remaining = entity.FindProperty(nameof(Budget.RemainingEuros))!.GetColumnName();
        // Identifiers come from the model, values are parameters.
        var sql = $"UPDATE \"{table}\" SET \"{remaining}\" = \"{remaining}\" + {{0}} WHERE \"{id}\" = {{1}} AND \"{remaining}\" + {{0}} >= 0";
        var changed = await db.Database.ExecuteSqlRawAsync(sql, [deltaCents, budgetId], ct);
        return changed == 1;
    }

    // ---- export ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// All approved payouts of the leerregio that are not yet exported, as one SEPA batch. Marking them and storing the
    /// file happen in one transaction: of two exports at the same moment, each payout lands in exactly one file.
    /// </summary>
    public async Task<Outcome<PayoutBatch>> ExportAsync(ClaimsPrincipal actor, int leerregioId, DateOnly? executionDate,
        Func<PayoutBatch, Task>? inTransaction = null, CancellationToken ct = default)
    {
        static Outcome<PayoutBatch> Fail(string code, int status, string field, string message) => Outcome<PayoutBatch>.Fail(code, field, message, status);
        if (ManageRefusal<PayoutBatch>(actor, leerregioId) is { } refused)
        {
            return refused;
        }
        var today = Today;
        var date = executionDate ?? today.AddDays(1);
        if (date < today || date > today.AddYears(1))
        {
            return Fail("invalid-date", 400, "RequestedExecutionDate", l["Choose an execution date from today to one year ahead."]);
        }
        var settings = await SettingsAsync(leerregioId, ct);
        if (string.IsNullOrWhiteSpace(settings.PayerName) || !Iban.IsValid(settings.PayerIban) || !Iban.IsValidBic(settings.PayerBic))
        {
            return Fail("payer-missing", 409, "LeerregioId", l["Fill in the paying organisation (name, IBAN and BIC) in the conversion settings first."]);
        }
        var leerregio = await db.Leerregios.AsNoTracking().Where(x => x.Id == leerregioId).Select(x => x.Name).SingleAsync(ct);
        var now = time.GetUtcNow();
        var userId = actor.UserId()!;
        var batch = new PayoutBatch
        {
            LeerregioId = leerregioId, MessageId = "PENDING-" + Guid.NewGuid().ToString("N")[..20], RequestedExecutionDate = date,
            XmlProtected = "", CreatedByUserId = userId, CreatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.PayoutBatches.Add(batch);
            await db.SaveChangesAsync(ct);
            var claimed = await db.Conversions.Where(c => c.LeerregioId == leerregioId && c.Status == ConversionStatus.Approved && c.PayoutBatchId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConversionStatus.Paid).SetProperty(c => c.PayoutBatchId, batch.Id), ct);
            if (claimed == 0)
            {
                throw new Refused("nothing-to-export", 409, "LeerregioId", l["There are no approved payouts waiting to be exported."]);
            }
            var payouts = await db.Conversions.AsNoTracking().Where(c => c.PayoutBatchId == batch.Id).OrderBy(c => c.Id).ToListAsync(ct);
            var local = TimeBankPages.Local(now);
            batch.MessageId = SepaCreditTransfer.Id(string.Create(CultureInfo.InvariantCulture, $"GROZ-{leerregioId}-{batch.Id}-{local:yyyyMMddHHmmss}"));
            batch.NumberOfTransactions = payouts.Count;
            batch.ControlSum = payouts.Sum(p => p.AmountEuros);
            var xml = SepaCreditTransfer.Write(batch.MessageId, local, date, new SepaCreditTransfer.Debtor(settings.PayerName!, Iban.Normalize(settings.PayerIban), settings.PayerBic!),
                payouts.Select(p => new SepaCreditTransfer.Payment(
                    string.Create(CultureInfo.InvariantCulture, $"GROZ-C{p.Id}"), p.AmountEuros, p.AccountHolder, Protector.Unprotect(p.IbanProtected),
                    string.Create(CultureInfo.InvariantCulture, $"Tijdbank {leerregio}: {p.Minutes / 60}u{p.Minutes % 60:00} omgezet, verzoek {p.Id}"))).ToList());
            batch.XmlProtected = Protector.Protect(xml);
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(new AuditEntry
            {
                At = now, UserId = userId, Action = "timebank.payout-batch.created", SubjectType = "payout-batch", SubjectId = batch.Id.ToString(CultureInfo.InvariantCulture),
                LeerregioId = leerregioId, Detail = string.Create(CultureInfo.InvariantCulture, $"{batch.MessageId}: {batch.NumberOfTransactions} payouts, EUR {batch.ControlSum:0.00}"),
            });
            if (inTransaction is not null)
            {
                await inTransaction(batch);
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome<PayoutBatch>.Ok(batch);
        }
        catch (Refused r)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return r.As<PayoutBatch>();
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>The file as it was made, for a second download; the download itself is audited (it holds IBANs).</summary>
    public async Task<string> XmlAsync(PayoutBatch batch, CancellationToken ct = default)
    {
        await audit.WriteAsync("timebank.payout-batch.downloaded", "payout-batch", batch.Id.ToString(CultureInfo.InvariantCulture), batch.LeerregioId, batch.MessageId, ct: ct);
        return Protector.Unprotect(batch.XmlProtected);
    }

    // ---- budgets and rates -----------------------------------------------------------------------------------------

    private Outcome<T>? ManageRefusal<T>(ClaimsPrincipal actor, int leerregioId) where T : class
    {
        if (actor.CanManage(leerregioId))
        {
            return null;
        }
        return actor.MemberOf().Contains(leerregioId)
            ? Outcome<T>.Fail("coordinators-only", "LeerregioId", l["Only a coordinator of the leerregio can do this."], 403)
            : Outcome<T>.Fail("unknown-leerregio", "LeerregioId", l["This leerregio does not exist."], 404);
    }

    public async Task<Outcome<Budget>> AddBudgetAsync(ClaimsPrincipal actor, int leerregioId, BudgetInput input,
        Func<Budget, Task>? inTransaction = null, CancellationToken ct = default)
    {
        static Outcome<Budget> Fail(string field, string message) => Outcome<Budget>.Fail("validation", field, message, 400);
        if (ManageRefusal<Budget>(actor, leerregioId) is { } refused)
        {
            return refused;
        }
        var funder = input.Funder?.Trim() ?? "";
        if (funder.Length is 0 or > 200)
        {
            return Fail("Funder", l["Fill in who gives the money (at most 200 characters)."]);
        }
        if (input.AmountEuros is not { } amount || amount <= 0 || amount > MaxBudget || decimal.Round(amount, 2) != amount)
        {
            return Fail("AmountEuros", l["Fill in an amount in euros above 0, with at most two decimals."]);
        }
        if (input.PeriodFrom is not { } from)
        {
            return Fail("PeriodFrom", l["Fill in the first day of the period."]);
        }
        if (input.PeriodTo is not { } to || to < from)
        {
            return Fail("PeriodTo", l["Fill in the last day of the period, on or after the first day."]);
        }
        if (input.WijkId is { } wijk && !await db.Wijken.AnyAsync(w => w.Id == wijk && w.LeerregioId == leerregioId, ct))
        {
            return Fail("WijkId", l["Choose a wijk of this leerregio, or none."]);
        }
        var now = time.GetUtcNow();
        var userId = actor.UserId()!;
        var budget = new Budget
        {
            LeerregioId = leerregioId, Funder = funder, AmountEuros = amount, RemainingEuros = amount, PeriodFrom = from, PeriodTo = to,
            WijkId = input.WijkId, CreatedByUserId = userId, CreatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Budgets.Add(budget);
        await db.SaveChangesAsync(ct);
        db.BudgetMovements.Add(new BudgetMovement { BudgetId = budget.Id, Kind = BudgetMovementKind.Deposit, AmountEuros = amount, UserId = userId, At = now });
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = userId, Action = "timebank.budget.added", SubjectType = "budget", SubjectId = budget.Id.ToString(CultureInfo.InvariantCulture),
            LeerregioId = leerregioId, Detail = string.Create(CultureInfo.InvariantCulture, $"{funder}: EUR {amount:0.00}, {from:yyyy-MM-dd}..{to:yyyy-MM-dd}"),
        });
        if (inTransaction is not null)
        {
            await inTransaction(budget);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<Budget>.Ok(budget);
    }

    /// <summary>A new rate from a date on. Rates are never edited and never start in the past: what applied stays what applied.</summary>
    public async Task<Outcome<ConversionRate>> AddRateAsync(ClaimsPrincipal actor, int leerregioId, RateInput input,
        Func<ConversionRate, Task>? inTransaction = null, CancellationToken ct = default)
    {
        if (ManageRefusal<ConversionRate>(actor, leerregioId) is { } refused)
        {
            return refused;
        }
        if (input.EurosPerHour is not { } rate || rate <= 0 || rate > MaxRate || decimal.Round(rate, 2) != rate)
        {
            return Outcome<ConversionRate>.Fail("validation", "EurosPerHour", l["Fill in an amount in euros per hour above 0 and at most 1000, with at most two decimals."], 400);
        }
        var today = Today;
        var from = input.ValidFrom ?? today;
        if (from < today)
        {
            return Outcome<ConversionRate>.Fail("validation", "ValidFrom", l["A rate starts today or later: rates that applied are never changed."], 400);
        }
        if (await db.ConversionRates.AnyAsync(r => r.LeerregioId == leerregioId && r.ValidFrom == from, ct))
        {
            return Outcome<ConversionRate>.Fail("rate-exists", "ValidFrom", l["There is already a rate from this date. Choose another date."], 409);
        }
        var now = time.GetUtcNow();
        var userId = actor.UserId()!;
        var row = new ConversionRate { LeerregioId = leerregioId, EurosPerHour = rate, ValidFrom = from, CreatedByUserId = userId, CreatedAt = now };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ConversionRates.Add(row);
        await db.SaveChangesAsync(ct);
        db.AuditLog.Add(new AuditEntry
        {
            At = now, UserId = userId, Action = "timebank.rate.added", SubjectType = "rate", SubjectId = row.Id.ToString(CultureInfo.InvariantCulture),
            LeerregioId = leerregioId, Detail = string.Create(CultureInfo.InvariantCulture, $"EUR {rate:0.00} per hour from {from:yyyy-MM-dd}"),
        });
        if (inTransaction is not null)
        {
            await inTransaction(row);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<ConversionRate>.Ok(row);
    }
}

/// <summary>Euros as people read them: "€ 12,50" in Dutch, "€12.50" in English.</summary>
public static class Euros
{
    private static readonly NumberFormatInfo DutchFormat = Localization.Dutch.NumberFormat;
    private static readonly NumberFormatInfo EnglishFormat = MakeEnglish();

    public static string Format(decimal euros, bool dutch) => euros.ToString("C2", dutch ? DutchFormat : EnglishFormat);

    private static NumberFormatInfo MakeEnglish()
    {
        var f = (NumberFormatInfo)Localization.English.NumberFormat.Clone();
        f.CurrencySymbol = "€";
        return f;
    }
}
