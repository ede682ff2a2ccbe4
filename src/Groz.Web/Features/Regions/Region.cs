using System.Text.RegularExpressions;

namespace Groz.Web.Features.Regions;

/// <summary>A GROZ learning region. One installation hosts several; every record of every module belongs to one.</summary>
public sealed class Leerregio
{
    public int Id { get; set; }
    /// <summary>Short, stable name used in URLs and imports, e.g. "utrecht".</summary>
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Wijk> Wijken { get; } = [];
}

/// <summary>
/// CBS reference data, shared by all leerregio's: one gemeente can hold wijken of two leerregio's
/// (Utrecht holds Kanaleneiland as well as Leidsche Rijn). A leerregio's gemeenten are those of its wijken.
/// </summary>
public sealed class Gemeente
{
    public int Id { get; set; }
    /// <summary>CBS code, GM followed by 4 digits.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>The year of the CBS division the code belongs to: codes are re-used and re-cut between years.</summary>
    public int DivisionYear { get; set; }
    public List<Wijk> Wijken { get; } = [];
}

public sealed class Wijk
{
    public int Id { get; set; }
    public int GemeenteId { get; set; }
    public Gemeente? Gemeente { get; set; }
    public int LeerregioId { get; set; }
    public Leerregio? Leerregio { get; set; }
    /// <summary>CBS code, WK followed by the 4 digits of the gemeente and 2 of its own.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int DivisionYear { get; set; }
    public int? Residents { get; set; }
    /// <summary>Four-digit postcodes (PC4) that lie mostly in this wijk, separated by spaces: how a resident finds their wijk.</summary>
    public string Postcodes { get; set; } = "";
    public List<Buurt> Buurten { get; } = [];
}

public sealed class Buurt
{
    public int Id { get; set; }
    public int WijkId { get; set; }
    public Wijk? Wijk { get; set; }
    /// <summary>Copied from the wijk, so that isolation is one WHERE clause rather than a join.</summary>
    public int LeerregioId { get; set; }
    /// <summary>CBS code, BU followed by the 6 digits of the wijk and 2 of its own.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int DivisionYear { get; set; }
    public int? Residents { get; set; }
}

/// <summary>The format rules of CBS area codes (Wijk- en Buurtkaart): each level extends the code of its parent.</summary>
public static partial class CbsCode
{
    [GeneratedRegex("^GM[0-9]{4}$")] private static partial Regex GemeenteRegex();
    [GeneratedRegex("^WK[0-9]{6}$")] private static partial Regex WijkRegex();
    [GeneratedRegex("^BU[0-9]{8}$")] private static partial Regex BuurtRegex();

    public static bool IsGemeente(string? code) => code is not null && GemeenteRegex().IsMatch(code);
    public static bool IsWijk(string? code) => code is not null && WijkRegex().IsMatch(code);
    public static bool IsBuurt(string? code) => code is not null && BuurtRegex().IsMatch(code);

    /// <summary>True when the wijk code carries the digits of its gemeente (WK0344xx under GM0344).</summary>
    public static bool WijkBelongsTo(string wijkCode, string gemeenteCode) =>
        IsWijk(wijkCode) && IsGemeente(gemeenteCode) && wijkCode.AsSpan(2, 4).SequenceEqual(gemeenteCode.AsSpan(2, 4));

    public static bool BuurtBelongsTo(string buurtCode, string wijkCode) =>
        IsBuurt(buurtCode) && IsWijk(wijkCode) && buurtCode.AsSpan(2, 6).SequenceEqual(wijkCode.AsSpan(2, 6));

    /// <summary>CBS publishes a division every year since 2003; a year far ahead is a typo.</summary>
    public static bool IsValidYear(int year) => year is >= 2003 and <= 2100;
}
