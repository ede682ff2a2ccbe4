using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Groz.Web.Features.TimeBank;

/// <summary>IBANs as ISO 13616 defines them: country, two check digits (mod 97), a national part of a fixed length per country.</summary>
public static partial class Iban
{
    public enum Problem { None, Empty, Characters, Country, Length, CheckDigits }

    /// <summary>
    /// Lengths of the countries in the SEPA area: a payout goes out as a SEPA credit transfer, so an IBAN from elsewhere
    /// could not be paid even if it is correct.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AT"] = 20, ["AX"] = 18, ["BE"] = 16, ["BG"] = 22, ["BL"] = 27, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24,
        ["DE"] = 22, ["DK"] = 18, ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GF"] = 27, ["GG"] = 22,
        ["GI"] = 23, ["GP"] = 27, ["GR"] = 27, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IM"] = 22, ["IS"] = 26, ["IT"] = 27,
        ["JE"] = 22, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MF"] = 27, ["MQ"] = 27, ["MT"] = 31,
        ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PM"] = 27, ["PT"] = 25, ["RE"] = 27, ["RO"] = 24, ["SE"] = 24, ["SI"] = 19,
        ["SK"] = 24, ["SM"] = 27, ["VA"] = 22, ["YT"] = 27,
    };

    /// <summary>As people type it ("nl91 abna 0417 1643 00"): without spaces, in capitals.</summary>
    public static string Normalize(string? input) =>
        string.Concat((input ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-')).ToUpperInvariant();

    /// <summary>What is wrong with a normalized IBAN, if anything.</summary>
    public static Problem Check(string iban)
    {
        if (iban.Length == 0)
        {
            return Problem.Empty;
        }
        if (!Shape().IsMatch(iban))
        {
            return Problem.Characters;
        }
        if (!Lengths.TryGetValue(iban[..2], out var length))
        {
            return Problem.Country;
        }
        if (iban.Length != length)
        {
            return Problem.Length;
        }
        return Mod97(iban) == 1 ? Problem.None : Problem.CheckDigits;
    }

    public static bool IsValid(string? input) => Check(Normalize(input)) == Problem.None;

    /// <summary>ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end and letters as 10–35.</summary>
    public static int Mod97(string iban)
    {
        var remainder = 0;
        foreach (var c in iban[4..] + iban[..4])
        {
            var value = char.IsDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }
        return remainder;
    }

    /// <summary>A correct IBAN for a country and national part (the check digits computed): for demo and synthetic data.</summary>
    public static string Make(string country, string bban)
    {
        var check = 98 - Mod97(country + "00" + bban);
        return country + check.ToString("00", CultureInfo.InvariantCulture) + bban;
    }

    /// <summary>"NL** **** **** **** 4300": the country and the last four characters, the rest hidden in groups of four.</summary>
    public static string Mask(string iban)
    {
        if (iban.Length < 8)
        {
            return new string('*', iban.Length);
        }
        var hidden = iban.Length - 8;
        var s = new StringBuilder(iban[..2]).Append("**");
        for (var i = 0; i < (hidden + 3) / 4; i++)
        {
            s.Append(" ****");
        }
        return s.Append(' ').Append(iban[^4..]).ToString();
    }

    /// <summary>In groups of four, as printed on a bank card.</summary>
    public static string Grouped(string iban) => string.Join(' ', iban.Chunk(4).Select(c => new string(c)));

    /// <summary>BIC (ISO 9362), the pattern of the pain.001.001.03 schema.</summary>
    public static bool IsValidBic(string? bic) => bic is not null && Bic().IsMatch(bic);

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$")]
    private static partial Regex Shape();

    [GeneratedRegex("^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$")]
    private static partial Regex Bic();
}
