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

public sealed record TimeBankReport(
    DateOnly From, DateOnly To, int? WijkId,
    int ContributedMinutes, decimal SocialValuePerHour, decimal SocialValue,
    int ActiveMembers, int NewMembers,
    IReadOnlyList<ReportLine> ByKind, IReadOnlyList<ReportLine> ByGroup, IReadOnlyList<ReportLine> ByTheme,
    PoolMovements Pool);

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
                csv.WriteField(section);
                csv.WriteField(item);
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
            new PoolMovements(poolInPeriod?.In ?? 0, poolInPeriod?.Out ?? 0, poolAtEnd));

        static ReportLine Line(string key, IEnumerable<int> perAccount)
        {
            var minutes = perAccount.ToList();
            return new ReportLine(key, minutes.Sum(), minutes.Count(m => m > 0));
        }
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
