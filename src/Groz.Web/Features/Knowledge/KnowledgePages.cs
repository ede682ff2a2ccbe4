using System.Globalization;
using Groz.Web.Infrastructure;

namespace Groz.Web.Features.Knowledge;

/// <summary>Option lists and formatting the Kennisbank pages share.</summary>
public static class KnowledgePages
{
    public static List<KeyValuePair<string, string>> Kinds(KnowledgeLibrary library) =>
        Enum.GetValues<DocumentKind>().Select(k => new KeyValuePair<string, string>(k.ToString(), library.KindName(k))).ToList();

    public static List<KeyValuePair<string, string>> Bouwstenen(KnowledgeLibrary library) =>
        Enum.GetValues<BouwsteenKind>().Select(b => new KeyValuePair<string, string>(b.ToString(), library.BouwsteenName(b))).ToList();

    public static List<KeyValuePair<string, string>> Themes() =>
        Shared.Themes.All.Select(t => new KeyValuePair<string, string>(t.Code, Localization.IsDutch ? t.NameNl : t.NameEn)).ToList();

    public static string Date(DateTimeOffset at) => TimeBank.TimeBankPages.Local(at).ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    public static string Euros(decimal amount) => amount.ToString("C", CultureInfo.GetCultureInfo("nl-NL"));

    public static string Size(long bytes) => bytes < 1024 * 1024
        ? string.Create(CultureInfo.CurrentCulture, $"{Math.Max(1, bytes / 1024)} kB")
        : string.Create(CultureInfo.CurrentCulture, $"{bytes / (1024.0 * 1024):0.0} MB");

    public static string FileLink(int versionId) => $"/kennisbank/bestand/{versionId.ToString(CultureInfo.InvariantCulture)}";
}
