using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring;

/// <summary>
/// What a leerregio aims for with an indicator in a year, for the whole leerregio or one wijk. Which way is "better" is
/// the indicator's (<see cref="IndicatorDefinition.Better"/>), so a target is only a number.
/// </summary>
public sealed class IndicatorTarget
{
    public int Id { get; set; }
    public int IndicatorId { get; set; }
    public IndicatorDefinition? Indicator { get; set; }
    public int LeerregioId { get; set; }
    public int? WijkId { get; set; }
    /// <summary>The wijk's CBS code or the leerregio's slug: never null, so that the unique index holds on both databases (PostgreSQL lets NULLs repeat).</summary>
    public required string AreaCode { get; set; }
    public int Year { get; set; }
    public decimal Value { get; set; }
    public string? SetByUserId { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

internal sealed class IndicatorTargetConfiguration : IEntityTypeConfiguration<IndicatorTarget>
{
    public void Configure(EntityTypeBuilder<IndicatorTarget> b)
    {
        b.ToTable("mon_targets");
        b.Property(x => x.AreaCode).HasMaxLength(40);
        b.Property(x => x.Value).HasPrecision(14, 4);
        b.Property(x => x.SetByUserId).HasMaxLength(450);
        b.HasOne(x => x.Indicator).WithMany().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Regions.Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Regions.Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.LeerregioId, x.IndicatorId, x.AreaCode, x.Year }).IsUnique();
    }
}

/// <summary>What a coordinator fills in: indicator code, wijk code (empty: the whole leerregio), year and value as typed.</summary>
public sealed record NewTarget(string? Indicator, string? Wijk, string? Year, string? Value);

public sealed record TargetDto(int Id, string Indicator, string IndicatorName, string Better, string AreaCode, string AreaName, string? Wijk, int Year, decimal Value, string Unit);

/// <summary>
/// The targets of a leerregio: set (or replaced) and removed by its coordinators, read by everyone who may read its
/// dashboards. A wijk without a target of its own is measured against the leerregio's target of that year.
/// The one write path for the page and the API; every change is audit-logged.
/// </summary>
public sealed class Targets(GrozDbContext db, TimeProvider time, AuditLog audit, IStringLocalizer<SharedResource> l)
{
    /// <summary>Targets further away than this (either way) are typing mistakes, not plans.</summary>
    public const int YearsAround = 10;

