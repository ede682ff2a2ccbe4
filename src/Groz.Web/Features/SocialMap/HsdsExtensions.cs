using System.Globalization;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// Groz's additions to the HSDS tables, exchanged as extra CSV columns named x_groz_* (HSDS lets a profile add fields;
/// other systems ignore them). A column that is missing from an imported file leaves the stored value as it is.
/// </summary>
public sealed record HsdsExtension(string Table, string Column, string Type, Func<object, HsdsExtensionContext, string?> Format,
    Func<object, string?, HsdsExtensionContext, string?> Apply)
{
    public static IReadOnlyList<HsdsExtension> All { get; } =
    [
        new("service", "x_groz_platforms", "string",
            (row, _) => ((Service)row).Platforms == DigitalPlatforms.None ? null : FormatPlatforms(((Service)row).Platforms),
            (row, text, _) =>
            {
                if (!TryParsePlatforms(text, out var p))
                {
                    return "web ios android";
                }
                ((Service)row).Platforms = p;
                return null;
            }),
        new("service", "x_groz_digid_required", "boolean",
            (row, _) => ((Service)row).DigiDRequired is { } b ? (b ? "true" : "false") : null,
            (row, text, _) =>
            {
                if (string.IsNullOrEmpty(text))
                {
                    ((Service)row).DigiDRequired = null;
                    return null;
                }
                if (!bool.TryParse(text, out var b))
                {
                    return "true/false";
                }
                ((Service)row).DigiDRequired = b;
                return null;
            }),
        new("service", "x_groz_start_help", "string", (row, _) => ((Service)row).StartHelp,
            (row, text, _) =>
            {
                ((Service)row).StartHelp = string.IsNullOrEmpty(text) ? null : text;
                return null;
            }),
        new("service", "x_groz_start_help_organization_id", "string", (row, _) => ((Service)row).StartHelpOrganizationId?.ToString("D"),
            (row, text, _) => SetGuid(text, g => ((Service)row).StartHelpOrganizationId = g)),
        new("service", "x_groz_owner_organization_id", "string", (row, _) => ((Service)row).OwnerOrganizationId?.ToString("D"),
            (row, text, _) => SetGuid(text, g => ((Service)row).OwnerOrganizationId = g)),
        new("service", "x_groz_last_checked_at", "datetime",
            (row, _) => ((Service)row).LastCheckedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
            (row, text, _) =>
            {
                if (string.IsNullOrEmpty(text))
                {
                    ((Service)row).LastCheckedAt = null;
                    return null;
                }
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                {
                    return "ISO 8601 date-time";
                }
                ((Service)row).LastCheckedAt = t;
                return null;
            }),
        new("location", "x_groz_wijk_code", "string", (row, ctx) => ctx.WijkCode(((Location)row).WijkId),
            (row, text, ctx) => ctx.SetWijk(text, id => ((Location)row).WijkId = id)),
        new("service_area", "x_groz_wijk_code", "string", (row, ctx) => ctx.WijkCode(((ServiceArea)row).WijkId),
            (row, text, ctx) => ctx.SetWijk(text, id => ((ServiceArea)row).WijkId = id)),
    ];

    public static IEnumerable<HsdsExtension> Of(HsdsTable table) => All.Where(e => e.Table == table.Name);

    /// <summary>Space-separated: "web ios android".</summary>
    public static string FormatPlatforms(DigitalPlatforms p) => string.Join(' ',
        new[] { (DigitalPlatforms.Web, "web"), (DigitalPlatforms.Ios, "ios"), (DigitalPlatforms.Android, "android") }.Where(x => p.HasFlag(x.Item1)).Select(x => x.Item2));

    public static bool TryParsePlatforms(string? text, out DigitalPlatforms platforms)
    {
        platforms = DigitalPlatforms.None;
        foreach (var word in (text ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            switch (word.ToLowerInvariant())
            {
                case "web": platforms |= DigitalPlatforms.Web; break;
                case "ios": platforms |= DigitalPlatforms.Ios; break;
                case "android": platforms |= DigitalPlatforms.Android; break;
                default: return false;
            }
        }
        return true;
    }

    private static string? SetGuid(string? text, Action<Guid?> set)
    {
        if (string.IsNullOrEmpty(text))
        {
            set(null);
            return null;
        }
        if (!Guid.TryParse(text, out var g))
        {
            return "uuid";
        }
        set(g);
        return null;
    }
}

/// <summary>The leerregio's wijken by CBS code, for x_groz_wijk_code.</summary>
public sealed class HsdsExtensionContext(IReadOnlyDictionary<int, string> codesById)
{
    private readonly Dictionary<string, int> _idsByCode = codesById.ToDictionary(x => x.Value, x => x.Key, StringComparer.Ordinal);

    /// <summary>Set when a wijk code was not one of the leerregio's: the importer reports it as unknown-wijk.</summary>
    public string? UnknownWijk { get; private set; }

    public string? WijkCode(int? id) => id is { } i ? codesById.GetValueOrDefault(i) : null;

    public string? SetWijk(string? code, Action<int?> set)
    {
        UnknownWijk = null;
        if (string.IsNullOrEmpty(code))
        {
            set(null);
            return null;
        }
        if (!_idsByCode.TryGetValue(code.Trim(), out var id))
        {
            UnknownWijk = code;
            return "unknown-wijk";
        }
        set(id);
        return null;
    }
}
