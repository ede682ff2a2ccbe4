using System.Globalization;
using System.Security.Claims;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

/// <summary>What a Hulpvragen report covers: one leerregio, optionally one wijk, requests asked on the days From to To (both included, Dutch time).</summary>
public sealed record HelpReportQuery(int LeerregioId, int? WijkId, DateOnly From, DateOnly To);

/// <summary>A count by key (category, urgency, outcome). Null: suppressed, fewer than <see cref="HelpReport.SuppressBelow"/> (but not 0).</summary>
public sealed record HelpCount(string Key, int? Count);

public sealed record HelpCrossCount(string Category, string Urgency, int? Count);

/// <summary>
/// Deadlines met for one urgency: the first response (triage or any first step) and the match (a volunteer said yes, or
/// the request was referred to a service), each within, late, or not (yet) there. Within/late compare the moment with
/// the deadline stored on the request, which the leerregio's targets for that urgency set when it was asked or triaged.
/// </summary>
public sealed record HelpTargetLine(string Urgency, int? Requests, int FirstResponseTargetMinutes, int MatchTargetMinutes,
    int? FirstResponseWithin, int? FirstResponseLate, int? FirstResponseNone, int? MatchWithin, int? MatchLate, int? MatchNone);

/// <summary>The figures of one kind of request (personal help, or vitaal werken).</summary>
public sealed record HelpKindReport(string Kind, int? Total, int? Open, int? Closed,
    IReadOnlyList<HelpCount> ByCategory, IReadOnlyList<HelpCount> ByUrgency, IReadOnlyList<HelpCrossCount> ByCategoryAndUrgency,
    IReadOnlyList<HelpTargetLine> Targets, int? MatchedByVolunteers, int? ReferredToServices, IReadOnlyList<HelpCount> Outcomes,
    int? MedianMinutesToFirstResponse, int? MedianMinutesToMatch);

/// <summary><see cref="Suppressed"/>: small numbers were hidden for this reader (everyone but coordinators and administrators).</summary>
public sealed record HelpReport(DateOnly From, DateOnly To, int? WijkId, bool Suppressed, int SuppressBelow, IReadOnlyList<HelpKindReport> Kinds);

/// <summary>
/// The figures a funder asks of Hulpvragen, per kind (personal help and vitaal werken apart), per wijk and period.
/// Definitions, also shown beside the report:
/// <list type="bullet">
/// <item>A request counts in the period in which it was asked (created); its status and outcome are those of today.</item>
/// <item>Matched by volunteers: a volunteer said yes (it has a match moment). Referred to services: it was referred to a
/// Wijkportaal service or, for vitaal werken, to providers. One request can be both (first matched, later referred).</item>
/// <item>Time to match: to the volunteer's yes, or to the referral when there was no volunteer.</item>
/// <item>Medians in whole minutes (the lower middle value of an even count).</item>
/// <item>Small numbers: for everyone except coordinators and administrators, a count from 1 to SuppressBelow−1 shows as
/// "&lt; SuppressBelow", and a median over fewer than SuppressBelow requests is not shown.</item>
/// </list>
/// Only columns that survive pseudonymisation are read (kind, wijk, category, urgency, status, outcome, timestamps,
/// deadlines, the status history), so the report is the same before and after retention.
/// </summary>
public sealed class HelpReports(GrozDbContext db, HelpRequests help, IConfiguration configuration)
{
    /// <summary>The longest period one report covers.</summary>
    public const int MaxDays = 3660;

    public int SuppressBelow => Math.Max(1, configuration.GetValue("HelpRequests:SuppressBelow", 5));

    /// <summary>Coordinators, administrators and researchers read the whole leerregio; buurtassistenten their wijken.</summary>
    public static bool MayRead(ClaimsPrincipal user, int leerregioId) =>
        user.CanManage(leerregioId) || user.HasRole(GrozRole.Researcher, leerregioId) || HelpRequests.IsStaffOfLeerregio(user, leerregioId);

    /// <summary>Null: every wijk; otherwise the only wijken this reader may report on (a buurtassistent's own).</summary>
    public static List<int>? ReadableWijken(ClaimsPrincipal user, int leerregioId) =>
        user.CanManage(leerregioId) || user.HasRole(GrozRole.Researcher, leerregioId) ? null : HelpRequests.StaffWijken(user, leerregioId);

    /// <summary>Only coordinators and administrators see every figure; researchers and assistants get small numbers suppressed.</summary>
    public static bool SeesSmallNumbers(ClaimsPrincipal user, int leerregioId) => user.CanManage(leerregioId);

    public sealed record Problem(string Field, string Message);

