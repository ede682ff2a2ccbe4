using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Localization;
using Npgsql;
using NpgsqlTypes;

namespace Groz.Web.Features.TimeBank;

/// <summary>
/// What a page or API call asks for. Minutes are per receiver. <paramref name="OfferId"/> and <paramref name="Theme"/> say what the
/// hours were for (vraag en aanbod, a product's theme); <paramref name="PaymentRequest"/>: the provider (owner of the receiving
/// account) asks the payer for the hours, and the payer confirms.
/// </summary>
public sealed record TransferCommand(TransferKind Kind, int FromAccountId, IReadOnlyList<int> ToAccountIds, int Minutes, string Description,
    long? ReversesTransferId = null, int? OfferId = null, string? Theme = null, bool PaymentRequest = false);

/// <summary>How a pending exchange is answered: confirm or reject by the receiver, cancel by the member who asked.</summary>
public enum Resolution { Confirm, Reject, Cancel }

/// <summary>The outcome: the transfer, or a broken rule with its stable code and a message in the caller's language.</summary>
public sealed record TransferResult(Transfer? Transfer, string? Code, int Status, string? Field, string? Message)
{
    public bool Succeeded => Transfer is not null;
    public static TransferResult Ok(Transfer t) => new(t, null, 201, null, null);
}

/// <summary>
/// The one place where hours move (DESIGN: a shared write for page and API). Every transfer is double-entry and
/// append-only. Balances change with one conditional UPDATE per account whose WHERE clause holds the limit, so two
/// transfers that are each allowed but together exceed a limit cannot both pass, on SQLite (one writer at a time)
/// and on PostgreSQL (the second UPDATE waits for the first and re-reads the row).
/// </summary>
public sealed class RecordTransfer(GrozDbContext db, Banks banks, TimeProvider time, AuditLog audit, IStringLocalizer<SharedResource> l)
{
    public const int MaxDescription = 500;
    public const int MaxReceivers = 100;

    public Task<TransferResult> ExecuteAsync(ClaimsPrincipal actor, TransferCommand command, Func<Transfer, Task>? inTransaction = null, CancellationToken ct = default) =>
        ExecuteCoreAsync(actor, command, inTransaction, conversion: false, ct);

    /// <summary>
    /// Hours from the actor's own member or organisation account to the leerregio's conversion account (kind Conversion).
    /// Only <see cref="Conversions"/> calls this, with the conversion request saved in <paramref name="inTransaction"/>:
    /// hours never reach the conversion account without a request that pays for them.
    /// </summary>
    public async Task<TransferResult> ConvertAsync(ClaimsPrincipal actor, int fromAccountId, int minutes, string description, Func<Transfer, Task> inTransaction, CancellationToken ct = default)
    {
        var leerregioId = await db.TimeAccounts.Where(a => a.Id == fromAccountId).Select(a => (int?)a.LeerregioId).FirstOrDefaultAsync(ct);
        var target = leerregioId is null ? null
            : await db.TimeAccounts.Where(a => a.LeerregioId == leerregioId && a.Kind == TimeAccountKind.Conversion).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        if (target is null)
        {
            return Fail("unknown-account", "FromAccountId", l["This account does not exist."], 404);
        }
        return await ExecuteCoreAsync(actor, new TransferCommand(TransferKind.Conversion, fromAccountId, [target.Value], minutes, description), inTransaction, conversion: true, ct);
    }

    private async Task<TransferResult> ExecuteCoreAsync(ClaimsPrincipal actor, TransferCommand command, Func<Transfer, Task>? inTransaction, bool conversion, CancellationToken ct)
    {
        var (plan, refusal) = await PlanAsync(actor, command, conversion, ct);
        if (plan is null)
        {
            return refusal!;
        }
        var result = await WriteAsync(plan.Transfer, plan.Legs, plan.Accounts, inTransaction, ct);
        await AuditAsync(plan, result, ct);
        return result;
    }

    /// <summary>
    /// The API's transfer: as <see cref="ExecuteAsync(ClaimsPrincipal, TransferCommand, Func{Transfer, Task}?, CancellationToken)"/>,
    /// with the answer stored under the caller's Idempotency-Key. On PostgreSQL a transfer that moves hours now is written
    /// by one statement in autocommit (<see cref="WriteInOneStatementAsync"/>): one round trip, and the two accounts are
    /// locked only while that statement runs. Same checks (<see cref="PlanAsync"/>), same rows, same answers as the other
    /// path, which SQLite, pending exchanges and callers with rows of their own keep using.
    /// </summary>
    public async Task<TransferResult> ExecuteAsync(ClaimsPrincipal actor, TransferCommand command, IdempotencyClaim<Transfer>? claim, Func<Transfer, Task> inTransaction, CancellationToken ct = default)
    {
        var (plan, refusal) = await PlanAsync(actor, command, conversion: false, ct);
        if (plan is null)
        {
            return refusal!;
        }
        var result = db.Database.IsNpgsql() && plan.Legs.Count > 0
            ? await WriteInOneStatementAsync(plan, claim, ct)
            : await WriteAsync(plan.Transfer, plan.Legs, plan.Accounts, inTransaction, ct);
        await AuditAsync(plan, result, ct);
        return result;
    }

