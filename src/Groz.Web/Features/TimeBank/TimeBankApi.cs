using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

public static class TimeBankApi
{
    public sealed record AccountDto(int Id, int LeerregioId, string Kind, string Name, int BalanceMinutes, int? MinMinutes, int? MaxMinutes, int GivenMinutes, int ReceivedMinutes);
    public sealed record EntryDto(int AccountId, int Minutes);
    public sealed record TransferDto(long Id, string Kind, string Status, int FromAccountId, int ToAccountId, int Minutes, string Description,
        DateTimeOffset CreatedAt, bool RecordedOnBehalf, long? ReversesTransferId, EntryDto[] Entries);
    public sealed record StatementLine(long TransferId, string Kind, string Description, DateTimeOffset At, int Minutes, int BalanceAfterMinutes, int CounterpartAccountId);
    public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

    public sealed record NewTransfer(
        [property: Required] TransferKind? Kind,
        [property: Required] int? FromAccountId,
        int? ToAccountId,
        [property: MaxLength(RecordTransfer.MaxReceivers)] int[]? ToAccountIds,
        [property: Required] int? Minutes,
        [property: Required, MaxLength(RecordTransfer.MaxDescription)] string? Description,
        // Optional: what the hours were for, so that exchanges recorded outside vraag en aanbod count by theme in reports too.
        string? Theme = null);

    public sealed record NewReversal([property: Required, MaxLength(RecordTransfer.MaxDescription)] string? Reason);