    /// <summary>The one check of a requested period and wijk, for the page (ModelState) and the API (ValidationProblem).</summary>
    public static Problem? Check(string? from, string? to, int? wijkId, IEnumerable<int> wijkIds, List<int>? readable, IStringLocalizer l)
    {
        if (TimeBankReports.ParseDay(from) is not { } start)
        {
            return new Problem("From", l["Fill in a start date as year-month-day, e.g. 2026-01-01."]);
        }
        if (TimeBankReports.ParseDay(to) is not { } end)
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
        if (readable is not null && (wijkId is not { } mine || !readable.Contains(mine)))
        {
            return new Problem("WijkId", l["Choose one of the wijken you work in."]);
        }
        return null;
    }

    private sealed class Row
    {
        public int Id { get; init; }
        public HelpRequestKind Kind { get; init; }
        public HelpCategory Category { get; init; }
        public HelpUrgency Urgency { get; init; }
        public HelpStatus Status { get; init; }
        public HelpOutcome? Outcome { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? FirstResponseAt { get; init; }
        public DateTimeOffset FirstResponseDueAt { get; init; }
        public DateTimeOffset? MatchedAt { get; init; }
        public DateTimeOffset MatchDueAt { get; init; }
    }

    /// <summary>The report with every figure; <see cref="ForReader"/> suppresses small numbers for whoever reads it.</summary>
    public async Task<HelpReport> BuildAsync(HelpReportQuery q, CancellationToken ct = default)
    {
        var (from, to) = (TimeBankPages.StartOfDay(q.From), TimeBankPages.StartOfDay(q.To.AddDays(1)));
        var requests = db.HelpRequests.AsNoTracking()
            .Where(r => r.LeerregioId == q.LeerregioId && r.CreatedAt >= from && r.CreatedAt < to)
            .Where(r => q.WijkId == null || r.WijkId == q.WijkId);
        // Medians and per-urgency deadlines are simplest and portable over SQLite and PostgreSQL in memory: a wijk asks
        // a few thousand questions a year, and these are eleven small columns per request.
        var rows = await requests.Select(r => new Row
        {
            Id = r.Id, Kind = r.Kind, Category = r.Category, Urgency = r.Urgency, Status = r.Status, Outcome = r.Outcome,
            CreatedAt = r.CreatedAt, FirstResponseAt = r.FirstResponseAt, FirstResponseDueAt = r.FirstResponseDueAt,
            MatchedAt = r.MatchedAt, MatchDueAt = r.MatchDueAt,
        }).ToListAsync(ct);
        var referrals = await (from s in db.HelpStatusChanges.AsNoTracking()
                               where s.LeerregioId == q.LeerregioId && s.To == HelpStatus.Referred
                               join r in requests on s.HelpRequestId equals r.Id
                               select new { s.HelpRequestId, s.At }).ToListAsync(ct);
        var referredAt = referrals.GroupBy(x => x.HelpRequestId).ToDictionary(g => g.Key, g => g.Min(x => x.At));
        var settings = await help.SettingsAsync(q.LeerregioId, ct);
        var kinds = Enum.GetValues<HelpRequestKind>().Select(kind => Figures(kind, rows.Where(r => r.Kind == kind).ToList(), referredAt, settings)).ToList();
        return new HelpReport(q.From, q.To, q.WijkId, false, SuppressBelow, kinds);
    }

    private static HelpKindReport Figures(HelpRequestKind kind, List<Row> rows, Dictionary<int, DateTimeOffset> referredAt, HelpRequestSettings settings)
    {
        var open = HelpFlow.Open;
        DateTimeOffset? MatchMoment(Row r) => r.MatchedAt ?? (referredAt.TryGetValue(r.Id, out var at) ? at : null);
        var targets = Enum.GetValues<HelpUrgency>().Reverse().Select(u =>
        {
            var mine = rows.Where(r => r.Urgency == u).ToList();
            var target = settings.Targets.FirstOrDefault(t => t.Urgency == u);
            var fallback = HelpTarget.Defaults.First(d => d.Urgency == u);
            return new HelpTargetLine(u.ToString(), mine.Count,
                target?.FirstResponseMinutes ?? fallback.FirstResponse, target?.MatchMinutes ?? fallback.Match,
                mine.Count(r => r.FirstResponseAt <= r.FirstResponseDueAt), mine.Count(r => r.FirstResponseAt > r.FirstResponseDueAt), mine.Count(r => r.FirstResponseAt is null),
                mine.Count(r => MatchMoment(r) <= r.MatchDueAt), mine.Count(r => MatchMoment(r) > r.MatchDueAt), mine.Count(r => MatchMoment(r) is null));
        }).ToList();
        var categories = Enum.GetValues<HelpCategory>();
        var urgencies = Enum.GetValues<HelpUrgency>().Reverse().ToList();
        return new HelpKindReport(kind.ToString(), rows.Count, rows.Count(r => open.Contains(r.Status)), rows.Count(r => !open.Contains(r.Status)),
            categories.Select(c => new HelpCount(c.ToString(), rows.Count(r => r.Category == c))).ToList(),
            urgencies.Select(u => new HelpCount(u.ToString(), rows.Count(r => r.Urgency == u))).ToList(),
            categories.SelectMany(c => urgencies.Select(u => new HelpCrossCount(c.ToString(), u.ToString(), rows.Count(r => r.Category == c && r.Urgency == u)))).ToList(),
            targets,
            rows.Count(r => r.MatchedAt is not null), rows.Count(r => referredAt.ContainsKey(r.Id)),
            Enum.GetValues<HelpOutcome>().Select(o => new HelpCount(o.ToString(), rows.Count(r => r.Outcome == o))).ToList(),
            Median(rows.Where(r => r.FirstResponseAt is not null).Select(r => r.FirstResponseAt!.Value - r.CreatedAt)),
            Median(rows.Select(r => MatchMoment(r) - r.CreatedAt).Where(d => d is not null).Select(d => d!.Value)));
    }