    public async Task<List<TargetDto>> ListAsync(int leerregioId, CancellationToken ct = default)
    {
        var dutch = Localization.IsDutch;
        var slug = await db.Leerregios.Where(x => x.Id == leerregioId).Select(x => new { x.Slug, x.Name }).SingleAsync(ct);
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregioId).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        var rows = await db.Set<IndicatorTarget>().AsNoTracking().Include(t => t.Indicator).Where(t => t.LeerregioId == leerregioId).ToListAsync(ct);
        return rows.OrderBy(t => t.Indicator!.Code, StringComparer.Ordinal).ThenBy(t => t.Year).ThenBy(t => t.WijkId is null ? 0 : 1).ThenBy(t => t.AreaCode, StringComparer.Ordinal)
            .Select(t => new TargetDto(t.Id, t.Indicator!.Code, dutch ? t.Indicator.NameNl : t.Indicator.NameEn, t.Indicator.Better.ToString(), t.AreaCode,
                t.WijkId is { } w && wijken.TryGetValue(w, out var name) ? name : slug.Name, t.WijkId is null ? null : t.AreaCode, t.Year, t.Value, t.Indicator.Unit))
            .ToList();
    }

    /// <summary>The targets of one indicator in a leerregio by (area code, year): what the dashboards, exports and report look up.</summary>
    public async Task<TargetTable> TableAsync(int leerregioId, string leerregioSlug, int indicatorId, CancellationToken ct = default)
    {
        var rows = await db.Set<IndicatorTarget>().AsNoTracking().Where(t => t.LeerregioId == leerregioId && t.IndicatorId == indicatorId)
            .Select(t => new { t.AreaCode, t.Year, t.Value }).ToListAsync(ct);
        return new TargetTable(leerregioSlug, rows.ToDictionary(r => (r.AreaCode, r.Year), r => r.Value));
    }

    /// <summary>Every indicator's targets in a leerregio, by indicator code, in one query (the periodic report).</summary>
    public async Task<Dictionary<string, TargetTable>> TablesAsync(int leerregioId, string leerregioSlug, CancellationToken ct = default)
    {
        var rows = await db.Set<IndicatorTarget>().AsNoTracking().Where(t => t.LeerregioId == leerregioId)
            .Select(t => new { t.Indicator!.Code, t.AreaCode, t.Year, t.Value }).ToListAsync(ct);
        return rows.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => new TargetTable(leerregioSlug, g.ToDictionary(r => (r.AreaCode, r.Year), r => r.Value)));
    }

    public async Task<Outcome<TargetDto>> SetAsync(ClaimsPrincipal user, int leerregioId, NewTarget input, CancellationToken ct = default)
    {
        if (!user.CanManage(leerregioId))
        {
            return Outcome<TargetDto>.Fail("not-allowed", null, l["Only coordinators set targets."], 403);
        }
        var errors = new Dictionary<string, string>();
        await IndicatorCatalog.EnsureAsync(db, ct);
        var indicator = string.IsNullOrWhiteSpace(input.Indicator) ? null
            : await db.Indicators.AsNoTracking().FirstOrDefaultAsync(d => d.Code == input.Indicator.Trim(), ct);
        if (indicator is null)
        {
            errors["Indicator"] = l["Choose an indicator from the list."];
        }
        else if (indicator.Better == BetterDirection.Neither)
        {
            errors["Indicator"] = l["This indicator only describes the area: it has no better direction, so it gets no target."];
        }
        Regions.Wijk? wijk = null;
        if (!string.IsNullOrWhiteSpace(input.Wijk))
        {
            wijk = await db.Wijken.AsNoTracking().FirstOrDefaultAsync(w => w.LeerregioId == leerregioId && w.Code == input.Wijk.Trim(), ct);
            if (wijk is null)
            {
                errors["Wijk"] = l["Choose a wijk of this leerregio, or the whole leerregio."];
            }
        }
        var thisYear = DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow())).Year;
        if (!int.TryParse(input.Year?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < thisYear - YearsAround || year > thisYear + YearsAround)
        {
            errors["Year"] = l["Fill in a year from {0} to {1}.", thisYear - YearsAround, thisYear + YearsAround];
        }
        var value = ParseNumber(input.Value);
        if (value is null || value < 0 || value >= 1_000_000_000m || Math.Round(value.Value, 4) != value)
        {
            errors["Value"] = l["Fill in a number of 0 or more, for example 12.5 (at most 4 decimals)."];
        }
        else if (indicator?.Unit == "%" && value > 100)
        {
            errors["Value"] = l["A percentage is at most 100."];
        }
        if (errors.Count > 0)
        {
            return Outcome<TargetDto>.Invalid(errors);
        }

        var area = wijk?.Code ?? await db.Leerregios.Where(x => x.Id == leerregioId).Select(x => x.Slug).SingleAsync(ct);
        var target = await db.Set<IndicatorTarget>().FirstOrDefaultAsync(t => t.LeerregioId == leerregioId && t.IndicatorId == indicator!.Id && t.AreaCode == area && t.Year == year, ct);
        var before = target?.Value;
        if (target is null)
        {
            target = new IndicatorTarget { IndicatorId = indicator!.Id, LeerregioId = leerregioId, WijkId = wijk?.Id, AreaCode = area, Year = year };
            db.Add(target);
        }
        (target.Value, target.SetByUserId, target.SetAt) = (value!.Value, user.UserId(), time.GetUtcNow());
        // AuditLog saves the context: the target and its audit entry are written together.
        await audit.WriteAsync("monitoring.target.set", "indicator", indicator!.Code, leerregioId,
            string.Create(CultureInfo.InvariantCulture, $"{area} {year}: {before?.ToString(CultureInfo.InvariantCulture) ?? "none"} -> {value}"), ct: ct);
        var dto = (await ListAsync(leerregioId, ct)).Single(t => t.Id == target.Id);
        return Outcome<TargetDto>.Ok(dto);
    }

    public async Task<Outcome<TargetDto>> RemoveAsync(ClaimsPrincipal user, int leerregioId, int id, CancellationToken ct = default)
    {
        var target = await db.Set<IndicatorTarget>().Include(t => t.Indicator).FirstOrDefaultAsync(t => t.Id == id && t.LeerregioId == leerregioId, ct);
        if (target is null)
        {
            return Outcome<TargetDto>.Fail("unknown-target", null, l["This target does not exist."], 404);
        }
        if (!user.CanManage(leerregioId))
        {
            return Outcome<TargetDto>.Fail("not-allowed", null, l["Only coordinators set targets."], 403);
        }
        var dto = (await ListAsync(leerregioId, ct)).Single(t => t.Id == id);
        db.Remove(target);
        await audit.WriteAsync("monitoring.target.removed", "indicator", target.Indicator!.Code, leerregioId,
            string.Create(CultureInfo.InvariantCulture, $"{target.AreaCode} {target.Year}: {target.Value} -> none"), ct: ct);
        return Outcome<TargetDto>.Ok(dto);
    }

    /// <summary>"12.5", and in Dutch also "12,5"; no thousands separators (is "1.000" a thousand or one?).</summary>
    public static decimal? ParseNumber(string? text)
    {
        var t = text?.Trim() ?? "";
        if (t.Length is 0 or > 30 || (t.Contains(',', StringComparison.Ordinal) && t.Contains('.', StringComparison.Ordinal)))
        {
            return null;
        }
        return decimal.TryParse(t.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}

/// <summary>The targets of one indicator by (area, year). A wijk without its own target takes the leerregio's.</summary>
public sealed record TargetTable(string LeerregioSlug, IReadOnlyDictionary<(string Area, int Year), decimal> Values)
{
    public decimal? For(string areaCode, int year) =>
        Values.TryGetValue((areaCode, year), out var own) ? own : Values.TryGetValue((LeerregioSlug, year), out var all) ? all : null;

    /// <summary>The year of a period start in the stable form yyyy-MM-dd.</summary>
    public decimal? For(string areaCode, string periodStart) =>
        periodStart.Length >= 4 && int.TryParse(periodStart.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? For(areaCode, year) : null;
}
