using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Groz.Web.Features.TimeBank;

/// <summary>
/// Writes an ISO 20022 pain.001.001.03 credit transfer initiation as the Dutch banks' SEPA guidelines ask: one PmtInf
/// (one debtor account, one execution date), service level SEPA, charges shared (SLEV), one CdtTrfTxInf per payout.
/// Texts are reduced to the SEPA character set (Latin letters, digits and / - ? : ( ) . , ' + and space) and cut to
/// the schema's lengths; banks refuse a file with other characters even when the schema would accept them.
/// </summary>
public static class SepaCreditTransfer
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";
    public const int MaxName = 70;
    public const int MaxRemittance = 140;
    public const int MaxId = 35;

    public sealed record Debtor(string Name, string Iban, string Bic);

    public sealed record Payment(string EndToEndId, decimal AmountEuros, string CreditorName, string CreditorIban, string Remittance);

    public static string Write(string messageId, DateTime createdLocal, DateOnly executionDate, Debtor debtor, IReadOnlyList<Payment> payments)
    {
        XNamespace ns = Namespace;
        var sum = payments.Sum(p => decimal.Round(p.AmountEuros, 2, MidpointRounding.AwayFromZero));
        var count = payments.Count.ToString(CultureInfo.InvariantCulture);
        var debtorName = Text(debtor.Name, MaxName);
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(ns + "Document",
                new XElement(ns + "CstmrCdtTrfInitn",
                    new XElement(ns + "GrpHdr",
                        new XElement(ns + "MsgId", Id(messageId)),
                        new XElement(ns + "CreDtTm", createdLocal.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
                        new XElement(ns + "NbOfTxs", count),
                        new XElement(ns + "CtrlSum", Amount(sum)),
                        new XElement(ns + "InitgPty", new XElement(ns + "Nm", debtorName))),
                    new XElement(ns + "PmtInf",
                        new XElement(ns + "PmtInfId", Id(messageId + "-1")),
                        new XElement(ns + "PmtMtd", "TRF"),
                        new XElement(ns + "BtchBookg", "true"),
                        new XElement(ns + "NbOfTxs", count),
                        new XElement(ns + "CtrlSum", Amount(sum)),
                        new XElement(ns + "PmtTpInf", new XElement(ns + "SvcLvl", new XElement(ns + "Cd", "SEPA"))),
                        new XElement(ns + "ReqdExctnDt", executionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                        new XElement(ns + "Dbtr", new XElement(ns + "Nm", debtorName)),
                        new XElement(ns + "DbtrAcct", new XElement(ns + "Id", new XElement(ns + "IBAN", debtor.Iban))),
                        new XElement(ns + "DbtrAgt", new XElement(ns + "FinInstnId", new XElement(ns + "BIC", debtor.Bic))),
                        new XElement(ns + "ChrgBr", "SLEV"),
                        payments.Select(p => new XElement(ns + "CdtTrfTxInf",
                            new XElement(ns + "PmtId", new XElement(ns + "EndToEndId", Id(p.EndToEndId))),
                            new XElement(ns + "Amt", new XElement(ns + "InstdAmt", new XAttribute("Ccy", "EUR"), Amount(p.AmountEuros))),
                            new XElement(ns + "Cdtr", new XElement(ns + "Nm", Text(p.CreditorName, MaxName))),
                            new XElement(ns + "CdtrAcct", new XElement(ns + "Id", new XElement(ns + "IBAN", p.CreditorIban))),
                            new XElement(ns + "RmtInf", new XElement(ns + "Ustrd", Text(p.Remittance, MaxRemittance)))))))));
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            document.Save(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Two decimals and a point, whatever the server's culture.</summary>
    public static string Amount(decimal euros) => decimal.Round(euros, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Text in the SEPA character set: accents dropped (é → e), a few letters spelled out (ß → ss, æ → ae, &amp; → +),
    /// anything else a space; spaces collapsed, cut to <paramref name="max"/>. Never empty (the schema needs one character).
    /// </summary>
    public static string Text(string? input, int max)
    {
        var s = new StringBuilder();
        foreach (var c in (input ?? "").Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            s.Append(c switch
            {
                'ß' => "ss", 'æ' => "ae", 'Æ' => "AE", 'œ' => "oe", 'Œ' => "OE", 'ø' => "o", 'Ø' => "O", 'ł' => "l", 'Ł' => "L",
                'đ' => "d", 'Đ' => "D", 'þ' => "th", 'Þ' => "TH", 'ı' => "i", '&' => "+", '’' or '‘' or '`' => "'", '–' or '—' or '_' => "-",
                _ when Allowed(c) => c.ToString(),
                _ => " ",
            });
        }
        var collapsed = string.Join(' ', s.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length > max)
        {
            collapsed = collapsed[..max].TrimEnd();
        }
        return collapsed.Length == 0 ? "-" : collapsed;
    }

    /// <summary>An identifier: SEPA characters without spaces, at most 35, never starting or ending with "/" nor holding "//".</summary>
    public static string Id(string input)
    {
        var s = Text(input, int.MaxValue).Replace(' ', '-');
        while (s.Contains("//", StringComparison.Ordinal))
        {
            s = s.Replace("//", "/", StringComparison.Ordinal);
        }
        s = s.Trim('/');
        if (s.Length > MaxId)
        {
            s = s[..MaxId].Trim('/');
        }
        return s.Length == 0 ? "-" : s;
    }

    private static bool Allowed(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '/' or '-' or '?' or ':' or '(' or ')' or '.' or ',' or '\'' or '+' or ' ';
}
