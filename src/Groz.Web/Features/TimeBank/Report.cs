using System.Globalization;
using System.Security.Claims;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>What a report covers: one leerregio, optionally one wijk, the days From to To (both included, Dutch time).</summary>
public sealed record ReportQuery(int LeerregioId, int? WijkId, DateOnly From, DateOnly To);

/// <summary>Minutes and the number of distinct accounts behind them, for one kind, group or theme.</summary>
public sealed record ReportLine(string Key, int Minutes, int Members);

public sealed record PoolMovements(int InMinutes, int OutMinutes, int BalanceAtEndMinutes);

/// <summary>Conversions to euros in the period: asked for, approved (a second person said yes) and paid (put in a SEPA file).</summary>
public sealed record ConversionFigures(int RequestedCount, int RequestedMinutes, decimal RequestedEuros,
    int ApprovedCount, decimal ApprovedEuros, int PaidCount, int PaidMinutes, decimal PaidEuros);

/// <summary>One funder's budget: what came in, was reserved for approved conversions and released again in the period, and what is left at its end.</summary>
public sealed record BudgetFigures(int BudgetId, string Funder, decimal DepositedEuros, decimal ReservedEuros, decimal ReleasedEuros, decimal RemainingAtEndEuros);

public sealed record TimeBankReport(
    DateOnly From, DateOnly To, int? WijkId,
    int ContributedMinutes, decimal SocialValuePerHour, decimal SocialValue,
    int ActiveMembers, int NewMembers,
    IReadOnlyList<ReportLine> ByKind, IReadOnlyList<ReportLine> ByGroup, IReadOnlyList<ReportLine> ByTheme,
    PoolMovements Pool, ConversionFigures Conversions, IReadOnlyList<BudgetFigures> Budgets);

/// <summary>
/// The figures coordinators and funders ask of a Tijdbank, computed by the database from the ledger itself (the
/// entries), so a report can never disagree with the statements. Definitions, also shown beside the report:
/// <list type="bullet">
/// <item>Contributed hours: hours members and organisations earned for what they gave: exchanges, purchases (a service
/// or product of an entrepreneur), grants and group payments from the pool. Donations only pass hours on and
/// conversions cash them in, so neither adds to it. A reversal counts against the kind it corrects, in the period of the reversal.</item>
/// <item>Wijk: the wijk of the member who earned the hours (for an organisation: of its contact).</item>
/// <item>Contributor group: the roles resident, volunteer, informal carer, entrepreneur, professional and student; a
/// member with two of them counts in both, so the groups can add up to more than the total.</item>
/// <item>Theme: of the offer, request or product the hours were for; hours without one (a grant, a payment outside
/// vraag en aanbod) count under "no theme" (key "").</item>
/// <item>Active members: accounts with any movement in the period; new members: accounts opened in it.</item>
/// <item>Social value: contributed hours × the bank's euro value per hour.</item>
/// <item>Conversions: asked for in the period (by the date of the request), approved in it, and paid in it (the date
/// of the SEPA file); with a wijk, those of members who live there. Budgets belong to the leerregio and are not split.</item>
/// </list>
/// </summary>
public sealed class TimeBankReports(GrozDbContext db, Banks banks)
{
    public static readonly TransferKind[] Contributing = [TransferKind.Exchange, TransferKind.Purchase, TransferKind.Grant, TransferKind.Bulk];

    public static readonly GrozRole[] Groups = [GrozRole.Resident, GrozRole.Volunteer, GrozRole.InformalCarer, GrozRole.Entrepreneur, GrozRole.Professional, GrozRole.Student];

    /// <summary>The longest period one report covers; longer ones are a sum of reports, not one slow query.</summary>
    public const int MaxDays = 3660;

    /// <summary>Coordinators and administrators of the leerregio, and its researchers: aggregates only, no names.</summary>
    public static bool MayRead(ClaimsPrincipal user, int leerregioId) =>
        user.CanManage(leerregioId) || user.HasRole(GrozRole.Researcher, leerregioId);

    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    public sealed record Problem(string Field, string Message);

    /// <summary>The one check of a requested period and wijk, for the page (ModelState) and the API (ValidationProblem).</summary>
    public static Problem? Check(string? from, string? to, int? wijkId, IEnumerable<int> wijkIds, IStringLocalizer l)
    {
        if (ParseDay(from) is not { } start)
        {
            return new Problem("From", l["Fill in a start date as year-month-day, e.g. 2026-01-01."]);
        }
        if (ParseDay(to) is not { } end)
        {
            return new Problem("To", l["Fill in an end date as year-month-day, e.g. 2026-12-31."]);
        }
        if (end < start)
        {
            return new Problem("To", l["The end date is before the start date."]);
        }
        if (end.DayNumber - start.DayNumber >= MaxDays)
        {
            return new Problem("To", l["A report covers at most ten years."]);
        }
        if (wijkId is { } w && !wijkIds.Contains(w))
        {
            return new Problem("WijkId", l["Choose a wijk of this leerregio."]);
        }
        return null;
    }