    /// <summary>Whole minutes, rounded down; the lower middle value of an even count, so that it is a time that really occurred.</summary>
    public static int? Median(IEnumerable<TimeSpan> durations)
    {
        var minutes = durations.Select(d => (int)Math.Floor(d.TotalMinutes)).Order().ToList();
        return minutes.Count == 0 ? null : minutes[(minutes.Count - 1) / 2];
    }

    /// <summary>
    /// The report as this reader may see it: whole for coordinators and administrators; for everyone else each count
    /// from 1 to below the threshold becomes null ("&lt; 5"), and a median over fewer requests than the threshold too.
    /// </summary>
    public HelpReport ForReader(HelpReport report, ClaimsPrincipal user, int leerregioId) =>
        SeesSmallNumbers(user, leerregioId) ? report : Suppress(report, SuppressBelow);

    public static HelpReport Suppress(HelpReport report, int below)
    {
        int? S(int? n) => n is > 0 && n < below ? null : n;
        int? M(int? median, int counted) => counted < below ? null : median;
        return report with
        {
            Suppressed = true,
            SuppressBelow = below,
            Kinds = report.Kinds.Select(k => k with
            {
                Total = S(k.Total), Open = S(k.Open), Closed = S(k.Closed),
                ByCategory = k.ByCategory.Select(c => c with { Count = S(c.Count) }).ToList(),
                ByUrgency = k.ByUrgency.Select(c => c with { Count = S(c.Count) }).ToList(),
                ByCategoryAndUrgency = k.ByCategoryAndUrgency.Select(c => c with { Count = S(c.Count) }).ToList(),
                Targets = k.Targets.Select(t => t with
                {
                    Requests = S(t.Requests), FirstResponseWithin = S(t.FirstResponseWithin), FirstResponseLate = S(t.FirstResponseLate),
                    FirstResponseNone = S(t.FirstResponseNone), MatchWithin = S(t.MatchWithin), MatchLate = S(t.MatchLate), MatchNone = S(t.MatchNone),
                }).ToList(),
                MatchedByVolunteers = S(k.MatchedByVolunteers), ReferredToServices = S(k.ReferredToServices),
                Outcomes = k.Outcomes.Select(c => c with { Count = S(c.Count) }).ToList(),
                MedianMinutesToFirstResponse = M(k.MedianMinutesToFirstResponse, k.Targets.Sum(t => (t.FirstResponseWithin ?? 0) + (t.FirstResponseLate ?? 0))),
                MedianMinutesToMatch = M(k.MedianMinutesToMatch, k.Targets.Sum(t => (t.MatchWithin ?? 0) + (t.MatchLate ?? 0))),
            }).ToList(),
        };
    }

    /// <summary>A figure as shown: "&lt; 5" when suppressed.</summary>
    public static string Show(int? n, HelpReport r) => n?.ToString(CultureInfo.CurrentCulture) ?? "< " + r.SuppressBelow.ToString(CultureInfo.InvariantCulture);

    /// <summary>A median as shown: minutes as hours and minutes, "–" when there is none or it is suppressed.</summary>
    public static string ShowMinutes(int? minutes, bool dutch) => minutes is { } m ? Minutes.Format(m, dutch) : "–";

    public static string KindName(string kind, IStringLocalizer l) => l["help.kind." + kind];