    /// <summary>What a command becomes once every rule has passed: the new transfer, its legs (none while pending) and why it is audited.</summary>
    private sealed record TransferPlan(Transfer Transfer, List<(int AccountId, int Minutes)> Legs, Dictionary<int, TimeAccount> Accounts, bool OnBehalf, TransferCommand Command);

    /// <summary>Every rule of a new transfer, for both write paths: the refusal, or the plan to write.</summary>
    private async Task<(TransferPlan? Plan, TransferResult? Refusal)> PlanAsync(ClaimsPrincipal actor, TransferCommand command, bool conversion, CancellationToken ct)
    {
        var userId = actor.UserId() ?? throw new InvalidOperationException("RecordTransfer needs a signed-in actor");
        if (command.Minutes <= 0)
        {
            return (null, Fail("invalid-amount", "Minutes", l["Fill in a number of minutes above zero."]));
        }
        if (string.IsNullOrWhiteSpace(command.Description) || command.Description.Length > MaxDescription)
        {
            return (null, Fail("invalid-description", "Description", l["Describe in a few words what the hours are for (at most 500 characters)."]));
        }
        if (command.ToAccountIds.Count == 0 || command.ToAccountIds.Count > MaxReceivers || command.ToAccountIds.Distinct().Count() != command.ToAccountIds.Count)
        {
            return (null, Fail("invalid-receivers", "ToAccountId", l["Choose who receives the hours."]));
        }
        if (command.Kind != TransferKind.Bulk && command.ToAccountIds.Count != 1)
        {
            return (null, Fail("invalid-receivers", "ToAccountId", l["Only a bulk payment goes to several members at once."]));
        }
        if (command.ToAccountIds.Contains(command.FromAccountId))
        {
            return (null, Fail("same-account", "ToAccountId", l["You cannot pay yourself."]));
        }
        if (command.Theme is { } theme && !Shared.Themes.IsKnown(theme))
        {
            return (null, Fail("unknown-theme", "Theme", l["Choose one of the themes."]));
        }
        if (command.PaymentRequest && command.Kind != TransferKind.Exchange)
        {
            return (null, Fail("invalid-kind", "Kind", l["This kind of transfer is not possible here."]));
        }

        var ids = command.ToAccountIds.Append(command.FromAccountId).ToList();
        // The accounts, their bank's settings and whether each owner may still take part, in one query (one round trip
        // instead of three: on a busy two-core machine every round trip costs the app and the database CPU).
        var rows = await (
            from a in db.TimeAccounts.AsNoTracking()
            where ids.Contains(a.Id)
            join b in db.TimeBanks.AsNoTracking() on a.LeerregioId equals b.LeerregioId into bank
            from b in bank.DefaultIfEmpty()
            select new { Account = a, Settings = b, OwnerBlocked = a.UserId != null && db.Users.Any(u => u.Id == a.UserId && (!u.EmailConfirmed || u.ErasedAt != null)) })
            .ToListAsync(ct);
        var accounts = rows.ToDictionary(r => r.Account.Id, r => r.Account);
        if (!accounts.TryGetValue(command.FromAccountId, out var from))
        {
            return (null, Fail("unknown-account", "FromAccountId", l["This account does not exist."], 404));
        }
        var leerregioId = from.LeerregioId;
        // Accounts of another leerregio do not exist for this transfer: the same answer as an unknown id.
        var manager = actor.CanManage(leerregioId);
        if (!actor.MemberOf().Contains(leerregioId) && !manager)
        {
            return (null, Fail("unknown-account", "FromAccountId", l["This account does not exist."], 404));
        }
        if (command.ToAccountIds.Any(id => !accounts.TryGetValue(id, out var a) || a.LeerregioId != leerregioId))
        {
            return (null, Fail("unknown-account", "ToAccountId", l["This account does not exist."], 404));
        }
        var receivers = command.ToAccountIds.Select(id => accounts[id]).ToList();
        var settings = rows.First(r => r.Account.Id == from.Id).Settings ?? await banks.EnsureAsync(leerregioId, ct);
        // A conversion has its own caps (in euros, per month and year) instead of the per-transfer maximum.
        if (command.Minutes > settings.MaxPerTransferMinutes && command.Kind is not (TransferKind.Reversal or TransferKind.Conversion))
        {
            return (null, Fail("above-maximum", "Minutes", string.Format(CultureInfo.CurrentCulture, l["One transfer may move at most {0}."], Minutes.Format(settings.MaxPerTransferMinutes, Localization.IsDutch))));
        }

        if (command.OfferId is { } offerId && !await db.Offers.AnyAsync(o => o.Id == offerId && o.LeerregioId == leerregioId, ct))
        {
            return (null, Fail("unknown-offer", "OfferId", l["This item does not exist."], 404));
        }

        var ownFrom = from.Kind == TimeAccountKind.Member && from.UserId == userId;
        var onBehalf = false;
        switch (command.Kind)
        {
            case TransferKind.Exchange when command.PaymentRequest:
                // The provider asks to be paid: into their own member account, from another member's, who must confirm.
                if (receivers[0].Kind != TimeAccountKind.Member || receivers[0].UserId != userId)
                {
                    return (null, Fail("not-your-account", "ToAccountId", l["You can only ask for hours into your own account."], 403));
                }
                if (from.Kind != TimeAccountKind.Member)
                {
                    return (null, Fail("invalid-receivers", "FromAccountId", l["Hours cannot go to this account this way."]));
                }
                break;
            case TransferKind.Purchase:
                // Only the buyer spends their own hours; nobody buys on someone else's account.
                if (!ownFrom)
                {
                    return (null, Fail("not-your-account", "FromAccountId", l["You can only pay from your own account."], 403));
                }
                if (receivers[0].Kind is not (TimeAccountKind.Member or TimeAccountKind.Organisation))
                {
                    return (null, Fail("invalid-receivers", "ToAccountId", l["Hours cannot go to this account this way."]));
                }
                break;
            case TransferKind.Exchange:
            case TransferKind.Donation:
                if (!ownFrom)
                {
                    // A coordinator may record an exchange or donation for members without internet; always audited.
                    if (!manager || from.Kind != TimeAccountKind.Member)
                    {
                        return (null, Fail("not-your-account", "FromAccountId", l["You can only pay from your own account."], 403));
                    }
                    onBehalf = true;
                }
                var allowed = command.Kind == TransferKind.Exchange
                    ? receivers[0].Kind is TimeAccountKind.Member or TimeAccountKind.Organisation
                    : receivers[0].Kind is TimeAccountKind.Member or TimeAccountKind.Organisation or TimeAccountKind.Pool;
                if (!allowed)
                {
                    return (null, Fail("invalid-receivers", "ToAccountId", l["Hours cannot go to this account this way."]));
                }
                break;
            case TransferKind.Grant:
            case TransferKind.Bulk:
                if (!manager)
                {
                    return (null, Fail("coordinators-only", "Kind", l["Only a coordinator can grant hours from the pool."], 403));
                }
                if (from.Kind != TimeAccountKind.Pool || receivers.Any(r => r.Kind is not (TimeAccountKind.Member or TimeAccountKind.Organisation)))
                {
                    return (null, Fail("invalid-receivers", "ToAccountId", l["Grants go from the pool to members or organisations."]));
                }
                break;
            case TransferKind.Conversion when conversion:
                // Only one's own hours, from a member account or an organisation account one is the contact of.
                if (from.UserId != userId || from.Kind is not (TimeAccountKind.Member or TimeAccountKind.Organisation))
                {
                    return (null, Fail("not-your-account", "FromAccountId", l["You can only convert hours from your own account."], 403));
                }
                if (receivers[0].Kind != TimeAccountKind.Conversion)
                {
                    return (null, Fail("invalid-receivers", "ToAccountId", l["Hours cannot go to this account this way."]));
                }
                break;
            default:
                return (null, Fail("invalid-kind", "Kind", l["This kind of transfer is not possible here."]));
        }
        if (rows.Any(r => r.OwnerBlocked))
        {
            return (null, Fail("member-not-confirmed", "ToAccountId", l["This member has not confirmed their e-mail address, or has left."]));
        }

        var pending = command.Kind == TransferKind.Exchange && (command.PaymentRequest || (settings.ExchangeNeedsConfirmation && !onBehalf));
        var now = time.GetUtcNow();
        var transfer = new Transfer
        {
            LeerregioId = leerregioId, Kind = command.Kind, Status = pending ? TransferStatus.Pending : TransferStatus.Completed,
            FromAccountId = from.Id, ToAccountId = receivers[0].Id, Minutes = command.Minutes * receivers.Count,
            Description = command.Description.Trim(), CreatedByUserId = userId, RecordedOnBehalf = onBehalf, CreatedAt = now,
            ResolvedAt = pending ? null : now, OfferId = command.OfferId, Theme = command.Theme, PaymentRequest = command.PaymentRequest,
        };
        var legs = receivers.Select(r => (r.Id, command.Minutes)).Prepend((from.Id, -command.Minutes * receivers.Count)).ToList();
        // Accounts in id order, so that two transfers between the same accounts never wait for each other crosswise.
        return (new TransferPlan(transfer, pending ? [] : legs.OrderBy(x => x.Item1).ToList(), accounts, onBehalf, command), null);
    }