    /// <summary>The report as a spreadsheet-friendly CSV (UTF-8 with BOM; ";" in Dutch), one figure per row.</summary>
    public static byte[] Csv(TimeBankReport r, string leerregio, string? wijk, IStringLocalizer l, bool dutch)
    {
        var culture = dutch ? Localization.Dutch : CultureInfo.InvariantCulture;
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = dutch ? ";" : "," }))
        {
            void Row(string section, string item, object value, int? members = null)
            {
                // Funders, leerregio's and wijken are named by people: never let a spreadsheet read a name as a formula.
                csv.WriteField(StatementExport.AsText(section));
                csv.WriteField(StatementExport.AsText(item));
                csv.WriteField(Convert.ToString(value, culture));
                csv.WriteField(members?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.NextRecord();
            }
            Row(l["Section"], l["Item"], l["Minutes or euros"].Value);
            Row(l["Period"], $"{r.From:yyyy-MM-dd} – {r.To:yyyy-MM-dd}", "");
            Row(l["Area"], wijk is null ? leerregio : $"{leerregio}, {wijk}", "");
            Row(l["Totals"], l["Contributed hours (minutes)"], r.ContributedMinutes);
            Row(l["Totals"], l["Social value (euros)"], r.SocialValue);
            Row(l["Totals"], l["Active members"], r.ActiveMembers);
            Row(l["Totals"], l["New members"], r.NewMembers);
            foreach (var k in r.ByKind)
            {
                Row(l["By kind (minutes)"], l[$"timebank.kind.{k.Key}"], k.Minutes, k.Members);
            }
            foreach (var g in r.ByGroup)
            {
                Row(l["By contributor group (minutes)"], l[$"role.{g.Key}"], g.Minutes, g.Members);
            }
            foreach (var t in r.ByTheme)
            {
                Row(l["By theme (minutes)"], ThemeName(t.Key, l, dutch), t.Minutes, t.Members);
            }
            Row(l["Gemeenschapspot"], l["Received (minutes)"], r.Pool.InMinutes);
            Row(l["Gemeenschapspot"], l["Granted (minutes)"], r.Pool.OutMinutes);
            Row(l["Gemeenschapspot"], l["Balance at the end (minutes)"], r.Pool.BalanceAtEndMinutes);
            var c = r.Conversions;
            Row(l["Conversions"], l["Requested (number)"], c.RequestedCount);
            Row(l["Conversions"], l["Requested (minutes)"], c.RequestedMinutes);
            Row(l["Conversions"], l["Requested (euros)"], c.RequestedEuros);
            Row(l["Conversions"], l["Approved (number)"], c.ApprovedCount);
            Row(l["Conversions"], l["Approved (euros)"], c.ApprovedEuros);
            Row(l["Conversions"], l["Paid (number)"], c.PaidCount);
            Row(l["Conversions"], l["Paid (minutes)"], c.PaidMinutes);
            Row(l["Conversions"], l["Paid (euros)"], c.PaidEuros);
            foreach (var b in r.Budgets)
            {
                var section = $"{l["Budget"]}: {b.Funder}";
                Row(section, l["Deposited (euros)"], b.DepositedEuros);
                Row(section, l["Reserved (euros)"], b.ReservedEuros);
                Row(section, l["Released (euros)"], b.ReleasedEuros);
                Row(section, l["Left at the end (euros)"], b.RemainingAtEndEuros);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>GET /api/v1/timebank/reports: the same report and checks as the page.</summary>
    internal static async Task<IResult> GetAsync(HttpContext http, GrozDbContext db, TimeBankReports reports, int? leerregioId, int? wijkId, string? from, string? to)
    {
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (leerregioId is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["leerregioId"] = [l["Choose a leerregio."]] });
        }
        if (!MayRead(http.User, leerregioId.Value) || !await db.Leerregios.AnyAsync(x => x.Id == leerregioId))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var wijken = await db.Wijken.Where(w => w.LeerregioId == leerregioId).Select(w => w.Id).ToListAsync();
        if (Check(from, to, wijkId, wijken, l) is { } problem)
        {
            var field = char.ToLowerInvariant(problem.Field[0]) + problem.Field[1..];
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem.Message] });
        }
        return TypedResults.Ok(await reports.BuildAsync(new ReportQuery(leerregioId.Value, wijkId, ParseDay(from)!.Value, ParseDay(to)!.Value)));
    }

    // A class with init properties, not a positional record: EF can keep composing a query over member-init projections only.
    public static string ThemeName(string code, IStringLocalizer l, bool dutch) =>
        code.Length == 0 ? l["No theme"] : Shared.Themes.Name(code, dutch);

    private sealed class Movement
    {
        public int Minutes { get; init; }
        public TransferKind Kind { get; init; }
        public bool Credited { get; init; }
        public int AccountId { get; init; }
        public TimeAccountKind AccountKind { get; init; }
        public string? UserId { get; init; }
        public int? WijkId { get; init; }
        public string? Theme { get; init; }
    }

    public async Task<TimeBankReport> BuildAsync(ReportQuery q, CancellationToken ct = default)
    {
        var settings = await banks.EnsureAsync(q.LeerregioId, ct);
        var (from, to) = (TimeBankPages.StartOfDay(q.From), TimeBankPages.StartOfDay(q.To.AddDays(1)));

        var members = Movements(q.LeerregioId, from, to)
            .Where(m => m.AccountKind == TimeAccountKind.Member || m.AccountKind == TimeAccountKind.Organisation)
            .Where(m => q.WijkId == null || m.WijkId == q.WijkId);
        var credited = members.Where(m => m.Credited);

        // Per account first, so that "members" counts those who earned on balance: a member whose only exchange was
        // reversed in the period earned nothing and is not counted. At most accounts × kinds rows.
        var perKind = await credited.GroupBy(m => new { m.Kind, m.AccountId })
            .Select(g => new { g.Key.Kind, Minutes = g.Sum(m => m.Minutes) })
            .ToListAsync(ct);
        var groupRoles = db.RoleAssignments.Where(r => r.LeerregioId == q.LeerregioId && Groups.Contains(r.Role))
            .Select(r => new { r.UserId, r.Role }).Distinct();
        var perGroup = await credited.Where(m => Contributing.Contains(m.Kind))
            .Join(groupRoles, m => m.UserId, r => r.UserId, (m, r) => new { m.Minutes, m.AccountId, r.Role })
            .GroupBy(x => new { x.Role, x.AccountId })
            .Select(g => new { g.Key.Role, Minutes = g.Sum(x => x.Minutes) })
            .ToListAsync(ct);

        var perTheme = await credited.Where(m => Contributing.Contains(m.Kind))
            .GroupBy(m => new { m.Theme, m.AccountId })
            .Select(g => new { g.Key.Theme, Minutes = g.Sum(m => m.Minutes) })
            .ToListAsync(ct);

        var active = await members.Select(m => m.AccountId).Distinct().CountAsync(ct);
        var opened = await db.TimeAccounts
            .Where(a => a.LeerregioId == q.LeerregioId && (a.Kind == TimeAccountKind.Member || a.Kind == TimeAccountKind.Organisation)
                && a.CreatedAt >= from && a.CreatedAt < to)
            .Where(a => q.WijkId == null || db.Users.Any(u => u.Id == a.UserId && u.WijkId == q.WijkId))
            .CountAsync(ct);

        // The pool belongs to the whole leerregio: its movements are not split by wijk.
        var pool = await banks.PoolAsync(q.LeerregioId, ct);
        var poolEntries = db.TimeEntries.Where(e => e.AccountId == pool.Id);
        var poolInPeriod = await poolEntries.Where(e => e.At >= from && e.At < to)
            .GroupBy(_ => 1)
            .Select(g => new { In = g.Where(e => e.Minutes > 0).Sum(e => e.Minutes), Out = g.Where(e => e.Minutes < 0).Sum(e => -e.Minutes) })
            .FirstOrDefaultAsync(ct);
        var poolAtEnd = await poolEntries.Where(e => e.At < to).SumAsync(e => e.Minutes, ct);

        var conversions = await ConversionsAsync(q, from, to, ct);
        var budgets = await BudgetsAsync(q.LeerregioId, from, to, ct);

        var contributed = perKind.Where(k => Contributing.Contains(k.Kind)).Sum(k => k.Minutes);
        return new TimeBankReport(q.From, q.To, q.WijkId,
            contributed, settings.SocialValuePerHour, Math.Round(contributed * settings.SocialValuePerHour / 60m, 2, MidpointRounding.AwayFromZero),
            active, opened,
            Enum.GetValues<TransferKind>().Where(k => k != TransferKind.Reversal)
                .Select(k => Line(k.ToString(), perKind.Where(x => x.Kind == k).Select(x => x.Minutes)))
                .ToList(),
            Groups.Select(r => Line(r.ToString(), perGroup.Where(x => x.Role == r).Select(x => x.Minutes)))
                .ToList(),
            Shared.Themes.All.Select(t => t.Code).Append("")
                .Select(code => Line(code, perTheme.Where(x => (x.Theme ?? "") == code).Select(x => x.Minutes)))
                .ToList(),
            new PoolMovements(poolInPeriod?.In ?? 0, poolInPeriod?.Out ?? 0, poolAtEnd), conversions, budgets);

        static ReportLine Line(string key, IEnumerable<int> perAccount)
        {
            var minutes = perAccount.ToList();
            return new ReportLine(key, minutes.Sum(), minutes.Count(m => m > 0));
        }
    }

    // Euros are stored as cents through a value converter, which SQL sums cannot see through; a leerregio has
    // hundreds of conversions and budget movements a year, so they are added up here.
    private async Task<ConversionFigures> ConversionsAsync(ReportQuery q, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var inScope = db.Conversions.AsNoTracking().Where(c => c.LeerregioId == q.LeerregioId)
            .Where(c => q.WijkId == null || db.TimeAccounts.Any(a => a.Id == c.AccountId && db.Users.Any(u => u.Id == a.UserId && u.WijkId == q.WijkId)));
        var requested = await inScope.Where(c => c.CreatedAt >= from && c.CreatedAt < to)
            .Select(c => new { c.Minutes, c.AmountEuros }).ToListAsync(ct);
        var approved = await inScope.Where(c => c.DecidedAt >= from && c.DecidedAt < to
                && (c.Status == ConversionStatus.Approved || c.Status == ConversionStatus.Paid))
            .Select(c => c.AmountEuros).ToListAsync(ct);
        var paid = await inScope.Where(c => db.PayoutBatches.Any(b => b.Id == c.PayoutBatchId && b.CreatedAt >= from && b.CreatedAt < to))
            .Select(c => new { c.Minutes, c.AmountEuros }).ToListAsync(ct);
        return new ConversionFigures(requested.Count, requested.Sum(c => c.Minutes), requested.Sum(c => c.AmountEuros),
            approved.Count, approved.Sum(), paid.Count, paid.Sum(c => c.Minutes), paid.Sum(c => c.AmountEuros));
    }

    private async Task<List<BudgetFigures>> BudgetsAsync(int leerregioId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var budgets = await db.Budgets.AsNoTracking().Where(b => b.LeerregioId == leerregioId).OrderBy(b => b.Id).ToListAsync(ct);
        var ids = budgets.Select(b => b.Id).ToList();
        var movements = await db.BudgetMovements.AsNoTracking().Where(m => ids.Contains(m.BudgetId) && m.At < to)
            .Select(m => new { m.BudgetId, m.Kind, m.AmountEuros, m.At }).ToListAsync(ct);
        return budgets
            .Where(b => movements.Any(m => m.BudgetId == b.Id))
            .Select(b =>
            {
                var mine = movements.Where(m => m.BudgetId == b.Id).ToList();
                decimal InPeriod(BudgetMovementKind kind) => mine.Where(m => m.Kind == kind && m.At >= from).Sum(m => Math.Abs(m.AmountEuros));
                return new BudgetFigures(b.Id, b.Funder, InPeriod(BudgetMovementKind.Deposit), InPeriod(BudgetMovementKind.Reservation),
                    InPeriod(BudgetMovementKind.Release), mine.Sum(m => m.AmountEuros));
            })
            .ToList();
    }

    /// <summary>
    /// Every entry of the period with what it was for. A reversal's entries count as the kind they correct, with
    /// their own (opposite) sign, so "credited" is the side that earned on the original transfer: positive there,
    /// negative on its reversal.
    /// </summary>
    private IQueryable<Movement> Movements(int leerregioId, DateTimeOffset start, DateTimeOffset end) =>
        from e in db.TimeEntries
        join t in db.Transfers on e.TransferId equals t.Id
        join a in db.TimeAccounts on e.AccountId equals a.Id
        join o in db.Transfers on t.ReversesTransferId equals (long?)o.Id into originals
        from o in originals.DefaultIfEmpty()
        join u in db.Users on a.UserId equals u.Id into users
        from u in users.DefaultIfEmpty()
        where a.LeerregioId == leerregioId && e.At >= start && e.At < end
        select new Movement
        {
            Minutes = e.Minutes,
            Kind = o == null ? t.Kind : o.Kind,
            Credited = o == null ? e.Minutes > 0 : e.Minutes < 0,
            AccountId = a.Id,
            AccountKind = a.Kind,
            UserId = a.UserId,
            WijkId = u == null ? null : u.WijkId,
            Theme = o == null ? t.Theme : o.Theme,
        };
}
