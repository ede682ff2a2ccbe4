using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>
/// /api/v1/timebank: conversions of hours into euros, budgets, rates and SEPA payout batches. Every write takes an
/// Idempotency-Key (the Tijdbank's one helper) and every refusal is a ProblemDetails. Who sees what:
/// a member their own conversions and the rates of their leerregio; a coordinator of the leerregio everything in it.
/// A leerregio one has nothing to do with does not exist (404); one's own leerregio without the role: 403.
/// </summary>
public static class ConversionApi
{
    public sealed record ConversionDto(long Id, int LeerregioId, int AccountId, string Status, int Minutes, decimal EurosPerHour, decimal AmountEuros,
        DateOnly RequestDate, string Iban, string AccountHolder, long TransferId, long? ReversalTransferId, int? BudgetId, string? DecisionReason,
        DateTimeOffset? DecidedAt, long? PayoutBatchId, DateTimeOffset CreatedAt);
    public sealed record MovementDto(long Id, string Kind, decimal AmountEuros, long? ConversionId, DateTimeOffset At);
    public sealed record BudgetDto(int Id, int LeerregioId, string Funder, decimal AmountEuros, decimal RemainingEuros, DateOnly PeriodFrom, DateOnly PeriodTo,
        int? WijkId, IReadOnlyList<MovementDto>? Movements);
    public sealed record RateDto(int Id, int LeerregioId, decimal EurosPerHour, DateOnly ValidFrom);
    public sealed record BatchDto(long Id, int LeerregioId, string MessageId, int NumberOfTransactions, decimal ControlSum, DateOnly RequestedExecutionDate,
        DateTimeOffset CreatedAt, string XmlUrl);

    public sealed record NewConversion(int? AccountId, int? Minutes, string? Iban, string? AccountHolder);
    public sealed record Approval(int? BudgetId, string? Note);
    public sealed record Rejection(string? Reason);
    public sealed record NewBudget(int? LeerregioId, string? Funder, decimal? AmountEuros, DateOnly? PeriodFrom, DateOnly? PeriodTo, int? WijkId);
    public sealed record NewRate(int? LeerregioId, decimal? EurosPerHour, DateOnly? ValidFrom);
    public sealed record NewBatch(int? LeerregioId, DateOnly? RequestedExecutionDate);

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    internal static void MapConversions(this RouteGroupBuilder api)
    {
        api.MapGet("/conversions", ListAsync).WithSummary("Conversions of hours into euros, newest first (paged): a member's own, a coordinator's those of the leerregio's they manage. Optional status filter.");
        api.MapGet("/conversions/{id:long}", GetAsync).WithSummary("One conversion (the IBAN masked).").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/conversions", RequestAsync).DisableValidation()
            .WithSummary("Ask to convert hours into euros at today's rate. The hours move to the conversion account at once; a coordinator approves or refuses. Send an Idempotency-Key header.")
            .Produces<ConversionDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/conversions/{id:long}/approve", ApproveAsync).DisableValidation()
            .WithSummary("A coordinator of the leerregio who did not ask for it approves: the amount is taken from a budget (or the one given). Send an Idempotency-Key header.")
            .Produces<ConversionDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/conversions/{id:long}/reject", RejectAsync).DisableValidation()
            .WithSummary("A coordinator refuses a pending conversion, or cancels an approved one not yet exported, with a reason: the hours go back, a reservation is released. Send an Idempotency-Key header.")
            .Produces<ConversionDto>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/budgets", ListBudgetsAsync).WithSummary("The budgets of a leerregio (coordinators) with their remaining amounts; leerregioId defaults to your own.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/budgets/{id:int}", GetBudgetAsync).WithSummary("One budget with all its movements (coordinators).").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/budgets", AddBudgetAsync).DisableValidation()
            .WithSummary("Add a budget: funder, amount in euros, period, optionally a wijk (coordinators). Send an Idempotency-Key header.")
            .Produces<BudgetDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/rates", ListRatesAsync).WithSummary("The conversion rates of a leerregio (euros per hour from a date), newest first; leerregioId defaults to your own.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/rates", AddRateAsync).DisableValidation()
            .WithSummary("Add a rate from a date (today or later; rates are never edited) (coordinators). Send an Idempotency-Key header.")
            .Produces<RateDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/payout-batches", ListBatchesAsync).WithSummary("The SEPA payout batches of a leerregio (coordinators), newest first.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/payout-batches", ExportAsync).DisableValidation()
            .WithSummary("Export all approved, not yet exported payouts as one SEPA credit transfer (pain.001.001.03) and mark them paid (coordinators). Send an Idempotency-Key header.")
            .Produces<BatchDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/payout-batches/{id:long}/xml", XmlAsync)
            .WithSummary("The batch's pain.001.001.03 file, as it was made (coordinators; audited).")
            .Produces(StatusCodes.Status200OK, contentType: "application/xml").ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static ConversionDto ToDto(ConversionRequest c) => new(c.Id, c.LeerregioId, c.AccountId, c.Status.ToString(), c.Minutes, c.EurosPerHour, c.AmountEuros,
        c.RequestDate, c.IbanMasked, c.AccountHolder, c.TransferId, c.ReversalTransferId, c.BudgetId, c.DecisionReason, c.DecidedAt, c.PayoutBatchId, c.CreatedAt);

