using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// One wijk a volunteer wants to help in. <see cref="HelpVolunteerProfile.WijkId"/> stays the main one (kept for the rows
/// written before there could be several); this table holds every chosen wijk, the main one included, so that "who may be
/// asked in wijk X" is one indexed EXISTS.
/// </summary>
public sealed class HelpVolunteerWijk
{
    public int ProfileId { get; set; }
    public int WijkId { get; set; }
    public int LeerregioId { get; set; }
}

internal sealed class HelpVolunteerWijkConfiguration : IEntityTypeConfiguration<HelpVolunteerWijk>
{
    public void Configure(EntityTypeBuilder<HelpVolunteerWijk> b)
    {
        b.ToTable("help_volunteer_wijken");
        b.HasKey(x => new { x.ProfileId, x.WijkId });
        b.HasOne<HelpVolunteerProfile>().WithMany().HasForeignKey(x => x.ProfileId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.WijkId);
    }
}

/// <summary>What a volunteer says about themselves, from the page or the API; all optional so each gets its own message.</summary>
public sealed record VolunteerProfileInput(IReadOnlyList<HelpCategory>? Categories, IReadOnlyList<int>? WijkIds, string? Availability,
    IReadOnlyList<DayOfWeek>? Weekdays, bool? Available);

/// <summary>A profile as shown: <see cref="Exists"/> false means nothing was saved yet and these are the suggestions for a first save.</summary>
public sealed record VolunteerProfileView(int LeerregioId, bool Exists, IReadOnlyList<HelpCategory> Categories, IReadOnlyList<int> WijkIds,
    string Availability, IReadOnlyList<DayOfWeek> Weekdays, bool Available, DateTimeOffset? UpdatedAt);

/// <summary>
/// The volunteer profile of Hulpvragen: what someone likes to help with, where and when, and a pause switch. Anyone who is
/// a member of a leerregio may keep one (a resident who wants to help becomes a candidate by saving it); the matching
/// suggestions read it (<see cref="HelpRequests.SuggestAsync"/>), and a paused profile is never suggested.
/// </summary>
public sealed class HelpVolunteering(GrozDbContext db, TimeProvider time, IStringLocalizer<SharedResource> l)
{
    public const int MaxAvailability = 200;

    public static int Bits(IEnumerable<HelpCategory> categories) => categories.Aggregate(0, (a, c) => a | (1 << (int)c));

    public static int Bits(IEnumerable<DayOfWeek> days) => days.Aggregate(0, (a, d) => a | (1 << (int)d));

    public static List<HelpCategory> CategoriesOf(int bits) => Enum.GetValues<HelpCategory>().Where(c => (bits & (1 << (int)c)) != 0).ToList();

    public static List<DayOfWeek> WeekdaysOf(int bits) => Enum.GetValues<DayOfWeek>().Where(d => (bits & (1 << (int)d)) != 0).ToList();

    /// <summary>Monday first, as a Dutch calendar.</summary>
    public static IReadOnlyList<DayOfWeek> Week { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>
    /// A point in the suggestions when the request's day is one of the volunteer's days. No penalty for another day: the
    /// days are "usually", and the free text may say more.
    /// </summary>
    public static bool DayFits(HelpVolunteerProfile? profile, DateOnly? day) =>
        profile is { Weekdays: not 0 } && day is { } d && (profile.Weekdays & (1 << (int)d.DayOfWeek)) != 0;

    private async Task<GrozUser?> MemberAsync(ClaimsPrincipal actor, CancellationToken ct)
    {
        var userId = actor.UserId();
        return userId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.ErasedAt == null && u.LeerregioId != null, ct);
    }

    public async Task<VolunteerProfileView?> GetAsync(ClaimsPrincipal actor, CancellationToken ct = default)
    {
        if (await MemberAsync(actor, ct) is not { LeerregioId: { } leerregioId } user)
        {
            return null;
        }
        var p = await db.HelpVolunteerProfiles.AsNoTracking().FirstOrDefaultAsync(x => x.UserId == user.Id && x.LeerregioId == leerregioId, ct);
        if (p is null)
        {
            return new VolunteerProfileView(leerregioId, false, [], user.WijkId is { } w ? [w] : [], "", [], true, null);
        }
        var wijken = await db.Set<HelpVolunteerWijk>().Where(w => w.ProfileId == p.Id).Select(w => w.WijkId).ToListAsync(ct);
        if (!wijken.Contains(p.WijkId))
        {
            wijken.Insert(0, p.WijkId);
        }
        return new VolunteerProfileView(leerregioId, true, CategoriesOf(p.Categories), wijken.Order().ToList(), p.Availability, WeekdaysOf(p.Weekdays), p.Active, p.UpdatedAt);
    }