    public const string IdempotencyHeader = "Idempotency-Key";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static WebApplication MapTimeBankApi(this WebApplication app)
    {
        var api = app.MapApiV1("timebank", "TimeBank").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/accounts", ListAccountsAsync).WithSummary("Tijdbank accounts, paged: a member sees their own, a coordinator those of the leerregio's they manage.");
        api.MapGet("/accounts/{id:int}", GetAccountAsync).WithSummary("One account: balance in minutes, limits, given and received.");
        api.MapGet("/transfers", ListTransfersAsync).WithSummary("The statement of an account: its transfers, newest first, with the running balance (paged).");
        // Validated by hand (DisableValidation): the framework's messages are English only and name fields in C# (Minutes), not as sent (minutes).
        api.MapPost("/transfers", CreateTransferAsync).DisableValidation()
            .WithSummary("Record a transfer (exchange, donation, grant, bulk). Send an Idempotency-Key header: a retry with the same key and body returns the first answer.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/transfers/{id:long}/reversal", ReverseAsync).DisableValidation()
            .WithSummary("Correct a transfer with a reversing transfer and a reason (coordinators). Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/transfers/{id:long}", GetTransferAsync)
            .WithSummary("One transfer with its entries and status, for the members it concerns and the leerregio's coordinators. A pending exchange past its expiry becomes Expired.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/transfers/{id:long}/confirm", (long id, HttpContext http, RecordTransfer record, GrozDbContext db, TimeProvider time) => ResolveAsync(id, Resolution.Confirm, http, record, db, time))
            .WithName("ConfirmTransfer")
            .WithSummary("The receiving member confirms a pending exchange: the hours move now, within the limits as they are now. Send an Idempotency-Key header.")
            .Produces<TransferDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/transfers/{id:long}/reject", (long id, HttpContext http, RecordTransfer record, GrozDbContext db, TimeProvider time) => ResolveAsync(id, Resolution.Reject, http, record, db, time))
            .WithName("RejectTransfer")
            .WithSummary("The receiving member refuses a pending exchange: no hours move. Send an Idempotency-Key header.")
            .Produces<TransferDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/transfers/{id:long}/cancel", (long id, HttpContext http, RecordTransfer record, GrozDbContext db, TimeProvider time) => ResolveAsync(id, Resolution.Cancel, http, record, db, time))
            .WithName("CancelTransfer")
            .WithSummary("The member who asked for a pending exchange withdraws it (status Cancelled): no hours move. Send an Idempotency-Key header.")
            .Produces<TransferDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/reports", TimeBankReports.GetAsync)
            .WithSummary("The Tijdbank report of a leerregio (optionally one wijk) over a period (from, to: yyyy-MM-dd, both included): contributed hours by kind and contributor group, active and new members, pool movements, social value. For coordinators and researchers.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapConversions();
        return app;
    }

    /// <summary>Accounts this member may see: their own, the pool and conversion account of their leerregio's, all of a leerregio they manage.</summary>
    internal static IQueryable<TimeAccount> Visible(this IQueryable<TimeAccount> accounts, ClaimsPrincipal user)
    {
        var userId = user.UserId();
        var member = user.MemberOf().ToList();
        var managed = member.Where(user.CanManage).ToList();
        return accounts.Where(a => a.UserId == userId || managed.Contains(a.LeerregioId)
            || (member.Contains(a.LeerregioId) && (a.Kind == TimeAccountKind.Pool || a.Kind == TimeAccountKind.Conversion)));
    }

    internal static async Task<List<AccountDto>> ToDtosAsync(GrozDbContext db, List<TimeAccount> accounts, CancellationToken ct = default)
    {
        var ids = accounts.Select(a => a.Id).ToList();
        var totals = await db.TimeEntries.Where(e => ids.Contains(e.AccountId)).GroupBy(e => e.AccountId)
            .Select(g => new { g.Key, Received = g.Where(e => e.Minutes > 0).Sum(e => e.Minutes), Given = g.Where(e => e.Minutes < 0).Sum(e => -e.Minutes) })
            .ToDictionaryAsync(x => x.Key, ct);
        return accounts.Select(a => new AccountDto(a.Id, a.LeerregioId, a.Kind.ToString(), a.Name, a.BalanceMinutes, a.MinMinutes, a.MaxMinutes,
            totals.TryGetValue(a.Id, out var t) ? t.Given : 0, totals.TryGetValue(a.Id, out var r) ? r.Received : 0)).ToList();
    }

    private static async Task<Results<Ok<Paged<AccountDto>>, ProblemHttpResult>> ListAccountsAsync(HttpContext http, GrozDbContext db, Banks banks,
        UserManager<GrozUser> users, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > 200)
        {
            return (ProblemHttpResult)Errors.Problem(http, 400, "invalid-paging", "page ≥ 1, pageSize 1–200");
        }
        // A member's own account in their leerregio opens on first use.
        if (await users.GetUserAsync(http.User) is { LeerregioId: { } home, EmailConfirmed: true } me)
        {
            await banks.MemberAccountAsync(me, home);
        }
        var query = db.TimeAccounts.AsNoTracking().Visible(http.User);
        var total = await query.CountAsync();
        var items = await query.OrderBy(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();
        return TypedResults.Ok(new Paged<AccountDto>(await ToDtosAsync(db, items), page, pageSize, total));
    }

    private static async Task<Results<Ok<AccountDto>, NotFound>> GetAccountAsync(int id, HttpContext http, GrozDbContext db)
    {
        var account = await db.TimeAccounts.AsNoTracking().Visible(http.User).FirstOrDefaultAsync(a => a.Id == id);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok((await ToDtosAsync(db, [account]))[0]);
    }

    private static async Task<Results<Ok<Paged<StatementLine>>, NotFound, ProblemHttpResult>> ListTransfersAsync(HttpContext http, GrozDbContext db,
        int? accountId, int page = 1, int pageSize = 50)
    {
        if (accountId is null || page < 1 || pageSize is < 1 or > 200)
        {
            return (ProblemHttpResult)Errors.Problem(http, 400, "invalid-paging", "accountId is required; page ≥ 1, pageSize 1–200");
        }
        var account = await db.TimeAccounts.AsNoTracking().Visible(http.User).FirstOrDefaultAsync(a => a.Id == accountId);
        if (account is null)
        {
            return TypedResults.NotFound();
        }
        var (lines, total) = await Statement.PageAsync(db, account, page, pageSize);
        return TypedResults.Ok(new Paged<StatementLine>(lines, page, pageSize, total));
    }

    private static async Task<IResult> CreateTransferAsync(NewTransfer input, HttpContext http, RecordTransfer record, GrozDbContext db, TimeProvider time)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var missing = new Dictionary<string, string[]>();
        Require(missing, "kind", input.Kind is null, l["Choose the kind of transfer."]);
        Require(missing, "fromAccountId", input.FromAccountId is null, l["Choose the account the hours come from."]);
        Require(missing, "toAccountId", input.ToAccountId is null && input.ToAccountIds is not { Length: > 0 }, l["Choose who receives the hours."]);
        Require(missing, "minutes", input.Minutes is null, l["Fill in a number of minutes above zero."]);
        Require(missing, "description", input.Description is null, l["Describe in a few words what the hours are for (at most 500 characters)."]);
        if (missing.Count > 0)
        {
            return Invalid(http, missing);
        }
        var receivers = input.ToAccountIds is { Length: > 0 } many ? many : input.ToAccountId is { } one ? [one] : [];
        var command = new TransferCommand(input.Kind!.Value, input.FromAccountId!.Value, receivers, input.Minutes!.Value, input.Description!, Theme: input.Theme);
        return await IdempotentAsync<Transfer>(http, db, time, JsonSerializer.Serialize(input, Json),
            async (claim, save) => (await record.ExecuteAsync(http.User, command, claim, save, http.RequestAborted)).ToOutcome(),
            TransferToDtoAsync, TransferLocation);
    }

