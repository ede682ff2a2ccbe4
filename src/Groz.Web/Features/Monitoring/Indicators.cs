using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Events;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Features.SocialMap;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring;

/// <summary>The indicator definitions Groz ships with: kept in code, written to the database when missing.</summary>
public static class IndicatorCatalog
{
    public const string TimeBankHours = "tijdbank.hours-per-1000";
    public const string TimeBankActive = "tijdbank.active-members";
    public const string HelpWithinTarget = "help.first-response-within-target";
    public const string SocialMapFreshness = "socialmap.checked-12-months";
    public const string EventsAttendance = "events.attendance";
    public const string ProeverijAttendance = "events.proeverij-attendance";
    public const string ProeverijEffectCode = "events.proeverij-effect";
    public const string CbsResidents = "cbs.residents";
    public const string CbsHouseholds = "cbs.households";
    public const string CbsElderly = "cbs.residents-65plus";
    public const string GgdLonely = "ggd.lonely";
    public const string GgdSeverelyLonely = "ggd.severely-lonely";
    public const string GgdGoodHealth = "ggd.good-health";

    /// <summary>The CBS division the demo and first leerregio's use (Regions stores it per area; imports may bring a newer one).</summary>
    public const int DivisionYear = 2024;

    private static IndicatorDefinition D(string code, string nl, string en, string unit, BetterDirection better, IndicatorSource source,
        string numerator, string denominator, string numeratorEn, string denominatorEn, bool computed = false, Instrument? instrument = null, string? version = null) => new()
        {
            Code = code, NameNl = nl, NameEn = en, Unit = unit, Better = better, Source = source, NumeratorNl = numerator, DenominatorNl = denominator,
            NumeratorEn = numeratorEn, DenominatorEn = denominatorEn, Computed = computed, Instrument = instrument, InstrumentVersion = version, DivisionYear = DivisionYear,
        };

