using System.Globalization;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Groz.Web.Features.Events;

/// <summary>Small helpers the Activiteiten pages share.</summary>
public static class EventPages
{
    public static string Day(DateTimeOffset utc) => Recurrence.Local(utc).ToString(Localization.IsDutch ? "dddd d MMMM yyyy" : "dddd d MMMM yyyy", CultureInfo.CurrentCulture);

    public static string Time(DateTimeOffset utc) => Recurrence.Local(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Span(DateTimeOffset start, DateTimeOffset end) => $"{Day(start)}, {Time(start)}–{Time(end)}";

    public static string Cost(decimal euros) => euros == 0 ? "" : euros.ToString("C", CultureInfo.GetCultureInfo("nl-NL"));

    public static string Ticks(DateTimeOffset utc) => utc.UtcTicks.ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset? FromTicks(string? ticks) =>
        long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0 && t < DateTimeOffset.MaxValue.UtcTicks ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>A refused write on a page: every field message next to its field (prefix "Input."), the rest at the top.</summary>
    public static void AddErrors<T>(ModelStateDictionary modelState, Outcome<T> outcome, string prefix = "Input.") where T : class
    {
        foreach (var (field, message) in outcome.FieldErrors ?? new Dictionary<string, string> { [outcome.Field ?? ""] = outcome.Message! })
        {
            var key = field.Length == 0 || outcome.Status != 400 ? "" : prefix + field;
            if (!modelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0)
            {
                modelState.AddModelError(key, message);
            }
        }
    }
}
