namespace Groz.Web.Features.Shared;

/// <summary>The societal themes of GROZ: the one taxonomy every module uses (DESIGN.md).</summary>
public static class Themes
{
    public sealed record Theme(string Code, string NameNl, string NameEn, bool Supporting);

    public static IReadOnlyList<Theme> All { get; } =
    [
        new("leefstijl", "Leefstijl dicht bij huis", "Lifestyle close to home", false),
        new("zorg-voor-elkaar", "Zorg voor elkaar", "Caring for each other", false),
        new("vitaal-werken", "Vitaal werken in de wijk", "Vital work in the neighbourhood", false),
        new("sociale-basis", "Sociale basisinfrastructuur", "Social base infrastructure", true),
        new("wijkportaal-data", "Wijkportaal & Data", "Neighbourhood portal & data", true),
        new("financiering", "Alternatieve financiering", "Alternative financing", true),
        new("ondernemen", "Ondernemen & Waarderen", "Enterprise & appreciation", true),
    ];

    public static bool IsKnown(string code) => All.Any(t => t.Code == code);

    public static string Name(string code, bool dutch) =>
        All.FirstOrDefault(t => t.Code == code) is { } t ? (dutch ? t.NameNl : t.NameEn) : code;
}
