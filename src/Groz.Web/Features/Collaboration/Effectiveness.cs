using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Collaboration;

public sealed record EffectivenessInput(int? Working, string? Helps, string? Hinders);

/// <summary>One quarter of a collaboration's check: how many answered and, when enough did (or for a coordinator), the average.</summary>
public sealed record QuarterResult(DateOnly Quarter, int Answers, decimal? Average, bool Suppressed);

/// <summary>
/// The effectiveness check of a samenwerkingsverband: "is it working" (1–5), what helps, what hinders, once per quarter
/// per person (answering again in the same quarter replaces the answer). Who may answer: the people linked to one of its
/// member organisations in the wijkportaal. That list already exists and is kept by the organisations themselves, so no
/// link has to be sent around and nobody outside the collaboration can weigh in. Averages are shown only from
/// <see cref="MinAnswers"/> answers on, except to the leerregio's coordinators, who steer the collaboration and also read
/// the texts; nobody else ever sees a single answer.
/// </summary>
public sealed class Effectiveness(GrozDbContext db, TimeProvider time, IStringLocalizer<SharedResource> l)
{
    public const int MinAnswers = 5;
    public const int MaxText = 2000;

    public static DateOnly QuarterOf(DateOnly day) => new(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1);

    public DateOnly CurrentQuarter => QuarterOf(DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow())));

    public Task<bool> MayAnswerAsync(ClaimsPrincipal user, Collaboration c, CancellationToken ct = default)
    {
        var userId = user.UserId();
        if (userId is null || c.Status == CollaborationStatus.Ended)
        {
            return Task.FromResult(false);
        }
        return db.SmOrganizationMembers.AnyAsync(m => m.UserId == userId && db.CollaborationMembers.Any(x => x.CollaborationId == c.Id && x.OrganizationId == m.OrganizationId), ct);
    }

    public Task<EffectivenessAnswer?> MineAsync(ClaimsPrincipal user, int collaborationId, CancellationToken ct = default)
    {
        var userId = user.UserId();
        var quarter = CurrentQuarter;
        return db.EffectivenessAnswers.AsNoTracking().FirstOrDefaultAsync(a => a.CollaborationId == collaborationId && a.Quarter == quarter && a.UserId == userId, ct);
    }

    public async Task<Outcome<EffectivenessAnswer>> AnswerAsync(ClaimsPrincipal user, int collaborationId, EffectivenessInput input, CancellationToken ct = default)
    {
        var c = await db.Collaborations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == collaborationId, ct);
        if (c is null)
        {
            return Outcome<EffectivenessAnswer>.Fail("unknown-collaboration", null, l["This collaboration does not exist."], 404);
        }
        if (!await MayAnswerAsync(user, c, ct))
        {
            return Outcome<EffectivenessAnswer>.Fail("not-a-participant", null, l["Only people of the member organisations answer the check of this collaboration."], 403);
        }
        var errors = new Dictionary<string, string>();
        if (input.Working is not (>= 1 and <= 5))
        {
            errors["Working"] = l["Choose a number from 1 (not at all) to 5 (very well)."];
        }
        if ((input.Helps?.Length ?? 0) > MaxText)
        {
            errors["Helps"] = l["At most 2000 characters."];
        }
        if ((input.Hinders?.Length ?? 0) > MaxText)
        {
            errors["Hinders"] = l["At most 2000 characters."];
        }
        if (errors.Count > 0)
        {
            return Outcome<EffectivenessAnswer>.Invalid(errors);
        }
        var userId = user.UserId()!;
        var quarter = CurrentQuarter;
        var answer = await db.EffectivenessAnswers.FirstOrDefaultAsync(a => a.CollaborationId == c.Id && a.Quarter == quarter && a.UserId == userId, ct);
        if (answer is null)
        {
            answer = new EffectivenessAnswer { CollaborationId = c.Id, LeerregioId = c.LeerregioId, Quarter = quarter, UserId = userId };
            db.EffectivenessAnswers.Add(answer);
        }
        answer.Working = input.Working!.Value;
        answer.Helps = string.IsNullOrWhiteSpace(input.Helps) ? null : input.Helps.Trim();
        answer.Hinders = string.IsNullOrWhiteSpace(input.Hinders) ? null : input.Hinders.Trim();
        await db.SaveChangesAsync(ct);
        return Outcome<EffectivenessAnswer>.Ok(answer);
    }

    /// <summary>Per quarter, oldest first; the average (one decimal) is left out below <see cref="MinAnswers"/> unless the viewer coordinates the leerregio.</summary>
    public async Task<List<QuarterResult>> ResultsAsync(ClaimsPrincipal user, Collaboration c, CancellationToken ct = default)
    {
        var rows = await db.EffectivenessAnswers.AsNoTracking().Where(a => a.CollaborationId == c.Id)
            .GroupBy(a => a.Quarter).Select(g => new { Quarter = g.Key, N = g.Count(), Sum = g.Sum(a => a.Working) }).ToListAsync(ct);
        var manager = user.CanManage(c.LeerregioId);
        return [.. rows.OrderBy(r => r.Quarter).Select(r =>
        {
            var suppressed = r.N < MinAnswers && !manager;
            return new QuarterResult(r.Quarter, r.N, suppressed ? null : Math.Round((decimal)r.Sum / r.N, 1, MidpointRounding.AwayFromZero), suppressed);
        })];
    }

    /// <summary>The texts of what helps and hinders, for the coordinators only, newest quarter first.</summary>
    public async Task<List<EffectivenessAnswer>> TextsAsync(ClaimsPrincipal user, Collaboration c, CancellationToken ct = default) =>
        !user.CanManage(c.LeerregioId) ? [] : await db.EffectivenessAnswers.AsNoTracking()
            .Where(a => a.CollaborationId == c.Id && (a.Helps != null || a.Hinders != null)).OrderByDescending(a => a.Quarter).ThenBy(a => a.Id).Take(200).ToListAsync(ct);

    public static string QuarterName(DateOnly quarter) => $"{quarter.Year} Q{((quarter.Month - 1) / 3) + 1}";
}