    public static BudgetDto ToDto(Budget b, IReadOnlyList<MovementDto>? movements = null) =>
        new(b.Id, b.LeerregioId, b.Funder, b.AmountEuros, b.RemainingEuros, b.PeriodFrom, b.PeriodTo, b.WijkId, movements);

    public static RateDto ToDto(ConversionRate r) => new(r.Id, r.LeerregioId, r.EurosPerHour, r.ValidFrom);

    public static BatchDto ToDto(PayoutBatch b) => new(b.Id, b.LeerregioId, b.MessageId, b.NumberOfTransactions, b.ControlSum, b.RequestedExecutionDate, b.CreatedAt,
        $"/api/v1/timebank/payout-batches/{b.Id}/xml");

    /// <summary>Conversions this member may see: their own requests and all of the leerregio's they manage.</summary>
    internal static IQueryable<ConversionRequest> Visible(this IQueryable<ConversionRequest> conversions, ClaimsPrincipal user)
    {
        var userId = user.UserId();
        var managed = user.MemberOf().Where(user.CanManage).ToList();
        return conversions.Where(c => c.RequestedByUserId == userId || managed.Contains(c.LeerregioId));
    }

    private static IResult? WriteScope(HttpContext http) => http.User.HasScope("write") ? null : Errors.Problem(http, 403, "write-scope-required");

    /// <summary>The leerregio asked for (default: the caller's own), or why not: 404 when it is not theirs at all, 403 when they may not manage it.</summary>
    private static IResult? Leerregio(HttpContext http, int? asked, bool manage, out int leerregioId)
    {
        leerregioId = asked ?? http.User.HomeLeerregioId() ?? 0;
        var user = http.User;
        if (!user.MemberOf().Contains(leerregioId) && !user.CanManage(leerregioId))
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        return manage && !user.CanManage(leerregioId) ? Errors.Problem(http, 403, "coordinators-only") : null;
    }