    private async Task AuditAsync(TransferPlan plan, TransferResult result, CancellationToken ct)
    {
        var (transfer, command) = (plan.Transfer, plan.Command);
        if (result.Succeeded && plan.OnBehalf)
        {
            await audit.WriteAsync("timebank.recorded-on-behalf", "transfer", transfer.Id.ToString(CultureInfo.InvariantCulture), transfer.LeerregioId, userId: transfer.CreatedByUserId, ct: ct);
        }
        // Hours from the pool are a coordinator's decision: audited here, so that page and API leave the same trace.
        if (result.Succeeded && command.Kind is TransferKind.Grant or TransferKind.Bulk)
        {
            await audit.WriteAsync(command.Kind == TransferKind.Grant ? "timebank.granted" : "timebank.bulk-paid", "transfer",
                transfer.Id.ToString(CultureInfo.InvariantCulture), transfer.LeerregioId,
                string.Create(CultureInfo.InvariantCulture, $"{command.Minutes} min each to accounts {string.Join(',', command.ToAccountIds)}"), transfer.CreatedByUserId, ct);
        }
    }

    /// <summary>Undoes a completed transfer with opposite entries and a reason; the original stays as it was.</summary>
    public async Task<TransferResult> ReverseAsync(ClaimsPrincipal actor, long transferId, string reason, Func<Transfer, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var original = await db.Transfers.AsNoTracking().Include(t => t.Entries).FirstOrDefaultAsync(t => t.Id == transferId, ct);
        if (original is null || !actor.CanManage(original.LeerregioId))
        {
            return Fail("unknown-transfer", "TransferId", l["This transfer does not exist."], 404);
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxDescription)
        {
            return Fail("invalid-description", "Reason", l["Give the reason for the correction (at most 500 characters)."]);
        }
        if (original.Status != TransferStatus.Completed || original.Kind == TransferKind.Reversal)
        {
            return Fail("not-reversible", "TransferId", l["Only a completed transfer can be corrected, and only once."], 409);
        }
        if (await db.Transfers.AnyAsync(t => t.ReversesTransferId == transferId, ct))
        {
            return Fail("not-reversible", "TransferId", l["Only a completed transfer can be corrected, and only once."], 409);
        }
        var now = time.GetUtcNow();
        var reversal = new Transfer
        {
            LeerregioId = original.LeerregioId, Kind = TransferKind.Reversal, Status = TransferStatus.Completed,
            FromAccountId = original.ToAccountId, ToAccountId = original.FromAccountId, Minutes = original.Minutes,
            Description = reason.Trim(), CreatedByUserId = actor.UserId()!, ReversesTransferId = original.Id, CreatedAt = now, ResolvedAt = now,
        };
        var ids = original.Entries.Select(e => e.AccountId).ToList();
        var accounts = await db.TimeAccounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var result = await WriteAsync(reversal, original.Entries.Select(e => (e.AccountId, -e.Minutes)).ToList(), accounts, inTransaction, ct);
        if (result.Succeeded)
        {
            await audit.WriteAsync("timebank.reversed", "transfer", original.Id.ToString(CultureInfo.InvariantCulture), original.LeerregioId, reason.Trim(), ct: ct);
        }
        return result;
    }