    public static IReadOnlyList<IndicatorDefinition> All() =>
    [
        D(TimeBankHours, "Tijdbank-uren per 1.000 inwoners", "Tijdbank hours per 1,000 residents", "uren per 1.000 inwoners", BetterDirection.Higher, IndicatorSource.Platform,
            "Uren die leden en organisaties verdienden (ruil, aankoop, toekenning, groepsbetaling) in de maand", "Inwoners van het gebied (CBS) / 1.000",
            "Hours members and organisations earned (exchange, purchase, grant, group payment) in the month", "Residents of the area (CBS) / 1,000", computed: true),
        D(TimeBankActive, "Actieve tijdbankleden", "Active tijdbank members", "leden", BetterDirection.Higher, IndicatorSource.Platform,
            "Leden en organisaties met een boeking in de maand", "—", "Members and organisations with any movement in the month", "—", computed: true),
        D(HelpWithinTarget, "Hulpvragen op tijd beantwoord", "Help questions answered within target", "%", BetterDirection.Higher, IndicatorSource.Platform,
            "Vragen met een eerste reactie binnen de streeftijd van hun urgentie", "Vragen gesteld in de maand (persoonlijke hulp en vitaal werken)",
            "Questions with a first response within the target of their urgency", "Questions asked in the month (personal help and vitaal werken)", computed: true),
        D(SocialMapFreshness, "Wijkportaal actueel", "Social map up to date", "%", BetterDirection.Higher, IndicatorSource.Platform,
            "Gepubliceerde diensten die in de laatste 12 maanden zijn gecontroleerd", "Gepubliceerde diensten voor het gebied",
            "Published services checked in the last 12 months", "Published services for the area", computed: true),
        D(EventsAttendance, "Deelname aan activiteiten", "Attendance at activities", "aanwezigen per 1.000 inwoners", BetterDirection.Higher, IndicatorSource.Platform,
            "Aanmeldingen bij activiteiten in de maand waarbij de deelnemer aanwezig was", "Inwoners van het gebied (CBS) / 1.000",
            "Registrations for activities in the month where the person was present", "Residents of the area (CBS) / 1,000", computed: true),
        D(ProeverijAttendance, "Bezoekers proeverij", "Proeverij visitors", "bezoekers", BetterDirection.Higher, IndicatorSource.Platform,
            "Aanmeldingen bij de proeverij en haar sessies in de maand waarbij de bezoeker aanwezig was", "—",
            "Registrations for the proeverij and its sessions in the month where the visitor was present", "—", computed: true),
        D(ProeverijEffectCode, "Effect van de proeverij", "Proeverij effect", "%", BetterDirection.Higher, IndicatorSource.Platform,
            "Bezoekers die binnen 90 dagen meededen aan een activiteit van een stand of aan de tijdbank", "Bezoekers van de proeverijen van de maand",
            "Visitors who within 90 days joined an activity of a stand or the tijdbank", "Visitors of the month's proeverijen", computed: true),
        D(Welcome.WelcomeReach.IndicatorCode, "Nieuwe bewoners bereikt", "New residents reached", "bewoners", BetterDirection.Higher, IndicatorSource.Platform,
            "Welkomstroutes gemaakt plus welkomstbrief-codes gebruikt zonder route, in de maand", "—",
            "Welcome routes made plus welcome-letter codes used without a route, in the month", "—", computed: true),
        D("loneliness11.lonely", "Eenzaam (11 vragen)", "Lonely (11 items)", "%", BetterDirection.Lower, IndicatorSource.Survey,
            "Respondenten met score 3 of hoger", "Respondenten met een score", "Respondents scoring 3 or more", "Respondents with a score", instrument: Instrument.Loneliness11, version: "De Jong Gierveld 1985"),
        D("loneliness11.severe", "Zeer eenzaam (11 vragen)", "Severely lonely (11 items)", "%", BetterDirection.Lower, IndicatorSource.Survey,
            "Respondenten met score 9 of hoger", "Respondenten met een score", "Respondents scoring 9 or more", "Respondents with a score", instrument: Instrument.Loneliness11, version: "De Jong Gierveld 1985"),
        D("loneliness6.lonely", "Eenzaam (6 vragen)", "Lonely (6 items)", "%", BetterDirection.Lower, IndicatorSource.Survey,
            "Respondenten met score 2 of hoger", "Respondenten met een score", "Respondents scoring 2 or more", "Respondents with a score", instrument: Instrument.Loneliness6, version: "De Jong Gierveld & Van Tilburg 2006"),
        D("loneliness6.severe", "Zeer eenzaam (6 vragen)", "Severely lonely (6 items)", "%", BetterDirection.Lower, IndicatorSource.Survey,
            "Respondenten met score 5 of hoger", "Respondenten met een score", "Respondents scoring 5 or more", "Respondents with a score", instrument: Instrument.Loneliness6, version: "De Jong Gierveld & Van Tilburg 2006"),
        D(CbsResidents, "Inwoners (CBS)", "Residents (CBS)", "inwoners", BetterDirection.Neither, IndicatorSource.Import,
            "Inwoners op 1 januari (CBS Kerncijfers wijken en buurten)", "—", "Residents on 1 January (CBS key figures)", "—", computed: true),
        D(CbsHouseholds, "Huishoudens (CBS)", "Households (CBS)", "huishoudens", BetterDirection.Neither, IndicatorSource.Import,
            "Particuliere huishoudens op 1 januari (CBS)", "—", "Private households on 1 January (CBS)", "—", computed: true),
        D(CbsElderly, "Inwoners van 65 jaar en ouder (CBS)", "Residents aged 65 and over (CBS)", "%", BetterDirection.Neither, IndicatorSource.Import,
            "Inwoners van 65 jaar en ouder (CBS)", "Inwoners (CBS)", "Residents aged 65 and over (CBS)", "Residents (CBS)", computed: true),
        D(GgdLonely, "Eenzaam (GGD-monitor)", "Lonely (GGD monitor)", "%", BetterDirection.Lower, IndicatorSource.Import,
            "Inwoners die (matig of ernstig) eenzaam zijn, geschat door de GGD", "Inwoners van 18 jaar en ouder", "Residents who are (moderately or severely) lonely, GGD estimate", "Residents aged 18 and over",
            computed: true, instrument: Instrument.Loneliness11, version: "GGD Gezondheidsmonitor"),
        D(GgdSeverelyLonely, "Zeer eenzaam (GGD-monitor)", "Severely lonely (GGD monitor)", "%", BetterDirection.Lower, IndicatorSource.Import,
            "Inwoners die ernstig of zeer ernstig eenzaam zijn, geschat door de GGD", "Inwoners van 18 jaar en ouder", "Residents who are severely lonely, GGD estimate", "Residents aged 18 and over",
            computed: true, instrument: Instrument.Loneliness11, version: "GGD Gezondheidsmonitor"),
        D(GgdGoodHealth, "Ervaren gezondheid goed (GGD-monitor)", "Good self-rated health (GGD monitor)", "%", BetterDirection.Higher, IndicatorSource.Import,
            "Inwoners die hun gezondheid goed of zeer goed noemen, geschat door de GGD", "Inwoners van 18 jaar en ouder", "Residents who rate their health good or very good, GGD estimate", "Residents aged 18 and over",
            computed: true, version: "GGD Gezondheidsmonitor"),
        .. Scoring.PositiveHealth.Select(d => D("positive-health." + d.Key[3..], "Positieve gezondheid: " + d.NameNl.ToLowerInvariant(), "Positive health: " + d.NameEn.ToLowerInvariant(),
            "cijfer 0–10", BetterDirection.Higher, IndicatorSource.Survey, "Som van de cijfers", "Respondenten die het cijfer gaven", "Sum of the ratings", "Respondents who gave a rating",
            instrument: Instrument.PositiveHealth, version: "Groz 2026")),
    ];

