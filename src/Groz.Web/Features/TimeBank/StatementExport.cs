using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Groz.Web.Features.TimeBank;

/// <summary>
/// A whole statement as a file (CSV or XLSX), oldest line first as in a bank statement: date, kind, description,
/// counterpart (a name, never an e-mail address), minutes in and out, and the balance after each line.
/// The lines come from <see cref="Statement.PageAsync"/>, so the file and the page can never disagree.
/// </summary>
public static class StatementExport
{
    public sealed record Line(DateTime Date, string Kind, string Description, string Counterpart, int MinutesIn, int MinutesOut, int BalanceAfterMinutes);

    public static async Task<List<Line>> LinesAsync(GrozDbContext db, TimeAccount account, IStringLocalizer l, CancellationToken ct = default)
    {
        var total = await db.TimeEntries.CountAsync(e => e.AccountId == account.Id, ct);
        var (lines, _) = await Statement.PageAsync(db, account, 1, Math.Max(total, 1), ct);
        var ids = lines.Select(x => x.CounterpartAccountId).Distinct().ToList();
        var names = await db.TimeAccounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return lines.AsEnumerable().Reverse().Select(x => new Line(
            TimeBankPages.Local(x.At), TimeBankPages.KindName(l, x.Kind), x.Description, names.GetValueOrDefault(x.CounterpartAccountId, ""),
            Math.Max(x.Minutes, 0), Math.Max(-x.Minutes, 0), x.BalanceAfterMinutes)).ToList();
    }

    private static string[] Headers(IStringLocalizer l) =>
        [l["Date"], l["Kind"], l["Description"], l["Counterpart"], l["Minutes in"], l["Minutes out"], l["Balance after (minutes)"]];

    /// <summary>UTF-8 with a byte order mark (so that Excel reads é and ë), separated by ";" in Dutch as Dutch Excel expects.</summary>
    public static byte[] Csv(IReadOnlyList<Line> lines, IStringLocalizer l, bool dutch)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = dutch ? ";" : "," };
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, config))
        {
            foreach (var header in Headers(l))
            {
                csv.WriteField(header);
            }
            csv.NextRecord();
            foreach (var x in lines)
            {
                csv.WriteField(x.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                csv.WriteField(x.Kind);
                csv.WriteField(AsText(x.Description));
                csv.WriteField(AsText(x.Counterpart));
                csv.WriteField(x.MinutesIn);
                csv.WriteField(x.MinutesOut);
                csv.WriteField(x.BalanceAfterMinutes);
                csv.NextRecord();
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Descriptions and names are typed by members: one that starts like a formula ("=", "+", "-", "@") gets a leading
    /// apostrophe so a spreadsheet shows it as text. Only text columns: the minutes stay plain (negative) numbers.
    /// </summary>
    internal static string AsText(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// <summary>One sheet; dates as real dates and minutes as numbers, so that a spreadsheet can add them up.</summary>
    public static async Task<byte[]> XlsxAsync(IReadOnlyList<Line> lines, IStringLocalizer l, CancellationToken ct = default)
    {
        var h = Headers(l);
        var rows = lines.Select(x => new Dictionary<string, object>
        {
            [h[0]] = x.Date, [h[1]] = x.Kind, [h[2]] = x.Description, [h[3]] = x.Counterpart,
            [h[4]] = x.MinutesIn, [h[5]] = x.MinutesOut, [h[6]] = x.BalanceAfterMinutes,
        }).ToList();
        if (rows.Count == 0)
        {
            // Without a row MiniExcel cannot know the columns: an empty statement still gets its header line.
            rows.Add(h.ToDictionary(x => x, _ => (object)""));
        }
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, rows, sheetName: l["Statement"], cancellationToken: ct);
        return buffer.ToArray();
    }

    /// <summary>"tijdbank-fatima-de-vries-12-2025-05-01.csv": the account (name and number) and the day of the export.</summary>
    public static string FileName(TimeAccount account, DateTimeOffset now, string extension)
    {
        var name = new StringBuilder();
        foreach (var c in account.Name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }
        var date = TimeBankPages.Local(now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"tijdbank-{name.ToString().Trim('-')}-{account.Id}-{date}.{extension}");
    }

    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv; charset=utf-8";
}