    public async Task<Outcome<VolunteerProfileView>> SaveAsync(ClaimsPrincipal actor, VolunteerProfileInput input, CancellationToken ct = default)
    {
        if (await MemberAsync(actor, ct) is not { LeerregioId: { } leerregioId } user)
        {
            return Outcome<VolunteerProfileView>.Fail("not-a-member", "", l["You are not a member of a leerregio yet. Choose your wijk in your account first."], 403);
        }
        var errors = new Dictionary<string, string>();
        var categories = (input.Categories ?? []).Distinct().ToList();
        if (categories.Any(c => !Enum.IsDefined(c)))
        {
            errors["Categories"] = l["Choose from the kinds of help in the list."];
        }
        else if (categories.Count == 0 && input.Available != false)
        {
            errors["Categories"] = l["Choose at least one kind of help you like to give, or pause your profile."];
        }
        var wijkIds = (input.WijkIds ?? []).Distinct().ToList();
        var known = await db.Wijken.Where(w => w.LeerregioId == leerregioId && wijkIds.Contains(w.Id)).Select(w => w.Id).ToListAsync(ct);
        if (wijkIds.Count == 0 || known.Count != wijkIds.Count)
        {
            errors["WijkIds"] = l["Choose one or more wijken of your leerregio."];
        }
        var availability = input.Availability?.Trim() ?? "";
        if (availability.Length > MaxAvailability)
        {
            errors["Availability"] = l["Write at most 200 characters about when you can help."];
        }
        var days = (input.Weekdays ?? []).Distinct().ToList();
        if (days.Any(d => !Enum.IsDefined(d)))
        {
            errors["Weekdays"] = l["Choose days of the week from the list."];
        }
        if (input.Available is null)
        {
            errors["Available"] = l["Say whether you can be asked now, or want a pause."];
        }
        if (errors.Count > 0)
        {
            return Outcome<VolunteerProfileView>.Invalid(errors);
        }
        // The home wijk is the main one when it was chosen, so that older readers of WijkId keep seeing where someone lives.
        var main = user.WijkId is { } home && wijkIds.Contains(home) ? home : wijkIds.Min();
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var p = await db.HelpVolunteerProfiles.FirstOrDefaultAsync(x => x.UserId == user.Id && x.LeerregioId == leerregioId, ct);
        if (p is null)
        {
            p = new HelpVolunteerProfile { LeerregioId = leerregioId, UserId = user.Id };
            db.HelpVolunteerProfiles.Add(p);
        }
        p.WijkId = main;
        p.Categories = Bits(categories);
        p.Weekdays = Bits(days);
        p.Availability = availability;
        p.Active = input.Available!.Value;
        p.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await db.Set<HelpVolunteerWijk>().Where(w => w.ProfileId == p.Id).ExecuteDeleteAsync(ct);
        db.Set<HelpVolunteerWijk>().AddRange(wijkIds.Select(w => new HelpVolunteerWijk { ProfileId = p.Id, WijkId = w, LeerregioId = leerregioId }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<VolunteerProfileView>.Ok((await GetAsync(actor, ct))!);
    }

    /// <summary>The AVG export of one member's profiles.</summary>
    internal async Task<object> ExportAsync(string userId, CancellationToken ct)
    {
        var profiles = await db.HelpVolunteerProfiles.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.Id).ToListAsync(ct);
        var ids = profiles.Select(p => p.Id).ToList();
        var wijken = await db.Set<HelpVolunteerWijk>().AsNoTracking().Where(w => ids.Contains(w.ProfileId)).ToListAsync(ct);
        return profiles.Select(p => new
        {
            p.LeerregioId, p.WijkId, Wijken = wijken.Where(w => w.ProfileId == p.Id).Select(w => w.WijkId).Order().ToList(),
            Categories = CategoriesOf(p.Categories).Select(c => c.ToString()).ToList(),
            Weekdays = WeekdaysOf(p.Weekdays).Select(d => d.ToString()).ToList(),
            p.Availability, Available = p.Active, p.UpdatedAt,
        }).ToList();
    }
}
