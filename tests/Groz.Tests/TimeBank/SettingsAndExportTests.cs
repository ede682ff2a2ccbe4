using System.Globalization;
using System.Net;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Tests.Regions;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using static Groz.Tests.TimeBank.TimeBankTestSupport;

namespace Groz.Tests.TimeBank;

/// <summary>Bank settings (they change limits for everyone, so they get an app of their own) and the CSV/XLSX statements, parsed back.</summary>
public sealed class SettingsAndExportTests(GrozApp app) : IClassFixture<GrozApp>
{
    private static readonly string Coordinator = DemoData.DemoEmail(GrozRole.Coordinator, "utrecht");
    private static readonly string Resident = DemoData.DemoEmail(GrozRole.Resident, "utrecht");

    private static Dictionary<string, string> Settings(string memberMin = "-10", string memberMax = "50", string perTransfer = "5", string value = "17,50", bool confirm = true)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.MemberMinHours"] = memberMin, ["Input.MemberMaxHours"] = memberMax, ["Input.OrganisationMinHours"] = "-40", ["Input.OrganisationMaxHours"] = "400",
            ["Input.MaxPerTransferHours"] = perTransfer, ["Input.SocialValuePerHour"] = value,
        };
        if (confirm)
        {
            fields["Input.ExchangeNeedsConfirmation"] = "true";
        }
        return fields;
    }

    [Theory]
    [InlineData("Input.MemberMinHours", "5", "Input_MemberMinHours")]
    [InlineData("Input.MemberMaxHours", "0", "Input_MemberMaxHours")]
    [InlineData("Input.MemberMaxHours", "veel", "Input_MemberMaxHours")]
    [InlineData("Input.MaxPerTransferHours", "-1", "Input_MaxPerTransferHours")]
    [InlineData("Input.MaxPerTransferHours", "2,5", "Input_MaxPerTransferHours")]
    [InlineData("Input.SocialValuePerHour", "-3", "Input_SocialValuePerHour")]
    [InlineData("Input.SocialValuePerHour", "12,345", "Input_SocialValuePerHour")]
    [InlineData("Input.SocialValuePerHour", "", "Input_SocialValuePerHour")]
    public async Task Bad_settings_show_the_message_next_to_the_field_and_change_nothing(string field, string value, string fieldId)
    {
        using var client = await app.ClientForAsync(Coordinator);
        var before = await app.LedgerAsync();
        var fields = Settings();
        fields[field] = value;
        var page = await client.PostFormAsync("/beheer/tijdbank/utrecht/instellingen", fields);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotEqual("", ErrorAt(page, fieldId));
        Assert.Equal("true", page.Html.QuerySelector($"#{fieldId}")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.Html.QuerySelector($".error-summary a[href='#{fieldId}']"));
        Assert.Equal(before, await app.LedgerAsync());
    }

    [Theory]
    [InlineData("15.75", 15.75)]
    [InlineData("15,75", 15.75)]
    [InlineData("€ 15", 15)]
    public async Task An_amount_in_euros_means_the_same_with_a_dot_or_a_comma(string typed, double expected)
    {
        using var client = await app.ClientForAsync(Coordinator);
        var form = await client.GetAsync("/beheer/tijdbank/utrecht/instellingen");
        // Every other field as it stands, so that only the amount changes.
        var fields = form.Html.QuerySelectorAll("main form[method=post] input[name^='Input.']")
            .Where(i => i.GetAttribute("type") != "checkbox" || i.HasAttribute("checked"))
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["Input.SocialValuePerHour"] = typed;
        await client.SubmitAsync(form, fields);
        var leerregio = await app.LeerregioIdAsync("utrecht");
        Assert.Equal((decimal)expected, await app.DbAsync(db => db.TimeBanks.Where(b => b.LeerregioId == leerregio).Select(b => b.SocialValuePerHour).SingleAsync()));
    }

    [Fact]
    public async Task New_settings_are_saved_audited_and_the_new_limits_hold_for_existing_accounts()
    {
        using var client = await app.ClientForAsync(Coordinator);
        var audited = await app.AuditCountAsync("timebank.settings.changed");
        var form = await client.GetAsync("/beheer/tijdbank/utrecht/instellingen");
        Assert.Equal("-20", form.Html.QuerySelector("#Input_MemberMinHours")!.GetAttribute("value"));
        var saved = await client.SubmitAsync(form, Settings());
        Assert.Equal("/beheer/tijdbank/utrecht", saved.Location);

        var leerregio = await app.LeerregioIdAsync("utrecht");
        var bank = await app.DbAsync(db => db.TimeBanks.AsNoTracking().SingleAsync(b => b.LeerregioId == leerregio));
        Assert.Equal((-600, 3000, -2400, 24000, 300, true, 17.50m),
            (bank.MemberMinMinutes, bank.MemberMaxMinutes, bank.OrganisationMinMinutes, bank.OrganisationMaxMinutes, bank.MaxPerTransferMinutes, bank.ExchangeNeedsConfirmation, bank.SocialValuePerHour));
        var limits = await app.DbAsync(db => db.TimeAccounts.Where(a => a.LeerregioId == leerregio && a.Kind == TimeAccountKind.Member).Select(a => new { a.MinMinutes, a.MaxMinutes }).Distinct().ToListAsync());
        Assert.Equal((-600, 3000), (limits.Single().MinMinutes, limits.Single().MaxMinutes));
        // The other leerregio keeps its own bank.
        var other = await app.LeerregioIdAsync("leidsche-rijn");
        Assert.True(await app.DbAsync(db => db.TimeAccounts.Where(a => a.LeerregioId == other && a.Kind == TimeAccountKind.Member).AllAsync(a => a.MinMinutes == -1200)));
        Assert.Equal(audited + 1, await app.AuditCountAsync("timebank.settings.changed"));

        // The new per-transfer maximum holds on the member's form, and an exchange now waits for confirmation.
        using var member = await app.ClientForAsync(Resident);
        var volunteer = await app.MemberAccountAsync(GrozRole.Volunteer);
        var before = await app.LedgerAsync();
        var tooMuch = await member.PostFormAsync("/tijdbank/betalen", new Dictionary<string, string>
        {
            ["Input.ToAccountId"] = volunteer.Id.ToString(CultureInfo.InvariantCulture), ["Input.Hours"] = "6", ["Input.Minutes"] = "0", ["Input.Description"] = "Verhuizing",
        });
        Assert.Contains("5 u", ErrorAt(tooMuch, "Input_Hours"), StringComparison.Ordinal);
        Assert.Equal(before, await app.LedgerAsync());
        var pending = await member.PostFormAsync("/tijdbank/betalen", new Dictionary<string, string>
        {
            ["Input.ToAccountId"] = volunteer.Id.ToString(CultureInfo.InvariantCulture), ["Input.Hours"] = "1", ["Input.Minutes"] = "0", ["Input.Description"] = "Verhuisdozen",
        });
        Assert.Equal("/tijdbank", pending.Location);
        var home = await member.FollowAsync(pending);
        Assert.Contains("wacht op bevestiging", home.Html.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Verhuisdozen", home.Html.QuerySelector(".pending-list")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(await app.BalanceAsync(volunteer.Id), volunteer.BalanceMinutes);

        // Back to no confirmation, so that the export test below records completed transfers whatever the order.
        Assert.Equal("/beheer/tijdbank/utrecht", (await client.PostFormAsync("/beheer/tijdbank/utrecht/instellingen", Settings(confirm: false, perTransfer: "10"))).Location);
    }

    [Fact]
    public async Task A_statement_exports_as_csv_and_xlsx_with_the_same_lines_as_the_page()
    {
        using var member = await app.ClientForAsync(Resident);
        var me = await app.MemberAccountAsync(GrozRole.Resident);
        var volunteer = await app.MemberAccountAsync(GrozRole.Volunteer);
        await app.DbAsync(db => db.TimeBanks.ExecuteUpdateAsync(s => s.SetProperty(b => b.ExchangeNeedsConfirmation, false)));
        var paid = await member.PostFormAsync("/tijdbank/betalen", new Dictionary<string, string>
        {
            ["Input.ToAccountId"] = volunteer.Id.ToString(CultureInfo.InvariantCulture), ["Input.Hours"] = "0", ["Input.Minutes"] = "20", ["Input.Description"] = "Koffie; met \"taart\", en é",
        });
        Assert.Equal("/tijdbank", paid.Location);
        var account = await app.DbAsync(db => db.TimeAccounts.AsNoTracking().SingleAsync(a => a.Id == me.Id));
        var expected = await app.DbAsync(async db => (await Statement.PageAsync(db, account, 1, 1000)).Lines);
        expected.Reverse(); // files run oldest first

        var csv = await member.Http.GetAsync("/tijdbank?handler=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("text/csv", csv.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var csvName = csv.Content.Headers.ContentDisposition!.FileName!.Trim('"');
        Assert.Matches($@"^tijdbank-fatima-de-vries-{me.Id}-\d{{4}}-\d{{2}}-\d{{2}}\.csv$", csvName);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        using (var reader = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes[3..])), new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";" }))
        {
            var rows = new List<string[]>();
            while (reader.Read())
            {
                rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
            }
            Assert.Equal(["Datum", "Soort", "Omschrijving", "Tegenpartij", "Minuten erbij", "Minuten eraf", "Saldo daarna (minuten)"], rows[0]);
            Assert.Equal(expected.Count, rows.Count - 1);
            for (var i = 0; i < expected.Count; i++)
            {
                var (line, row) = (expected[i], rows[i + 1]);
                Assert.Equal(line.Description, row[2]);
                Assert.Equal(Math.Max(line.Minutes, 0), int.Parse(row[4], CultureInfo.InvariantCulture));
                Assert.Equal(Math.Max(-line.Minutes, 0), int.Parse(row[5], CultureInfo.InvariantCulture));
                Assert.Equal(line.BalanceAfterMinutes, int.Parse(row[6], CultureInfo.InvariantCulture));
            }
            var last = rows[^1];
            Assert.Equal(("Ruil", "Koffie; met \"taart\", en é", "Joost Bakker", "0", "20", account.BalanceMinutes.ToString(CultureInfo.InvariantCulture)),
                (last[1], last[2], last[3], last[4], last[5], last[6]));
        }

        var xlsx = await member.Http.GetAsync("/tijdbank?handler=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(StatementExport.XlsxType, xlsx.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".xlsx", xlsx.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        using (var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()))
        {
            var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(expected.Count, rows.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Description, rows[i]["Omschrijving"]);
                Assert.Equal(expected[i].BalanceAfterMinutes, Convert.ToInt32(rows[i]["Saldo daarna (minuten)"], CultureInfo.InvariantCulture));
                Assert.Equal(Math.Max(-expected[i].Minutes, 0), Convert.ToInt32(rows[i]["Minuten eraf"], CultureInfo.InvariantCulture));
                Assert.IsType<DateTime>(rows[i]["Datum"]);
            }
            Assert.Equal("Joost Bakker", rows[^1]["Tegenpartij"]);
        }

        // A coordinator exports any account of their leerregio (audited), in English when they chose English.
        using var coordinator = await app.ClientForAsync(Coordinator);
        var english = await coordinator.Http.GetAsync($"/beheer/tijdbank/utrecht/rekeningen/{me.Id}?handler=csv&culture=en");
        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        var text = Encoding.UTF8.GetString((await english.Content.ReadAsByteArrayAsync())[3..]);
        Assert.StartsWith("Date,Kind,Description,Counterpart,Minutes in,Minutes out,Balance after (minutes)", text, StringComparison.Ordinal);
        Assert.Contains("Exchange", text, StringComparison.Ordinal);
        Assert.Equal(1, await app.AuditCountAsync("timebank.statement.exported"));
        var coordinatorXlsx = await coordinator.Http.GetAsync($"/beheer/tijdbank/utrecht/rekeningen/{me.Id}?handler=xlsx");
        using (var stream = new MemoryStream(await coordinatorXlsx.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal(expected.Count, stream.Query(useHeaderRow: true).Count());
        }
        // A member cannot export someone else's statement: the coordinators' address does not exist for them.
        Assert.Equal(HttpStatusCode.NotFound, (await member.Http.GetAsync($"/beheer/tijdbank/utrecht/rekeningen/{volunteer.Id}?handler=csv")).StatusCode);
    }

    [Fact]
    public async Task An_empty_statement_still_exports_its_header()
    {
        var lines = new List<StatementExport.Line>();
        var l = new PassThroughLocalizer();
        var csv = Encoding.UTF8.GetString(StatementExport.Csv(lines, l, dutch: false)[3..]);
        Assert.Equal("Date,Kind,Description,Counterpart,Minutes in,Minutes out,Balance after (minutes)", csv.Trim());
        // A description that looks like a formula stays text.
        var formula = Encoding.UTF8.GetString(StatementExport.Csv([new(new DateTime(2025, 5, 1), "Exchange", "=HYPERLINK(\"x\")", "Joost", 0, 10, -10)], l, dutch: false)[3..]);
        Assert.DoesNotContain(",=HYPERLINK", formula, StringComparison.Ordinal);
        using var stream = new MemoryStream(await StatementExport.XlsxAsync(lines, l));
        var header = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().First();
        Assert.Equal("Date", header["A"]);
    }

    private sealed class PassThroughLocalizer : Microsoft.Extensions.Localization.IStringLocalizer
    {
        public Microsoft.Extensions.Localization.LocalizedString this[string name] => new(name, name);
        public Microsoft.Extensions.Localization.LocalizedString this[string name, params object[] arguments] => new(name, string.Format(CultureInfo.InvariantCulture, name, arguments));
        public IEnumerable<Microsoft.Extensions.Localization.LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