    /// <summary>
    /// Brings the database in line with the catalog: adds the definitions it does not have yet (by code) and rewrites
    /// the ones whose wording, unit or source changed in a later release. The definitions belong to the code (no page
    /// or import edits them), so a database made by an older release would otherwise keep showing, for example, a
    /// count under a unit that now says "per 1,000 residents". Values refer to a definition by id and stay.
    /// </summary>
    public static async Task EnsureAsync(GrozDbContext db, CancellationToken ct = default)
    {
        var have = await db.Set<IndicatorDefinition>().ToDictionaryAsync(d => d.Code, ct);
        var missing = new List<IndicatorDefinition>();
        var changed = false;
        foreach (var d in All())
        {
            if (!have.TryGetValue(d.Code, out var stored))
            {
                missing.Add(d);
            }
            else if (CopyIfDifferent(d, stored))
            {
                changed = true;
            }
        }
        if (missing.Count == 0 && !changed)
        {
            return;
        }
        db.AddRange(missing);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded them at the same moment.
            foreach (var d in missing)
            {
                db.Entry(d).State = EntityState.Detached;
            }
        }
    }

    private static bool CopyIfDifferent(IndicatorDefinition from, IndicatorDefinition to)
    {
        if ((to.NameNl, to.NameEn, to.Unit, to.Better, to.Source, to.Instrument, to.InstrumentVersion, to.DivisionYear, to.NumeratorNl, to.DenominatorNl,
                to.NumeratorEn, to.DenominatorEn, to.Computed)
            == (from.NameNl, from.NameEn, from.Unit, from.Better, from.Source, from.Instrument, from.InstrumentVersion, from.DivisionYear, from.NumeratorNl,
                from.DenominatorNl, from.NumeratorEn, from.DenominatorEn, from.Computed))
        {
            return false;
        }
        (to.NameNl, to.NameEn, to.Unit, to.Better, to.Source, to.Instrument, to.InstrumentVersion, to.DivisionYear, to.NumeratorNl, to.DenominatorNl,
            to.NumeratorEn, to.DenominatorEn, to.Computed)
            = (from.NameNl, from.NameEn, from.Unit, from.Better, from.Source, from.Instrument, from.InstrumentVersion, from.DivisionYear, from.NumeratorNl,
                from.DenominatorNl, from.NumeratorEn, from.DenominatorEn, from.Computed);
        return true;
    }
}