    private static readonly Func<Transfer, Task<object>> TransferToDtoAsync = t => Task.FromResult<object>(ToDto(t));
    private static readonly Func<Transfer, string> TransferLocation = t => $"/api/v1/timebank/transfers/{t.Id}";

    private static async Task<Results<Ok<TransferDto>, NotFound>> GetTransferAsync(long id, HttpContext http, GrozDbContext db, Banks banks, RecordTransfer record)
    {
        var transfer = await db.Transfers.AsNoTracking().Include(t => t.Entries).FirstOrDefaultAsync(t => t.Id == id);
        if (transfer is null)
        {
            return TypedResults.NotFound();
        }
        // For the members it concerns and the coordinators of its leerregio; not for every member who may read the pool.
        var accountIds = transfer.Entries.Select(e => e.AccountId).Append(transfer.FromAccountId).Append(transfer.ToAccountId).ToList();
        var userId = http.User.UserId();
        if (!http.User.CanManage(transfer.LeerregioId) && !await db.TimeAccounts.AnyAsync(a => accountIds.Contains(a.Id) && a.UserId == userId))
        {
            return TypedResults.NotFound();
        }
        await record.ExpireIfDueAsync(transfer, await banks.EnsureAsync(transfer.LeerregioId));
        return TypedResults.Ok(ToDto(transfer));
    }