    /// <summary>
    /// The answer to a pending exchange: the receiver confirms (the hours move now) or rejects it, or the member who
    /// asked for it cancels it (nothing moves). Whichever comes first wins; every later answer gets a 409.
    /// </summary>
    public async Task<TransferResult> ResolveAsync(ClaimsPrincipal actor, long transferId, Resolution resolution, Func<Transfer, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var userId = actor.UserId() ?? throw new InvalidOperationException("RecordTransfer needs a signed-in actor");
        var transfer = await db.Transfers.AsNoTracking().Include(t => t.Entries).FirstOrDefaultAsync(t => t.Id == transferId, ct);
        if (transfer is null)
        {
            return Fail("unknown-transfer", "TransferId", l["This transfer does not exist."], 404);
        }
        var accounts = await db.TimeAccounts.AsNoTracking().Where(a => a.Id == transfer.FromAccountId || a.Id == transfer.ToAccountId).ToDictionaryAsync(a => a.Id, ct);
        var (from, to) = (accounts[transfer.FromAccountId], accounts[transfer.ToAccountId]);
        // The member who did not record it answers: the receiver of the hours, or for a payment request the payer.
        var answering = transfer.PaymentRequest ? from : to;
        var receiver = answering.Kind == TimeAccountKind.Member && answering.UserId == userId;
        // Someone who cannot see the transfer learns nothing about it, not even that it exists.
        if (!receiver && from.UserId != userId && to.UserId != userId && !actor.CanManage(transfer.LeerregioId))
        {
            return Fail("unknown-transfer", "TransferId", l["This transfer does not exist."], 404);
        }
        if (resolution == Resolution.Cancel)
        {
            if (transfer.CreatedByUserId != userId)
            {
                return Fail("not-the-requester", "TransferId", l["Only the member who asked for this exchange can cancel it."], 403);
            }
        }
        else if (!receiver)
        {
            return transfer.PaymentRequest
                ? Fail("not-the-receiver", "TransferId", l["Only the member who pays can confirm or refuse this request."], 403)
                : Fail("not-the-receiver", "TransferId", l["Only the member who receives the hours can confirm or refuse them."], 403);
        }
        var settings = await banks.EnsureAsync(transfer.LeerregioId, ct);
        await ExpireIfDueAsync(transfer, settings, ct);
        if (transfer.Status != TransferStatus.Pending)
        {
            return AlreadyResolved(transfer.Status);
        }
        if (resolution == Resolution.Confirm && await UnconfirmedOwnersAsync([from, to], ct))
        {
            return Fail("member-not-confirmed", "TransferId", l["This member has not confirmed their e-mail address, or has left."]);
        }
        var now = time.GetUtcNow();
        var status = resolution switch
        {
            Resolution.Confirm => TransferStatus.Completed,
            Resolution.Cancel => TransferStatus.Cancelled,
            _ => TransferStatus.Rejected,
        };
        var legs = resolution == Resolution.Confirm ? [(from.Id, -transfer.Minutes), (to.Id, transfer.Minutes)] : new List<(int, int)>();
        var result = await WriteAsync(transfer, legs, accounts, inTransaction, ct, claim: async () =>
        {
            // The status changes only if it is still pending, inside the transaction: of two answers at the same moment
            // exactly one finds the row pending (PostgreSQL re-reads it after the first commits; SQLite has one writer).
            var changed = await db.Transfers.Where(t => t.Id == transfer.Id && t.Status == TransferStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, status).SetProperty(t => t.ResolvedAt, now), ct);
            transfer.Status = status;
            transfer.ResolvedAt = now;
            return changed == 1;
        }, at: now);
        if (result.Code == "already-resolved")
        {
            // Tell what it became, as a fresh read would.
            var current = await db.Transfers.AsNoTracking().Where(t => t.Id == transfer.Id).Select(t => t.Status).SingleAsync(ct);
            return AlreadyResolved(current);
        }
        return result;
    }

    /// <summary>A pending exchange older than the bank's expiry becomes Expired the first time anyone reads or answers it.</summary>
    public async Task ExpireIfDueAsync(Transfer transfer, TimeBankSettings settings, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (transfer.Status != TransferStatus.Pending || now - transfer.CreatedAt < TimeSpan.FromDays(settings.PendingExpiryDays))
        {
            return;
        }
        await db.Transfers.Where(t => t.Id == transfer.Id && t.Status == TransferStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TransferStatus.Expired).SetProperty(t => t.ResolvedAt, now), ct);
        // Whoever won (this read, another read or a confirm that came just before), this is what the row says now.
        var row = await db.Transfers.AsNoTracking().Where(t => t.Id == transfer.Id).Select(t => new { t.Status, t.ResolvedAt }).SingleAsync(ct);
        transfer.Status = row.Status;
        transfer.ResolvedAt = row.ResolvedAt;
    }

    private TransferResult AlreadyResolved(TransferStatus status) => status switch
    {
        TransferStatus.Expired => Fail("transfer-expired", "TransferId", l["This exchange was not confirmed in time and has expired."], 409),
        TransferStatus.Cancelled => Fail("transfer-cancelled", "TransferId", l["The member who asked for this exchange has cancelled it."], 409),
        _ => Fail("already-resolved", "TransferId", l["This exchange has already been confirmed or refused."], 409),
    };

    /// <summary>
    /// One transaction: the transfer row (new, or <paramref name="claim"/> for an existing pending one), then each leg
    /// as a conditional UPDATE that holds the limit (all legs in one command, to keep row locks short), then the entries
    /// and the caller's own write (the idempotency record) in one save.
    /// </summary>
    private async Task<TransferResult> WriteAsync(Transfer transfer, List<(int AccountId, int Minutes)> legs, Dictionary<int, TimeAccount> accounts,
        Func<Transfer, Task>? inTransaction, CancellationToken ct, Func<Task<bool>>? claim = null, DateTimeOffset? at = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Any failure rolls the whole transaction back, so EF's savepoint before each save (one more statement per
        // save, while the accounts are locked) buys nothing here.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            if (claim is null)
            {
                db.Transfers.Add(transfer);
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException) when (transfer.ReversesTransferId is not null)
                {
                    // Two corrections of one transfer at the same moment: the unique index lets one in; the check before
                    // the transaction could not see the other yet.
                    await tx.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return Fail("not-reversible", "TransferId", l["Only a completed transfer can be corrected, and only once."], 409);
                }
            }
            else if (!await claim())
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return Fail("already-resolved", "TransferId", l["This exchange has already been confirmed or refused."], 409);
            }
            // Accounts in id order, so that two transfers between the same accounts never wait for each other crosswise.
            var ordered = legs.OrderBy(x => x.AccountId).ToList();
            if (await ApplyLimitedAsync(ordered, ct) is { } refused)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return Refused(accounts, refused);
            }
            foreach (var (accountId, minutes) in ordered)
            {
                var entry = new TimeEntry { TransferId = transfer.Id, AccountId = accountId, Minutes = minutes, At = at ?? transfer.CreatedAt };
                transfer.Entries.Add(entry);
                // A confirmed transfer was read without tracking: its entries are added on their own.
                db.TimeEntries.Add(entry);
            }
            if (inTransaction is not null)
            {
                await inTransaction(transfer);
            }
            // Entries and whatever the caller added (the API's idempotency record) in one save, to keep the row locks short.
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TransferResult.Ok(transfer);
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    /// <summary>
    /// One conditional UPDATE per leg, in the given order, sent as one command: each adds its minutes only when the
    /// result stays within the account's limits (checked by the database on the locked row, so concurrent transfers
    /// cannot pass a limit together) and returns the id when it did. The first leg that changed nothing is returned.
    /// </summary>
    private async Task<(int AccountId, int Minutes)?> ApplyLimitedAsync(List<(int AccountId, int Minutes)> legs, CancellationToken ct)
    {
        if (legs.Count == 0)
        {
            return null;
        }
        var entity = db.Model.FindEntityType(typeof(TimeAccount))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName());
        var (table, id, balance, min, max) = (sql.DelimitIdentifier(entity.GetTableName()!), Column(nameof(TimeAccount.Id)),
            Column(nameof(TimeAccount.BalanceMinutes)), Column(nameof(TimeAccount.MinMinutes)), Column(nameof(TimeAccount.MaxMinutes)));

        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < legs.Count; i++)
        {
            var limit = legs[i].Minutes < 0 ? $"({min} IS NULL OR {balance} + @m{i} >= {min})" : $"({max} IS NULL OR {balance} + @m{i} <= {max})";
            text.Append(CultureInfo.InvariantCulture, $"UPDATE {table} SET {balance} = {balance} + @m{i} WHERE {id} = @a{i} AND {limit} RETURNING {id};\n");
            Add(command, $"@m{i}", legs[i].Minutes);
            Add(command, $"@a{i}", legs[i].AccountId);
        }
        command.CommandText = text.ToString();
        (int, int)? refused = null;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            for (var i = 0; i < legs.Count; i++)
            {
                if (i > 0 && !await reader.NextResultAsync(ct))
                {
                    throw new InvalidOperationException("Every balance UPDATE returns a result.");
                }
                if (!await reader.ReadAsync(ct))
                {
                    refused ??= legs[i];
                }
            }
        }
        return refused;

        static void Add(System.Data.Common.DbCommand command, string name, int value)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
    }

    /// <summary>The answer when a leg would pass its account's limit (the first such leg in account order).</summary>
    private TransferResult Refused(Dictionary<int, TimeAccount> accounts, (int AccountId, int Minutes) leg)
    {
        var name = accounts[leg.AccountId].Name;
        return leg.Minutes < 0
            ? Fail("below-limit", "Minutes", string.Format(CultureInfo.CurrentCulture, l["Not enough hours: {0} would go below its lower limit."], name), 409)
            : Fail("above-limit", "Minutes", string.Format(CultureInfo.CurrentCulture, l["{0} would go above its upper limit."], name), 409);
    }

    /// <summary>
    /// PostgreSQL: the whole transfer as ONE statement in autocommit, so one round trip and no BEGIN/COMMIT, and the
    /// accounts stay locked only while it runs (before: from the UPDATE across two more round trips). Data-modifying CTEs
    /// (<see cref="OneStatementSql"/>): the conditional UPDATE of each leg in account-id order, then the transfer, its entries
    /// and the idempotency record, written only when every leg hit its row. A refusal writes nothing and names the leg, so
    /// the answer is the same as on the other path. The record's
    /// answer is the DTO serialised once with id 0 and completed with the new id inside the statement.
    /// </summary>
    private async Task<TransferResult> WriteInOneStatementAsync(TransferPlan plan, IdempotencyClaim<Transfer>? claim, CancellationToken ct)
    {
        var (transfer, legs) = (plan.Transfer, plan.Legs);
        foreach (var (accountId, minutes) in legs)
        {
            transfer.Entries.Add(new TimeEntry { AccountId = accountId, Minutes = minutes, At = transfer.CreatedAt });
        }
        string? answerTail = null;
        if (claim is not null)
        {
            var json = await claim.SerializeAsync(transfer);
            const string head = "{\"id\":0";
            if (!json.StartsWith(head + ",", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The stored answer of a transfer starts with its id.");
            }
            answerTail = json[head.Length..];
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(OneStatementSql(legs.Count, claim is not null), connection);
            var p = command.Parameters;
            for (var i = 0; i < legs.Count; i++)
            {
                p.Add(new NpgsqlParameter<int>($"a{i}", legs[i].AccountId));
                p.Add(new NpgsqlParameter<int>($"m{i}", legs[i].Minutes));
            }
                        p.Add(new NpgsqlParameter<int>("leerregio", transfer.LeerregioId));
            p.Add(new NpgsqlParameter<string>("kind", transfer.Kind.ToString()));
            p.Add(new NpgsqlParameter<string>("status", transfer.Status.ToString()));
            p.Add(new NpgsqlParameter<int>("from", transfer.FromAccountId));
            p.Add(new NpgsqlParameter<int>("to", transfer.ToAccountId));
            p.Add(new NpgsqlParameter<int>("minutes", transfer.Minutes));
            p.Add(new NpgsqlParameter<string>("description", transfer.Description));
            p.Add(new NpgsqlParameter<string>("user", transfer.CreatedByUserId));
            p.Add(new NpgsqlParameter<bool>("onbehalf", transfer.RecordedOnBehalf));
            p.Add(new NpgsqlParameter("offer", NpgsqlDbType.Integer) { Value = (object?)transfer.OfferId ?? DBNull.Value });
            p.Add(new NpgsqlParameter("theme", NpgsqlDbType.Varchar) { Value = (object?)transfer.Theme ?? DBNull.Value });
            p.Add(new NpgsqlParameter<bool>("paymentrequest", transfer.PaymentRequest));
            p.Add(new NpgsqlParameter<DateTimeOffset>("at", transfer.CreatedAt));
            p.Add(new NpgsqlParameter("resolved", NpgsqlDbType.TimestampTz) { Value = (object?)transfer.ResolvedAt ?? DBNull.Value });
            if (claim is not null)
            {
                p.Add(new NpgsqlParameter<string>("key_user", claim.UserId));
                p.Add(new NpgsqlParameter<string>("key", claim.Key));
                p.Add(new NpgsqlParameter<string>("key_hash", claim.RequestHash));
                p.Add(new NpgsqlParameter<int>("key_status", claim.StatusCode));
                p.Add(new NpgsqlParameter<string>("key_tail", answerTail!));
                p.Add(new NpgsqlParameter<DateTimeOffset>("key_at", claim.CreatedAt));
            }
            long id;
            try
            {
                id = (long)(await command.ExecuteScalarAsync(ct))!;
            }
            catch (PostgresException e) when (RefusedLegOf(e) is { } leg && leg < legs.Count)
            {
                transfer.Entries.Clear();
                return Refused(plan.Accounts, legs[leg]);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // A duplicate with the same key won the race: the same exception as the other path, so the API answers alike.
                throw new DbUpdateException("The idempotency key was stored by a concurrent request.", e);
            }
            transfer.Id = id;
            foreach (var entry in transfer.Entries)
            {
                entry.TransferId = id;
            }
            if (claim is not null)
            {
                claim.StoredJson = string.Create(CultureInfo.InvariantCulture, $"{{\"id\":{id}{answerTail}");
            }
            return TransferResult.Ok(transfer);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Legs, bool Answer), string> OneStatementCache = new();

    /// <summary>
    /// The statement for a number of legs; the same text for every call, so Npgsql prepares it once per connection.
    /// Leg i is a conditional UPDATE (the limit in its WHERE clause, re-checked by PostgreSQL on the newest row after
    /// waiting for another transfer's lock) that runs only after leg i-1 hit its row, so accounts are locked in id order.
    /// The transfer, entries and idempotency record are written only when the last leg hit its row. A refused leg makes the
    /// statement fail on purpose (a cast of 'refused-leg:i' to bigint): in autocommit that rolls back the legs before it,
    /// and the error names the leg. Tried first and dropped: locking all accounts with one SELECT … FOR UPDATE in a CTE
    /// and checking the limits on what it returned: under concurrency it saw balances from before the lock (a CHECK
    /// constraint caught transfers past the limit).
    /// </summary>
    private static string OneStatementSql(int legs, bool answer) => OneStatementCache.GetOrAdd((legs, answer), static k =>
    {
        var sql = new System.Text.StringBuilder("WITH ");
        for (var i = 0; i < k.Legs; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"""
                u{i} AS (UPDATE timebank_accounts SET balance_minutes = balance_minutes + @m{i} WHERE id = @a{i}
                    AND ((@m{i} < 0 AND (min_minutes IS NULL OR balance_minutes + @m{i} >= min_minutes))
                      OR (@m{i} >= 0 AND (max_minutes IS NULL OR balance_minutes + @m{i} <= max_minutes)))
                    {(i == 0 ? "" : $"AND EXISTS (SELECT 1 FROM u{i - 1})")} RETURNING id),

                """);
        }
        var values = string.Join(", ", Enumerable.Range(0, k.Legs).Select(i => $"(@a{i}, @m{i})"));
        sql.Append(CultureInfo.InvariantCulture, $"""
            transfer AS (
                INSERT INTO timebank_transfers (leerregio_id, kind, status, from_account_id, to_account_id, minutes, description,
                    created_by_user_id, recorded_on_behalf, offer_id, theme, payment_request, created_at, resolved_at)
                SELECT @leerregio, @kind, @status, @from, @to, @minutes, @description, @user, @onbehalf, @offer, @theme, @paymentrequest, @at, @resolved
                WHERE EXISTS (SELECT 1 FROM u{k.Legs - 1})
                RETURNING id),
            entries AS (
                INSERT INTO timebank_entries (transfer_id, account_id, minutes, at)
                SELECT t.id, l.account_id, l.minutes, @at FROM transfer t CROSS JOIN (VALUES {values}) AS l (account_id, minutes) ORDER BY l.account_id)
            """);
        if (k.Answer)
        {
            sql.Append("""
                ,
                answer AS (
                    INSERT INTO idempotency_keys (user_id, "key", request_hash, status_code, response_json, created_at)
                    SELECT @key_user, @key, @key_hash, @key_status, '{"id":' || t.id || @key_tail, @key_at FROM transfer t)
                """);
        }
        var firstRefused = string.Join(" ", Enumerable.Range(0, k.Legs).Select(i => $"WHEN NOT EXISTS (SELECT 1 FROM u{i}) THEN {i}"));
        sql.Append(CultureInfo.InvariantCulture, $"""

            SELECT CASE WHEN EXISTS (SELECT 1 FROM transfer) THEN (SELECT id FROM transfer)
                ELSE ('{RefusedLeg}' || CASE {firstRefused} END)::bigint END
            """);
        return sql.ToString();
    });

    private const string RefusedLeg = "refused-leg:";

    /// <summary>The leg named by the statement's deliberate error, or null for any other error.</summary>
    private static int? RefusedLegOf(PostgresException e)
    {
        if (e.SqlState != PostgresErrorCodes.InvalidTextRepresentation)
        {
            return null;
        }
        var at = e.MessageText.IndexOf(RefusedLeg, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var digits = new string(e.MessageText[(at + RefusedLeg.Length)..].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var leg) ? leg : null;
    }

    private async Task<bool> UnconfirmedOwnersAsync(IEnumerable<TimeAccount> accounts, CancellationToken ct)
    {
        var owners = accounts.Where(a => a.UserId is not null).Select(a => a.UserId!).Distinct().ToList();
        return await db.Users.AnyAsync(u => owners.Contains(u.Id) && (!u.EmailConfirmed || u.ErasedAt != null), ct);
    }

    private static TransferResult Fail(string code, string field, string message, int status = 400) => new(null, code, status, field, message);
}