/// <summary>
/// Computes the platform indicators of one leerregio for one month (Dutch calendar month), for the leerregio and each of
/// its wijken, from the modules' own reports, so that the monitor never disagrees with them:
/// <list type="bullet">
/// <item>Tijdbank hours per 1,000 residents and active members: <see cref="TimeBankReports"/> (contributed hours; accounts
/// with any movement). Wijk: that of the member. Residents: the wijk's CBS count; the leerregio's is the sum of its wijken
/// (no value when unknown). N: active members.</item>
/// <item>Help questions answered within target: <see cref="HelpReports"/>: questions asked in the month whose first response
/// came by its deadline, over all asked (both kinds). N: questions asked.</item>
/// <item>Social-map freshness: published services for the area (a service area in the wijk, or a location in it) checked
/// in the 12 months before the computation. Only the current month is computed: the map keeps no history of checks, so a
/// past month keeps the value computed while it was current. N: services.</item>
/// </list>
/// Values are stored unsuppressed (coordinators see all); readers get them through <see cref="IndicatorReads"/>.
/// </summary>
public sealed class PlatformIndicators(GrozDbContext db, TimeProvider time, TimeBankReports timeBank, HelpReports help)
{
    public static DateOnly MonthOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeBankPages.Local(at)) is var d ? new DateOnly(d.Year, d.Month, 1) : default;

    /// <summary>Every leerregio, this month and the <paramref name="monthsBack"/> before it (late bookings and reversals change the past).</summary>
    public async Task<int> RunAsync(int monthsBack = 12, CancellationToken ct = default)
    {
        var written = 0;
        var current = MonthOf(time.GetUtcNow());
        foreach (var id in await db.Leerregios.AsNoTracking().OrderBy(l => l.Id).Select(l => l.Id).ToListAsync(ct))
        {
            for (var m = monthsBack; m >= 0; m--)
            {
                written += await ComputeAsync(id, current.AddMonths(-m), ct);
            }
        }
        return written;
    }

    public async Task<int> ComputeAsync(int leerregioId, DateOnly month, CancellationToken ct = default)
    {
        await IndicatorCatalog.EnsureAsync(db, ct);
        month = new DateOnly(month.Year, month.Month, 1);
        var now = time.GetUtcNow();
        var isCurrent = month == MonthOf(now);
        var last = month.AddMonths(1).AddDays(-1);
        var leerregio = await db.Leerregios.AsNoTracking().SingleAsync(l => l.Id == leerregioId, ct);
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregioId).OrderBy(w => w.Id).ToListAsync(ct);
        var definitions = await db.Set<IndicatorDefinition>().AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Id, ct);
        // Denominators: the CBS figure imported for the month's year (or the latest before it), else the count the regions import keeps.
        var imported = await MonitoringImport.ResidentsAsync(db, leerregioId, month.Year, ct);
        foreach (var w in wijken)
        {
            w.Residents = imported.TryGetValue(w.Code, out var r) ? r : w.Residents;
        }
        var residentsAll = wijken.Count > 0 && wijken.All(w => w.Residents is not null) ? wijken.Sum(w => w.Residents!.Value) : (int?)null;
        var areas = new List<(AreaLevel Level, int? WijkId, string Code, int? Residents)> { (AreaLevel.Leerregio, null, leerregio.Slug, residentsAll) };
        areas.AddRange(wijken.Select(w => (AreaLevel.Wijk, (int?)w.Id, w.Code, w.Residents)));

        var values = new List<IndicatorValue>();
        IndicatorValue V(string code, (AreaLevel Level, int? WijkId, string Code, int? Residents) area, int n, decimal? numerator, decimal? denominator, decimal? value) => new()
        {
            IndicatorId = definitions[code], LeerregioId = leerregioId, Level = area.Level, WijkId = area.WijkId, AreaCode = area.Code,
            PeriodKind = PeriodKind.Month, PeriodStart = month, N = n, Numerator = numerator, Denominator = denominator,
            Value = value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null, Status = ValueStatus.Measured, ComputedAt = now,
        };

        var (monthFrom, monthTo) = (TimeBankPages.StartOfDay(month), TimeBankPages.StartOfDay(month.AddMonths(1)));
        var attendance = await db.EventRegistrations.AsNoTracking()
            .Where(r => r.Status == RegistrationStatus.Attended && r.OccurrenceStartsAt >= monthFrom && r.OccurrenceStartsAt < monthTo)
            .Join(db.Events.Where(e => e.LeerregioId == leerregioId), r => r.EventId, e => e.Id, (r, e) => new { e.WijkId, Proeverij = e.Kind != EventKind.Activity })
            .GroupBy(x => new { x.WijkId, x.Proeverij })
            .Select(g => new { g.Key.WijkId, g.Key.Proeverij, Count = g.Count() })
            .ToListAsync(ct);
        var published = db.SmServices.AsNoTracking().Where(s => s.LeerregioId == leerregioId && s.Publication == Publication.Published);
        var checkedSince = now.AddMonths(-12);
        foreach (var area in areas)
        {
            var bank = await timeBank.BuildAsync(new ReportQuery(leerregioId, area.WijkId, month, last), ct);
            var hours = bank.ContributedMinutes / 60m;
            values.Add(V(IndicatorCatalog.TimeBankHours, area, bank.ActiveMembers, hours, area.Residents,
                area.Residents is > 0 and var r ? hours * 1000m / r : null));
            values.Add(V(IndicatorCatalog.TimeBankActive, area, bank.ActiveMembers, bank.ActiveMembers, null, bank.ActiveMembers));

            var report = await help.BuildAsync(new HelpReportQuery(leerregioId, area.WijkId, month, last), ct);
            var asked = report.Kinds.Sum(k => k.Total ?? 0);
            var within = report.Kinds.Sum(k => k.Targets.Sum(t => t.FirstResponseWithin ?? 0));
            values.Add(V(IndicatorCatalog.HelpWithinTarget, area, asked, within, asked, asked == 0 ? null : 100m * within / asked));

            // Activiteiten and the proeverij: attended registrations by the month of the occurrence, in the event's wijk.
            var activity = attendance.Where(a => !a.Proeverij && (area.WijkId == null || a.WijkId == area.WijkId)).Sum(a => a.Count);
            values.Add(V(IndicatorCatalog.EventsAttendance, area, activity, activity, area.Residents, area.Residents is > 0 and var res ? activity * 1000m / res : null));
            var fair = attendance.Where(a => a.Proeverij && (area.WijkId == null || a.WijkId == area.WijkId)).Sum(a => a.Count);
            values.Add(V(IndicatorCatalog.ProeverijAttendance, area, fair, fair, null, fair));

            if (isCurrent)
            {
                var services = area.WijkId is { } wijkId
                    ? published.Where(s => db.SmServiceAreas.Any(a => a.ServiceId == s.Id && a.WijkId == wijkId)
                        || db.SmServiceAtLocations.Any(sl => sl.ServiceId == s.Id && db.SmLocations.Any(loc => loc.Id == sl.LocationId && loc.WijkId == wijkId)))
                    : published;
                var count = await services.CountAsync(ct);
                var fresh = await services.CountAsync(s => s.LastCheckedAt != null && s.LastCheckedAt >= checkedSince, ct);
                values.Add(V(IndicatorCatalog.SocialMapFreshness, area, count, fresh, count, count == 0 ? null : 100m * fresh / count));
            }
        }
        // The proeverij effect: the fairs of the month as Events measures them (each visitor once per fair), for the leerregio
        // only (a fair draws from every wijk). Measured again while the 90-day window is open, so the value grows until it closes.
        var fairs = await db.Events.AsNoTracking().Where(e => e.LeerregioId == leerregioId && e.Kind == EventKind.Proeverij && e.StartsAt >= monthFrom && e.StartsAt < monthTo)
            .Select(e => e.Id).ToListAsync(ct);
        if (fairs.Count > 0)
        {
            var (visitors, effect) = (0, 0);
            foreach (var id in fairs)
            {
                if (await Groz.Web.Features.Events.ProeverijEffect.MeasureAsync(db, id, now, ct: ct) is { } report)
                {
                    (visitors, effect) = (visitors + report.Visitors, effect + report.Either);
                }
            }
            values.Add(V(IndicatorCatalog.ProeverijEffectCode, areas[0], visitors, effect, visitors, visitors == 0 ? null : 100m * effect / visitors));
        }
        values.AddRange(await Welcome.WelcomeReach.ValuesAsync(db, leerregioId, month, now, areas, V, ct));
        await UpsertAsync(values, ct);
        return values.Count;
    }

    /// <summary>Replaces the stored value of each (indicator, area, period), so that a run can be repeated.</summary>
    public async Task UpsertAsync(List<IndicatorValue> values, CancellationToken ct)
    {
        if (values.Count == 0)
        {
            return;
        }
        var (leerregioId, kind, start) = (values[0].LeerregioId, values[0].PeriodKind, values[0].PeriodStart);
        var existing = await db.Set<IndicatorValue>().Where(v => v.LeerregioId == leerregioId && v.PeriodKind == kind && v.PeriodStart == start).ToListAsync(ct);
        foreach (var v in values)
        {
            var old = existing.FirstOrDefault(e => e.IndicatorId == v.IndicatorId && e.Level == v.Level && e.AreaCode == v.AreaCode && e.PeriodKind == v.PeriodKind
                && e.PeriodStart == v.PeriodStart && e.WaveId == v.WaveId);
            if (old is null)
            {
                db.Add(v);
            }
            else
            {
                (old.N, old.Numerator, old.Denominator, old.Value, old.Status, old.ComputedAt, old.WijkId) = (v.N, v.Numerator, v.Denominator, v.Value, v.Status, v.ComputedAt, v.WijkId);
            }
        }
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>One value as a reader receives it: suppressed cells have no n and no figures.</summary>
public sealed record IndicatorValueDto(string Indicator, string Level, string AreaCode, int? WijkId, string Period, string PeriodStart,
    int? N, decimal? Numerator, decimal? Denominator, decimal? Value, string Status, int? WaveId = null);

/// <summary>
/// Indicator values with small-number suppression for everyone but the leerregio's coordinators: per indicator and
/// period the leerregio is the total of its wijken, and each wijk the total of its buurten.
/// </summary>
public sealed class IndicatorReads(GrozDbContext db, Surveys surveys)
{
    public async Task<List<IndicatorValueDto>> ValuesAsync(int leerregioId, string? indicatorCode, DateOnly? from, DateOnly? to, bool hideSmall, CancellationToken ct = default)
    {
        var query = db.Set<IndicatorValue>().AsNoTracking().Where(v => v.LeerregioId == leerregioId);
        if (indicatorCode is not null)
        {
            query = query.Where(v => v.Indicator!.Code == indicatorCode);
        }
        if (from is { } f)
        {
            query = query.Where(v => v.PeriodStart >= f);
        }
        if (to is { } t)
        {
            query = query.Where(v => v.PeriodStart <= t);
        }
        var rows = await query.Select(v => new { v, Code = v.Indicator!.Code }).ToListAsync(ct);
        var below = hideSmall ? (await surveys.SettingsAsync(leerregioId, ct)).SuppressBelow : 0;
        var result = new List<IndicatorValueDto>();
        // One table per indicator and period: the leerregio is the total, its wijken the parts.
        foreach (var table in rows.GroupBy(x => (x.Code, x.v.PeriodKind, x.v.PeriodStart, x.v.WaveId)).OrderBy(g => g.Key.Code).ThenBy(g => g.Key.PeriodStart).ThenBy(g => g.Key.WaveId))
        {
            var total = table.FirstOrDefault(x => x.v.Level == AreaLevel.Leerregio);
            var parts = table.Where(x => x.v.Level == AreaLevel.Wijk).OrderBy(x => x.v.AreaCode, StringComparer.Ordinal).ToList();
            var hidden = hideSmall
                ? SmallCells.Suppress(total?.v.N ?? parts.Sum(p => p.v.N), parts.Select(p => new SmallCells.Part(p.v.AreaCode, p.v.N)).ToList(), below)
                : new SmallCells.Result(false, new HashSet<string>());
            // Buurten are the parts of their wijk's table; every buurt of a hidden wijk is hidden too, since together they would give the wijk away.
            var buurtHidden = new HashSet<string>(StringComparer.Ordinal);
            var buurten = table.Where(x => x.v.Level == AreaLevel.Buurt).OrderBy(x => x.v.AreaCode, StringComparer.Ordinal).ToList();
            foreach (var byWijk in buurten.GroupBy(x => x.v.WijkId))
            {
                var wijkRow = byWijk.Key is null ? null : parts.FirstOrDefault(p => p.v.WijkId == byWijk.Key);
                var wijkHidden = wijkRow is not null && hidden.Hidden(wijkRow.v.AreaCode);
                var inner = hideSmall
                    ? SmallCells.Suppress(wijkRow?.v.N ?? byWijk.Sum(b => b.v.N), byWijk.Select(b => new SmallCells.Part(b.v.AreaCode, b.v.N)).ToList(), below)
                    : new SmallCells.Result(false, new HashSet<string>());
                foreach (var b in byWijk.Where(b => wijkHidden || inner.Hidden(b.v.AreaCode)))
                {
                    buurtHidden.Add(b.v.AreaCode);
                }
            }
            foreach (var x in (total is null ? parts : parts.Prepend(total)).Concat(buurten))
            {
                var isHidden = x.v.Level switch
                {
                    AreaLevel.Leerregio => hidden.TotalHidden,
                    AreaLevel.Buurt => buurtHidden.Contains(x.v.AreaCode),
                    _ => hidden.Hidden(x.v.AreaCode),
                };
                var v = x.v;
                result.Add(isHidden
                    ? new IndicatorValueDto(x.Code, v.Level.ToString(), v.AreaCode, v.WijkId, v.PeriodKind.ToString(), Day(v.PeriodStart), null, null, null, null, nameof(ValueStatus.Suppressed), Wave(v))
                    : new IndicatorValueDto(x.Code, v.Level.ToString(), v.AreaCode, v.WijkId, v.PeriodKind.ToString(), Day(v.PeriodStart), v.N, v.Numerator, v.Denominator, v.Value, v.Status.ToString(), Wave(v)));
            }
        }
        return result;
    }

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int? Wave(IndicatorValue v) => v.WaveId == 0 ? null : v.WaveId;
}

/// <summary>
/// Computes the platform indicators once a day (first a few minutes after start). The clock is the app's TimeProvider;
/// tests call <see cref="PlatformIndicators"/> directly. Off with Monitoring:IndicatorJob=false.
/// </summary>
public sealed class MonitoringJob(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<MonitoringJob> logger)
    : ScheduledJob(scopes, time, configuration, logger, "Monitoring:IndicatorJob", TimeSpan.FromMinutes(2), Period)
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(1);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var log = services.GetRequiredService<ILogger<MonitoringJob>>();
        var written = await services.GetRequiredService<PlatformIndicators>().RunAsync(12, ct);
        log.LogInformation("Platform indicators computed: {Count} values", written);
        // Waves that closed since the last runs: their results become indicator values of period kind Wave.
        var fromSurveys = await services.GetRequiredService<SurveyIndicators>().WriteClosedAsync(7, ct);
        log.LogInformation("Survey indicators written: {Count} values", fromSurveys);
    }
}
