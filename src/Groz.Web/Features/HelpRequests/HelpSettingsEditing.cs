using System.Globalization;
using System.Security.Claims;
using System.Text;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

public sealed record HelpTargetInput(HelpUrgency? Urgency, int? FirstResponseMinutes, int? MatchMinutes);

/// <summary>New settings of a leerregio; every part is required, so that a PUT says the whole of it.</summary>
public sealed record HelpSettingsInput(IReadOnlyList<HelpTargetInput>? Targets, int? AskExpiryMinutes, int? RetentionDays);

/// <summary>
/// The coordinators' settings of Hulpvragen: targets per urgency, how long a volunteer's link stays valid, and how long
/// personal data of a closed request is kept. All or nothing: one bad value refuses the whole change, each bad value
/// with its own message. Every change is in the audit log with the old and new values.
/// New targets count for questions asked or triaged from now on; the deadlines already on open requests stay, so that
/// "handled within target" in a report does not change after the fact.
/// </summary>
public sealed class HelpSettingsEditing(GrozDbContext db, HelpRequests help, AuditLog audit, IStringLocalizer<SharedResource> l)
{
    public const int MinTargetMinutes = 60;
    public const int MaxFirstResponseMinutes = 30 * 24 * 60;
    public const int MaxMatchMinutes = 90 * 24 * 60;
    public const int MinAskExpiryMinutes = 60;
    public const int MaxAskExpiryMinutes = 14 * 24 * 60;
    public const int MinRetentionDays = 30;
    public const int MaxRetentionDays = 3650;

    /// <summary>Most urgent first, as the page and the API list them.</summary>
    public static IReadOnlyList<HelpUrgency> Urgencies { get; } = [HelpUrgency.High, HelpUrgency.Normal, HelpUrgency.Low];

    public static string Key(HelpUrgency u, string field) => $"Targets.{u}.{field}";

    /// <summary>Coordinators and administrators change; the leerregio's buurtassistenten may read (they work with the targets).</summary>
    public static bool MayRead(ClaimsPrincipal actor, int leerregioId) => HelpRequests.IsStaffOfLeerregio(actor, leerregioId);

    public async Task<Outcome<HelpRequestSettings>> UpdateAsync(ClaimsPrincipal actor, int leerregioId, HelpSettingsInput input, CancellationToken ct = default)
    {
        if (!actor.CanManage(leerregioId))
        {
            return Outcome<HelpRequestSettings>.Fail("not-allowed", "", l["Only a coordinator of this leerregio can change these settings."], 403);
        }
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return Outcome<HelpRequestSettings>.Invalid(errors);
        }
        var settings = await help.SettingsAsync(leerregioId, ct);
        var before = Describe(settings);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        settings.AskExpiryMinutes = input.AskExpiryMinutes!.Value;
        settings.RetentionDays = input.RetentionDays!.Value;
        foreach (var t in input.Targets!)
        {
            var target = settings.Targets.FirstOrDefault(x => x.Urgency == t.Urgency);
            if (target is null)
            {
                target = new HelpTarget { LeerregioId = leerregioId, Urgency = t.Urgency!.Value };
                settings.Targets.Add(target);
            }
            target.FirstResponseMinutes = t.FirstResponseMinutes!.Value;
            target.MatchMinutes = t.MatchMinutes!.Value;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var after = Describe(settings);
        if (after != before)
        {
            await audit.WriteAsync("helprequest.settings-changed", nameof(HelpRequestSettings), leerregioId.ToString(CultureInfo.InvariantCulture), leerregioId,
                $"{before} → {after}", ct: ct);
        }
        return Outcome<HelpRequestSettings>.Ok(settings);
    }

