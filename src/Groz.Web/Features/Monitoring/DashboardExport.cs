using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Web.Features.TimeBank;
using Microsoft.Extensions.Localization;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Groz.Web.Features.Monitoring;

/// <summary>
/// What a dashboard shows, as a file (CSV or XLSX): one row per area and period (or wave, or dimension) of every chart,
/// with the indicator's code and name, the area's code and name, n, the value, its status and the area's target for that year. Built from the dashboard
/// itself, so a suppressed cell is "—" here too, with neither n nor value. The bar chart is left out: its cells are the
/// last period of the trend.
/// </summary>
public static class DashboardExport
{
    public sealed record Row(string Indicator, string IndicatorName, string AreaCode, string AreaName, string Period, int? N, decimal? Value, string Status, bool Hidden,
        decimal? Target = null);

    public const string Dash = "—";

    public static List<Row> Rows(MonitorDashboard d, IStringLocalizer l)
    {
        var rows = new List<Row>();
        foreach (var chart in d.Charts.Where(c => c.Id != "wijken"))
        {
            foreach (var line in chart.Lines)
            {
                for (var i = 0; i < chart.Columns.Count; i++)
                {
                    var cell = line.Cells[i];
                    if (cell.Status == ChartCell.Missing.Status)
                    {
                        continue;
                    }
                    var (code, name, period) = chart.Id switch
                    {
                        // The spider web: one indicator per dimension, the wave as the period.
                        "health" => (chart.ColumnKeys[i], chart.Columns[i], chart.Title),
                        _ => (chart.IndicatorCode ?? chart.Id, chart.Title, chart.Columns[i]),
                    };
                    rows.Add(new Row(code, name, line.Key, line.Name, chart.Id == "trend" ? chart.ColumnKeys[i] : period,
                        cell.Suppressed ? null : cell.N, cell.Suppressed ? null : cell.Value, Status(cell, l), cell.Suppressed, line.Targets is { } t ? t[i] : null));
                }
            }
        }
        return rows;
    }

    private static string Status(ChartCell cell, IStringLocalizer l) => cell.Status switch
    {
        nameof(ValueStatus.Suppressed) => l["hidden: too few people"],
        nameof(ValueStatus.Estimated) => l["estimated"],
        _ => l["measured"],
    };

    private static string[] Headers(IStringLocalizer l) =>
        [l["Indicator code"], l["Indicator"], l["Area code"], l["Area"], l["Period"], "n", l["Value"], l["Status"], l["Target"]];

    /// <summary>UTF-8 with a byte order mark, ";" and a decimal comma in Dutch (as Dutch Excel expects).</summary>
    public static byte[] Csv(IReadOnlyList<Row> rows, IStringLocalizer l, bool dutch)
    {
        var culture = dutch ? CultureInfo.GetCultureInfo("nl-NL") : CultureInfo.InvariantCulture;
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
            foreach (var r in rows)
            {
                var hidden = r.Hidden;
                csv.WriteField(r.Indicator);
                csv.WriteField(StatementExport.AsText(r.IndicatorName));
                csv.WriteField(r.AreaCode);
                csv.WriteField(StatementExport.AsText(r.AreaName));
                csv.WriteField(StatementExport.AsText(r.Period));
                csv.WriteField(hidden ? Dash : r.N?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(hidden ? Dash : r.Value?.ToString("0.##########", culture) ?? "");
                csv.WriteField(r.Status);
                // A target is a plan, not a measurement: shown also where the value is hidden.
                csv.WriteField(r.Target?.ToString("0.##########", culture) ?? "");
                csv.NextRecord();
            }
        }
        return buffer.ToArray();
    }

    /// <summary>One sheet; n and value as numbers, "—" as text where a cell is hidden.</summary>
    public static async Task<byte[]> XlsxAsync(IReadOnlyList<Row> rows, IStringLocalizer l, CancellationToken ct = default)
    {
        var h = Headers(l);
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            [h[0]] = r.Indicator, [h[1]] = r.IndicatorName, [h[2]] = r.AreaCode, [h[3]] = r.AreaName, [h[4]] = r.Period,
            [h[5]] = r.Hidden ? Dash : r.N, [h[6]] = r.Hidden ? Dash : r.Value, [h[7]] = r.Status, [h[8]] = r.Target,
        }).ToList();
        if (sheet.Count == 0)
        {
            sheet.Add(h.ToDictionary(x => x, _ => (object?)""));
        }
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, sheet, sheetName: l["Monitor"], cancellationToken: ct);
        return buffer.ToArray();
    }

    /// <summary>"monitor-utrecht-WK034408-2026-03.xlsx".</summary>
    public static string FileName(MonitorDashboard d, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"monitor-{d.Leerregio}{(d.Wijk is null ? "" : "-" + d.Wijk)}{(d.To.Length > 0 ? "-" + d.To : "")}.{extension}");
}