    private static async Task<IResult> ResolveAsync(long id, Resolution resolution, HttpContext http, RecordTransfer record, GrozDbContext db, TimeProvider time)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        return await IdempotentAsync(http, db, time, $"{resolution}:{id}",
            save => record.ResolveAsync(http.User, id, resolution, save, http.RequestAborted), successStatus: 200);
    }

    private static async Task<IResult> ReverseAsync(long id, NewReversal input, HttpContext http, RecordTransfer record, GrozDbContext db, TimeProvider time)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (input.Reason is null)
        {
            var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            return Invalid(http, new() { ["reason"] = [l["Give the reason for the correction (at most 500 characters)."]] });
        }
        return await IdempotentAsync(http, db, time, $"reversal:{id}:" + JsonSerializer.Serialize(input, Json),
            save => record.ReverseAsync(http.User, id, input.Reason!, save, http.RequestAborted));
    }

    private static Task<IResult> IdempotentAsync(HttpContext http, GrozDbContext db, TimeProvider time, string canonicalRequest,
        Func<Func<Transfer, Task>, Task<TransferResult>> write, int successStatus = 201) =>
        IdempotentAsync<Transfer>(http, db, time, canonicalRequest, async save => (await write(save)).ToOutcome(),
            TransferToDtoAsync, TransferLocation, successStatus);

    internal static Task<IResult> IdempotentAsync<T>(HttpContext http, GrozDbContext db, TimeProvider time, string canonicalRequest,
        Func<Func<T, Task>, Task<Outcome<T>>> write, Func<T, Task<object>> toDto, Func<T, string>? location, int successStatus = 201) where T : class =>
        IdempotentAsync<T>(http, db, time, canonicalRequest, (_, save) => write(save), toDto, location, successStatus);

    /// <summary>
    /// Runs a write once per Idempotency-Key. The first answer is stored in the transaction of the write itself,
    /// under a unique (user, key) index: a concurrent duplicate fails on that index, its own writes roll back,
    /// and it returns the stored answer. The same key with other content gets 409. Every Tijdbank write endpoint
    /// goes through here: <paramref name="write"/> calls the callback it is given inside its transaction, before its last save,
    /// or (a write that stores the record itself, in the same statement as its rows) uses the claim and sets its StoredJson.
    /// The answer is serialised once: what is stored is what is sent.
    /// </summary>
    internal static async Task<IResult> IdempotentAsync<T>(HttpContext http, GrozDbContext db, TimeProvider time, string canonicalRequest,
        Func<IdempotencyClaim<T>?, Func<T, Task>, Task<Outcome<T>>> write, Func<T, Task<object>> toDto, Func<T, string>? location, int successStatus = 201) where T : class
    {
        string? key = http.Request.Headers[IdempotencyHeader];
        if (key is not null && (key.Length is 0 or > 100 || key.Any(char.IsControl)))
        {
            return Errors.Problem(http, 400, "invalid-idempotency-key", "1–100 printable characters");
        }
        var userId = http.User.UserId()!;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        if (key is not null && await StoredAsync(db, userId, key) is { } earlier)
        {
            return Replay(http, earlier, hash);
        }
        Outcome<T> result;
        string? json = null;
        async Task<string> SerializeAsync(T value) => JsonSerializer.Serialize(await toDto(value), Json);
        var claim = key is null ? null : new IdempotencyClaim<T>(userId, key, hash, successStatus, time.GetUtcNow(), SerializeAsync);
        try
        {
            result = await write(claim, async value =>
            {
                json = await SerializeAsync(value);
                if (claim is not null)
                {
                    // Saved by the write together with its rows, in its transaction (one round trip fewer while accounts are locked).
                    db.IdempotencyKeys.Add(claim.ToRecord(json));
                }
            });
        }
        catch (DbUpdateException) when (key is not null)
        {
            // A duplicate that ran at the same moment lost the race on the unique key: its writes rolled back.
            db.ChangeTracker.Clear();
            var winner = await StoredAsync(db, userId, key);
            return winner is null ? Errors.Problem(http, 409, "conflict") : Replay(http, winner, hash);
        }
        if (result.Value is null && key is not null && await StoredAsync(db, userId, key) is { } meanwhile)
        {
            // The duplicate finished first and used up the room under a limit: answer as it did.
            return Replay(http, meanwhile, hash);
        }
        if (result.Value is not { } value)
        {
            var problem = Errors.Problem(http, result.Status, result.Code!, result.Message);
            var fields = result.FieldErrors ?? (result.Field is { } f ? new Dictionary<string, string> { [f] = result.Message! } : null);
            return result.Status == 400 && fields is not null
                ? TypedResults.ValidationProblem(fields.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { e.Value }),
                    type: Errors.TypeUri(result.Code!), title: Errors.Title(http, result.Code!))
                : problem;
        }
        json = claim?.StoredJson ?? json ?? await SerializeAsync(result.Value);
        if (successStatus == 201 && location is not null)
        {
            http.Response.Headers.Location = location(result.Value);
        }
        return Results.Content(json, "application/json", Encoding.UTF8, successStatus);
    }

    private static void Require(Dictionary<string, string[]> errors, string field, bool missing, string message)
    {
        if (missing)
        {
            errors[field] = [message];
        }
    }

    /// <summary>Field errors under the JSON names the client sent, in the caller's language, with the one validation type.</summary>
    private static IResult Invalid(HttpContext http, Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, type: Errors.TypeUri("validation"), title: Errors.Title(http, "validation"));

    private static Task<IdempotencyRecord?> StoredAsync(GrozDbContext db, string userId, string key) =>
        db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.UserId == userId && k.Key == key);

    private static IResult Replay(HttpContext http, IdempotencyRecord stored, string hash)
    {
        if (stored.RequestHash != hash)
        {
            return Errors.Problem(http, 409, "idempotency-key-reused");
        }
        http.Response.Headers["Idempotent-Replayed"] = "true";
        return Results.Content(stored.ResponseJson, "application/json", Encoding.UTF8, stored.StatusCode);
    }

    internal static TransferDto ToDto(Transfer t) => new(t.Id, t.Kind.ToString(), t.Status.ToString(), t.FromAccountId, t.ToAccountId, t.Minutes, t.Description,
        t.CreatedAt, t.RecordedOnBehalf, t.ReversesTransferId, t.Entries.Select(e => new EntryDto(e.AccountId, e.Minutes)).ToArray());
}

/// <summary>
/// What a write stores under the caller's Idempotency-Key with its own rows (<see cref="TimeBankApi.IdempotentAsync{T}(HttpContext, GrozDbContext, TimeProvider, string, Func{IdempotencyClaim{T}?, Func{T, Task}, Task{Outcome{T}}}, Func{T, Task{object}}, Func{T, string}?, int)"/>):
/// either as an entity in its transaction (<see cref="ToRecord"/>) or, by a write that stores it itself, with <see cref="StoredJson"/> set to the answer it stored.
/// </summary>
public sealed class IdempotencyClaim<T>(string userId, string key, string requestHash, int statusCode, DateTimeOffset createdAt, Func<T, Task<string>> serialize)
    where T : class
{
    public string UserId { get; } = userId;
    public string Key { get; } = key;
    public string RequestHash { get; } = requestHash;
    public int StatusCode { get; } = statusCode;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    /// <summary>The answer exactly as it was stored, once stored.</summary>
    public string? StoredJson { get; set; }

    public Task<string> SerializeAsync(T value) => serialize(value);

    public IdempotencyRecord ToRecord(string responseJson)
    {
        StoredJson = responseJson;
        return new IdempotencyRecord { UserId = UserId, Key = Key, RequestHash = RequestHash, StatusCode = StatusCode, ResponseJson = responseJson, CreatedAt = CreatedAt };
    }
}
