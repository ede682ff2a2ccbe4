using System.Globalization;
using Groz.Web.Data;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>What the Tijdbank pages share: reading hours and minutes, choosing a counterpart, and putting RecordTransfer's refusals next to the right field.</summary>
public static class TimeBankPages
{
    /// <summary>More than any limit a bank can have; keeps hours × 60 far from overflowing.</summary>
    public const int MaxHours = 10_000;
    /// <summary>The longest list of names a form shows; a search narrows it.</summary>
    public const int MaxChoices = 200;

    public sealed record Choice(int AccountId, string Name);

    /// <summary>Hours and minutes as typed, as one amount of minutes; null (with a message at the field) when they are not whole, in range numbers.</summary>
    public static int? ToMinutes(int? hours, int? minutes, ModelStateDictionary state, IStringLocalizer l, string prefix = "Input")
    {
        var ok = true;
        if (hours is < 0 or > MaxHours)
        {
            state.AddModelError($"{prefix}.Hours", l["Fill in whole hours, 0 or more."]);
            ok = false;
        }
        if (minutes is < 0 or > 59)
        {
            state.AddModelError($"{prefix}.Minutes", l["Fill in minutes from 0 to 59."]);
            ok = false;
        }
        return ok && state.IsValid ? (hours ?? 0) * 60 + (minutes ?? 0) : null;
    }

    /// <summary>RecordTransfer names the field of its command that is wrong; on a page that is one of the inputs (the amount: the hours).</summary>
    public static void AddError(ModelStateDictionary state, TransferResult result, string prefix = "Input")
    {
        var key = result.Field switch
        {
            "Minutes" => $"{prefix}.Hours",
            "ToAccountId" => $"{prefix}.ToAccountId",
            "Description" => $"{prefix}.Description",
            "Reason" => $"{prefix}.Reason",
            _ => "",
        };
        state.AddModelError(key, result.Message ?? "");
    }

    /// <summary>
    /// Member and organisation accounts of a leerregio that can receive hours, by name only (never an e-mail address),
    /// optionally narrowed by a part of the name. Former and unconfirmed members are left out: transfers to them are refused.
    /// </summary>
    public static Task<List<Choice>> ChoicesAsync(GrozDbContext db, int leerregioId, int? exceptAccountId, string? search, CancellationToken ct = default)
    {
        var accounts = db.TimeAccounts.AsNoTracking()
            .Where(a => a.LeerregioId == leerregioId && (a.Kind == TimeAccountKind.Member || a.Kind == TimeAccountKind.Organisation) && a.Id != exceptAccountId)
            .Where(a => a.UserId == null || db.Users.Any(u => u.Id == a.UserId && u.EmailConfirmed && u.ErasedAt == null));
        if (!string.IsNullOrWhiteSpace(search))
        {
            var part = search.Trim().ToLower(CultureInfo.InvariantCulture);
            accounts = accounts.Where(a => a.Name.ToLower().Contains(part));
        }
        return accounts.OrderBy(a => a.Name).ThenBy(a => a.Id).Take(MaxChoices).Select(a => new Choice(a.Id, a.Name)).ToListAsync(ct);
    }

    /// <summary>The transfer kind as a person reads it.</summary>
    public static string KindName(IStringLocalizer l, string kind) => l[$"timebank.kind.{kind}"];

    private static readonly TimeZoneInfo Netherlands = FindNetherlands();

    /// <summary>Times are stored in UTC; people read them in Dutch time.</summary>
    public static DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Netherlands).DateTime;

    /// <summary>Midnight of a Dutch calendar day, as the moment it is in UTC (reports and caps count whole Dutch days).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Netherlands.GetUtcOffset(local)).ToUniversalTime();
    }

    private static TimeZoneInfo FindNetherlands()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        }
        catch (TimeZoneNotFoundException)
        {
            // A machine without time zone data: UTC is still a correct, if less friendly, answer.
            return TimeZoneInfo.Utc;
        }
    }
}