    private static async Task<IResult> ListAsync(HttpContext http, GrozDbContext db, string? status = null, int page = 1, int pageSize = 50)
    {
        ConversionStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<ConversionStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Errors.Problem(http, 400, "invalid-paging", "status: Pending, Approved, Rejected or Paid");
            }
            filter = parsed;
        }
        if (page < 1 || pageSize is < 1 or > 200)
        {
            return Errors.Problem(http, 400, "invalid-paging", "page ≥ 1, pageSize 1–200");
        }
        var query = db.Conversions.AsNoTracking().Visible(http.User);
        if (filter is { } f)
        {
            query = query.Where(c => c.Status == f);
        }
        var total = await query.CountAsync();
        var items = await query.OrderByDescending(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();
        return TypedResults.Ok(new TimeBankApi.Paged<ConversionDto>(items.Select(ToDto).ToList(), page, pageSize, total));
    }

    private static async Task<Results<Ok<ConversionDto>, NotFound>> GetAsync(long id, HttpContext http, GrozDbContext db)
    {
        var c = await db.Conversions.AsNoTracking().Visible(http.User).FirstOrDefaultAsync(x => x.Id == id);
        return c is null ? TypedResults.NotFound() : TypedResults.Ok(ToDto(c));
    }

    private static async Task<IResult> RequestAsync(NewConversion input, HttpContext http, Conversions conversions, GrozDbContext db, TimeProvider time)
    {
        if (WriteScope(http) is { } refused)
        {
            return refused;
        }
        if (input.Minutes is null)
        {
            var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["minutes"] = [l["Fill in a number of minutes above zero."]] },
                type: Errors.TypeUri("validation"), title: Errors.Title(http, "validation"));
        }
        var command = new Conversions.RequestInput(input.AccountId, input.Minutes.Value, input.Iban, input.AccountHolder);
        return await TimeBankApi.IdempotentAsync<ConversionRequest>(http, db, time, "conversion:" + JsonSerializer.Serialize(input, Canonical),
            save => conversions.RequestAsync(http.User, command, save, http.RequestAborted), c => Task.FromResult<object>(ToDto(c)), c => $"/api/v1/timebank/conversions/{c.Id}");
    }

    private static async Task<IResult> ApproveAsync(long id, Approval? input, HttpContext http, Conversions conversions, GrozDbContext db, TimeProvider time)
    {
        input ??= new Approval(null, null);
        return WriteScope(http) ?? await TimeBankApi.IdempotentAsync<ConversionRequest>(http, db, time, $"approve:{id}:" + JsonSerializer.Serialize(input, Canonical),
            save => conversions.ApproveAsync(http.User, id, input.BudgetId, input.Note, save, http.RequestAborted),
            c => Task.FromResult<object>(ToDto(c)), c => $"/api/v1/timebank/conversions/{c.Id}", successStatus: 200);
    }

    private static async Task<IResult> RejectAsync(long id, Rejection? input, HttpContext http, Conversions conversions, GrozDbContext db, TimeProvider time)
    {
        input ??= new Rejection(null);
        return WriteScope(http) ?? await TimeBankApi.IdempotentAsync<ConversionRequest>(http, db, time, $"reject:{id}:" + JsonSerializer.Serialize(input, Canonical),
            save => conversions.RejectAsync(http.User, id, input.Reason, save, http.RequestAborted),
            c => Task.FromResult<object>(ToDto(c)), c => $"/api/v1/timebank/conversions/{c.Id}", successStatus: 200);
    }

    private static async Task<IResult> ListBudgetsAsync(HttpContext http, GrozDbContext db, int? leerregioId = null)
    {
        if (Leerregio(http, leerregioId, manage: true, out var id) is { } refused)
        {
            return refused;
        }
        var budgets = await db.Budgets.AsNoTracking().Where(b => b.LeerregioId == id).OrderByDescending(b => b.PeriodTo).ThenBy(b => b.Id).ToListAsync();
        return TypedResults.Ok(budgets.Select(b => ToDto(b)).ToList());
    }

    private static async Task<IResult> GetBudgetAsync(int id, HttpContext http, GrozDbContext db)
    {
        var budget = await db.Budgets.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id);
        if (budget is null || !http.User.CanManage(budget.LeerregioId))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var movements = await db.BudgetMovements.AsNoTracking().Where(m => m.BudgetId == id).OrderBy(m => m.Id)
            .Select(m => new MovementDto(m.Id, m.Kind.ToString(), m.AmountEuros, m.ConversionId, m.At)).ToListAsync();
        return TypedResults.Ok(ToDto(budget, movements));
    }

    private static async Task<IResult> AddBudgetAsync(NewBudget input, HttpContext http, Conversions conversions, GrozDbContext db, TimeProvider time)
    {
        if (WriteScope(http) is { } scope)
        {
            return scope;
        }
        if (Leerregio(http, input.LeerregioId, manage: true, out var leerregioId) is { } refused)
        {
            return refused;
        }
        return await TimeBankApi.IdempotentAsync<Budget>(http, db, time, "budget:" + JsonSerializer.Serialize(input with { LeerregioId = leerregioId }, Canonical),
            save => conversions.AddBudgetAsync(http.User, leerregioId, new Conversions.BudgetInput(input.Funder, input.AmountEuros, input.PeriodFrom, input.PeriodTo, input.WijkId), save, http.RequestAborted),
            b => Task.FromResult<object>(ToDto(b)), b => $"/api/v1/timebank/budgets/{b.Id}");
    }

    private static async Task<IResult> ListRatesAsync(HttpContext http, GrozDbContext db, int? leerregioId = null)
    {
        if (Leerregio(http, leerregioId, manage: false, out var id) is { } refused)
        {
            return refused;
        }
        var rates = await db.ConversionRates.AsNoTracking().Where(r => r.LeerregioId == id).OrderByDescending(r => r.ValidFrom).ToListAsync();
        return TypedResults.Ok(rates.Select(ToDto).ToList());
    }

    private static async Task<IResult> AddRateAsync(NewRate input, HttpContext http, Conversions conversions, GrozDbContext db, TimeProvider time)
    {
        if (WriteScope(http) is { } scope)
        {
            return scope;
        }
        if (Leerregio(http, input.LeerregioId, manage: true, out var leerregioId) is { } refused)
        {
            return refused;
        }
        return await TimeBankApi.IdempotentAsync<ConversionRate>(http, db, time, "rate:" + JsonSerializer.Serialize(input with { LeerregioId = leerregioId }, Canonical),
            save => conversions.AddRateAsync(http.User, leerregioId, new Conversions.RateInput(input.EurosPerHour, input.ValidFrom), save, http.RequestAborted),
            r => Task.FromResult<object>(ToDto(r)), r => $"/api/v1/timebank/rates?leerregioId={r.LeerregioId}");
    }

    private static async Task<IResult> ListBatchesAsync(HttpContext http, GrozDbContext db, int? leerregioId = null)
    {
        if (Leerregio(http, leerregioId, manage: true, out var id) is { } refused)
        {
            return refused;
        }
        var batches = await db.PayoutBatches.AsNoTracking().Where(b => b.LeerregioId == id).OrderByDescending(b => b.Id).ToListAsync();
        return TypedResults.Ok(batches.Select(ToDto).ToList());
    }

    private static async Task<IResult> ExportAsync(NewBatch? input, HttpContext http, Conversions conversions, GrozDbContext db, TimeProvider time)
    {
        input ??= new NewBatch(null, null);
        if (WriteScope(http) is { } scope)
        {
            return scope;
        }
        if (Leerregio(http, input.LeerregioId, manage: true, out var leerregioId) is { } refused)
        {
            return refused;
        }
        return await TimeBankApi.IdempotentAsync<PayoutBatch>(http, db, time, "payout-batch:" + JsonSerializer.Serialize(input with { LeerregioId = leerregioId }, Canonical),
            save => conversions.ExportAsync(http.User, leerregioId, input.RequestedExecutionDate, save, http.RequestAborted),
            b => Task.FromResult<object>(ToDto(b)), b => $"/api/v1/timebank/payout-batches/{b.Id}");
    }

    private static async Task<IResult> XmlAsync(long id, HttpContext http, GrozDbContext db, Conversions conversions)
    {
        var batch = await db.PayoutBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id);
        if (batch is null || !http.User.CanManage(batch.LeerregioId))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var xml = await conversions.XmlAsync(batch, http.RequestAborted);
        return Results.File(Encoding.UTF8.GetBytes(xml), "application/xml", FileName(batch));
    }

    public static string FileName(PayoutBatch batch) => $"{batch.MessageId}.xml";
}
