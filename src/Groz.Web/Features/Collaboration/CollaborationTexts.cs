using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Collaboration;

/// <summary>The names of the module's enums in the UI language, in one place so that forms, detail pages and tables agree.</summary>
public static class CollaborationTexts
{
    public static string Type(IStringLocalizer l, CollaborationType t) => t switch
    {
        CollaborationType.Network => l["Network"],
        CollaborationType.Alliance => l["Alliance"],
        CollaborationType.Project => l["Project"],
        _ => l["Learning community"],
    };

    public static string Status(IStringLocalizer l, CollaborationStatus s) => s switch
    {
        CollaborationStatus.Planned => l["Planned"],
        CollaborationStatus.Active => l["Active"],
        CollaborationStatus.Paused => l["Paused"],
        _ => l["Ended"],
    };

    public static string Format(IStringLocalizer l, ConversationFormat f) => f == ConversationFormat.FocusGroup ? l["Focus group"] : l["Wijkgesprek"];

    public static string Place(IStringLocalizer l, PlaceKind p) => p switch
    {
        PlaceKind.Buurthuis => l["Buurthuis"],
        PlaceKind.Buurtteam => l["Buurtteam"],
        PlaceKind.Wijkbijeenkomst => l["Neighbourhood meeting"],
        PlaceKind.Street => l["In the street"],
        PlaceKind.Online => l["Online"],
        _ => l["Somewhere else"],
    };

    public static string Participant(IStringLocalizer l, ParticipantKinds k) => k switch
    {
        ParticipantKinds.Residents => l["Residents"],
        ParticipantKinds.Professionals => l["Professionals"],
        ParticipantKinds.Volunteers => l["Volunteers"],
        _ => l["Entrepreneurs"],
    };

    public static IReadOnlyList<ParticipantKinds> ParticipantKindList { get; } =
        [ParticipantKinds.Residents, ParticipantKinds.Professionals, ParticipantKinds.Volunteers, ParticipantKinds.Entrepreneurs];

    public static string Participants(IStringLocalizer l, ParticipantKinds kinds) =>
        string.Join(", ", ParticipantKindList.Where(k => kinds.HasFlag(k)).Select(k => Participant(l, k)));

    public static string ActionKindName(IStringLocalizer l, ActionKind k) => k switch
    {
        ActionKind.Collaboration => l["A collaboration"],
        ActionKind.Event => l["An activity"],
        ActionKind.Document => l["A document"],
        _ => l["Another link"],
    };

    public static List<KeyValuePair<string, string>> Options<T>(IEnumerable<T> values, Func<T, string> text) where T : struct, Enum =>
        [.. values.Select(v => new KeyValuePair<string, string>(v.ToString(), text(v)))];

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Empty is no date; <paramref name="bad"/> tells a date that was typed but cannot be read.</summary>
    public static DateOnly? ParseDate(string? text, out bool bad)
    {
        bad = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "d-M-yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }
        bad = true;
        return null;
    }

    /// <summary>
    /// A value the model binder could not convert leaves an error without a message (only an exception), which neither the
    /// summary nor the field would show: give each such error a message the user can act on.
    /// </summary>
    public static void NameUnreadableValues(ModelStateDictionary modelState, IStringLocalizer l)
    {
        foreach (var (key, entry) in modelState.Where(e => e.Value is { Errors.Count: > 0 }).ToList())
        {
            if (entry!.Errors.All(e => e.ErrorMessage.Length == 0))
            {
                entry.Errors.Clear();
                modelState.AddModelError(key, l["This value cannot be read. Check it and try again."]);
            }
        }
    }

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