    /// <summary>The report as a spreadsheet-friendly CSV (UTF-8 with BOM; ";" in Dutch), one figure per row, suppressed figures as "&lt; 5".</summary>
    public static byte[] Csv(HelpReport r, string leerregio, string? wijk, IStringLocalizer l, bool dutch)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = dutch ? ";" : "," }))
        {
            void Row(string section, string item, string value)
            {
                // Leerregio's and wijken are named by people: never let a spreadsheet read a name as a formula.
                csv.WriteField(StatementExport.AsText(section));
                csv.WriteField(StatementExport.AsText(item));
                csv.WriteField(value);
                csv.NextRecord();
            }
            string N(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "< " + r.SuppressBelow.ToString(CultureInfo.InvariantCulture);
            string M(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";
            Row(l["Section"], l["Item"], l["Number"]);
            Row(l["Period"], $"{r.From:yyyy-MM-dd} – {r.To:yyyy-MM-dd}", "");
            Row(l["Area"], wijk is null ? leerregio : $"{leerregio}, {wijk}", "");
            foreach (var k in r.Kinds)
            {
                var kind = KindName(k.Kind, l);
                Row(kind, l["Questions asked"], N(k.Total));
                Row(kind, l["Still open"], N(k.Open));
                Row(kind, l["Closed"], N(k.Closed));
                foreach (var c in k.ByCategory)
                {
                    Row($"{kind}: {l["By category"]}", l["help.category." + c.Key], N(c.Count));
                }
                foreach (var c in k.ByUrgency)
                {
                    Row($"{kind}: {l["By urgency"]}", l["help.urgency." + c.Key], N(c.Count));
                }
                foreach (var c in k.ByCategoryAndUrgency)
                {
                    Row($"{kind}: {l["By category and urgency"]}", $"{l["help.category." + c.Category]} / {l["help.urgency." + c.Urgency]}", N(c.Count));
                }
                foreach (var t in k.Targets)
                {
                    var section = $"{kind}: {l["Targets"]} {l["help.urgency." + t.Urgency]}";
                    Row(section, l["Questions asked"], N(t.Requests));
                    Row(section, l["Target first response (minutes)"], t.FirstResponseTargetMinutes.ToString(CultureInfo.InvariantCulture));
                    Row(section, l["First response within target"], N(t.FirstResponseWithin));
                    Row(section, l["First response late"], N(t.FirstResponseLate));
                    Row(section, l["No first response yet"], N(t.FirstResponseNone));
                    Row(section, l["Target match (minutes)"], t.MatchTargetMinutes.ToString(CultureInfo.InvariantCulture));
                    Row(section, l["Matched or referred within target"], N(t.MatchWithin));
                    Row(section, l["Matched or referred late"], N(t.MatchLate));
                    Row(section, l["Not matched or referred"], N(t.MatchNone));
                }
                Row(kind, l["Matched by volunteers"], N(k.MatchedByVolunteers));
                Row(kind, l["Referred to services"], N(k.ReferredToServices));
                foreach (var o in k.Outcomes)
                {
                    Row($"{kind}: {l["Outcomes"]}", l["help.outcome." + o.Key], N(o.Count));
                }
                Row(kind, l["Median time to first response (minutes)"], M(k.MedianMinutesToFirstResponse));
                Row(kind, l["Median time to match (minutes)"], M(k.MedianMinutesToMatch));
            }
        }
        return buffer.ToArray();
    }

    /// <summary>GET /api/v1/helprequests/reports: the same report, checks and suppression as the page; format=csv for the CSV.</summary>
    internal static async Task<IResult> GetAsync(HttpContext http, GrozDbContext db, HelpReports reports, string? leerregio, int? wijkId, string? from, string? to, string? format)
    {
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (string.IsNullOrWhiteSpace(leerregio))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["leerregio"] = [l["Choose a leerregio."]] });
        }
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == leerregio);
        if (lr is null || !MayRead(http.User, lr.Id))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var wijken = await db.Wijken.Where(w => w.LeerregioId == lr.Id).Select(w => new { w.Id, w.Name }).ToListAsync();
        if (Check(from, to, wijkId, wijken.Select(w => w.Id), ReadableWijken(http.User, lr.Id), l) is { } problem)
        {
            var field = char.ToLowerInvariant(problem.Field[0]) + problem.Field[1..];
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem.Message] });
        }
        var report = reports.ForReader(
            await reports.BuildAsync(new HelpReportQuery(lr.Id, wijkId, TimeBankReports.ParseDay(from)!.Value, TimeBankReports.ParseDay(to)!.Value), http.RequestAborted),
            http.User, lr.Id);
        if (format == "csv")
        {
            var dutch = Localization.IsDutch;
            return TypedResults.File(Csv(report, lr.Name, wijken.FirstOrDefault(w => w.Id == wijkId)?.Name, l, dutch), "text/csv; charset=utf-8",
                $"hulpvragen-{lr.Slug}-{from}-{to}.csv");
        }
        return TypedResults.Ok(report);
    }
}