    private Dictionary<string, string> Validate(HelpSettingsInput input)
    {
        var errors = new Dictionary<string, string>();
        var targets = input.Targets ?? [];
        if (targets.Any(t => t.Urgency is not { } u || !Enum.IsDefined(u)) || targets.Select(t => t.Urgency).Distinct().Count() != targets.Count
            || Urgencies.Any(u => targets.All(t => t.Urgency != u)))
        {
            errors["Targets"] = l["Give the targets for each urgency (high, normal, low) once."];
        }
        else
        {
            foreach (var t in targets)
            {
                var u = t.Urgency!.Value;
                if (t.FirstResponseMinutes is not { } first || first < MinTargetMinutes || first > MaxFirstResponseMinutes)
                {
                    errors[Key(u, "FirstResponseMinutes")] = l["The first response target must be between 1 hour and 30 days."];
                }
                if (t.MatchMinutes is not { } match || match < MinTargetMinutes || match > MaxMatchMinutes)
                {
                    errors[Key(u, "MatchMinutes")] = l["The match target must be between 1 hour and 90 days."];
                }
                else if (t.FirstResponseMinutes is { } f && match < f)
                {
                    errors[Key(u, "MatchMinutes")] = l["The match target cannot be shorter than the first response target."];
                }
            }
            // A more urgent question may never get more time than a less urgent one.
            for (var i = 1; i < Urgencies.Count; i++)
            {
                var more = targets.Single(t => t.Urgency == Urgencies[i - 1]);
                var less = targets.Single(t => t.Urgency == Urgencies[i]);
                if (more.FirstResponseMinutes > less.FirstResponseMinutes && !errors.ContainsKey(Key(Urgencies[i - 1], "FirstResponseMinutes")))
                {
                    errors[Key(Urgencies[i - 1], "FirstResponseMinutes")] = l["A more urgent question cannot have a longer target than a less urgent one."];
                }
                if (more.MatchMinutes > less.MatchMinutes && !errors.ContainsKey(Key(Urgencies[i - 1], "MatchMinutes")))
                {
                    errors[Key(Urgencies[i - 1], "MatchMinutes")] = l["A more urgent question cannot have a longer target than a less urgent one."];
                }
            }
        }
        if (input.AskExpiryMinutes is not { } expiry || expiry < MinAskExpiryMinutes || expiry > MaxAskExpiryMinutes)
        {
            errors["AskExpiryMinutes"] = l["A volunteer's link must stay valid between 1 hour and 14 days."];
        }
        if (input.RetentionDays is not { } days || days < MinRetentionDays || days > MaxRetentionDays)
        {
            errors["RetentionDays"] = l["Keep personal data between 30 and 3650 days after closing."];
        }
        return errors;
    }

    /// <summary>The values in one line for the audit log: minutes and days, no personal data.</summary>
    public static string Describe(HelpRequestSettings s)
    {
        var b = new StringBuilder();
        foreach (var u in Urgencies)
        {
            var t = s.Targets.FirstOrDefault(x => x.Urgency == u);
            b.Append(CultureInfo.InvariantCulture, $"{u} {t?.FirstResponseMinutes}/{t?.MatchMinutes} min; ");
        }
        b.Append(CultureInfo.InvariantCulture, $"ask expiry {s.AskExpiryMinutes} min; retention {s.RetentionDays} d");
        return b.ToString();
    }

    /// <summary>Minutes for people: "4 uur", "3 dagen", "1 dag en 12 uur".</summary>
    public static string Duration(IStringLocalizer l, int minutes)
    {
        var days = minutes / (24 * 60);
        var hours = minutes % (24 * 60) / 60;
        var rest = minutes % 60;
        var parts = new List<string>();
        if (days > 0)
        {
            parts.Add(days == 1 ? l["1 day"] : string.Format(CultureInfo.CurrentCulture, l["{0} days"], days));
        }
        if (hours > 0)
        {
            parts.Add(hours == 1 ? l["1 hour"] : string.Format(CultureInfo.CurrentCulture, l["{0} hours"], hours));
        }
        if (rest > 0 || parts.Count == 0)
        {
            parts.Add(string.Format(CultureInfo.CurrentCulture, l["{0} minutes"], rest));
        }
        return parts.Count == 1 ? parts[0] : string.Format(CultureInfo.CurrentCulture, l["{0} and {1}"], string.Join(", ", parts.Take(parts.Count - 1)), parts[^1]);
    }
}
