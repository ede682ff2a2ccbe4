using System.Net;
using Groz.Tests.Regions;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using static Groz.Tests.TimeBank.ConversionTestSupport;
using static Groz.Tests.TimeBank.TimeBankTestSupport;

namespace Groz.Tests.TimeBank;

/// <summary>The conversion pages as a browser without JavaScript uses them: request, decide, export, download, budgets and rates.</summary>
public sealed class ConversionPageTests(TimeBankApp app) : LedgerCheckedTests, IClassFixture<TimeBankApp>
{
    protected override TimeBankApp Ledger => app;

    private static readonly string Professional = DemoData.DemoEmail(GrozRole.Professional, "utrecht");
    private static readonly string Coordinator = DemoData.DemoEmail(GrozRole.Coordinator, "utrecht");

    private static Dictionary<string, string> Request(string hours, string minutes, string iban, string holder) => new()
    {
        ["Input.Hours"] = hours, ["Input.Minutes"] = minutes, ["Input.Iban"] = iban, ["Input.AccountHolder"] = holder,
    };

    [Fact]
    public async Task A_member_sees_the_rate_and_caps_calculates_and_requests_and_bad_input_stays_on_the_page()
    {
        await app.FundAsync(GrozRole.Professional, 120);
        await app.SetCapsAsync(200m, 2000m);
        using var client = await app.ClientForAsync(Professional);
        var account = await app.MemberAccountAsync(GrozRole.Professional);

        var home = await client.GetAsync("/tijdbank");
        Assert.NotNull(home.Html.QuerySelector("main a[href='/tijdbank/omzetten']"));
        var form = await client.GetAsync("/tijdbank/omzetten");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("10,00 per uur", form.Html.QuerySelector("#rate")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("200,00", form.Html.QuerySelector("#left-month")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Minutes.Format(account.BalanceMinutes, true), form.Html.QuerySelector("#balance")!.TextContent);

        var previewForm = form.Html.QuerySelector(".convert-form")!;
        previewForm.SetAttribute("action", previewForm.QuerySelector("button[formaction]")!.GetAttribute("formaction"));
        var preview = await client.SubmitAsync(form, Request("1", "30", "", ""), ".convert-form");
        Assert.Contains("15,00", preview.Html.QuerySelector("#preview")!.TextContent, StringComparison.Ordinal);

        var before = await app.EverythingAsync();
        (Dictionary<string, string> Fields, string Field)[] bad =
        [
            (Request("1", "0", "NL92ABNA0417164300", "Iemand"), "Input_Iban"),
            (Request("1", "0", "NL91ABNA041716430", "Iemand"), "Input_Iban"),
            (Request("1", "0", "", "Iemand"), "Input_Iban"),
            (Request("1", "0", GoodIban, ""), "Input_AccountHolder"),
            (Request("0", "0", GoodIban, "Iemand"), "Input_Hours"),
            (Request("-1", "0", GoodIban, "Iemand"), "Input_Hours"),
            (Request("1", "75", GoodIban, "Iemand"), "Input_Minutes"),
            (Request("abc", "0", GoodIban, "Iemand"), "Input_Hours"),
            (Request("500", "0", GoodIban, "Iemand"), "Input_Hours"), // more than the balance
        ];
        foreach (var (fields, field) in bad)
        {
            var page = await client.SubmitAsync(await client.GetAsync("/tijdbank/omzetten"), fields, ".convert-form");
            Assert.True(page.Status == HttpStatusCode.OK, $"{field}: {(int)page.Status}");
            Assert.False(string.IsNullOrEmpty(ErrorAt(page, field)), $"{field}: {page.Html.QuerySelector(".error-summary")?.TextContent}");
            Assert.Equal("true", page.Html.QuerySelector($"#{field}")!.GetAttribute("aria-invalid"));
            Assert.Contains($"{field}-error", page.Html.QuerySelector($"#{field}")!.GetAttribute("aria-describedby") ?? "", StringComparison.Ordinal);
        }
        Assert.Equal(before, await app.EverythingAsync());

        var sent = await client.SubmitAsync(await client.GetAsync("/tijdbank/omzetten"), Request("1", "0", "NL91 ABNA 0417 1643 00", "P. de Vakvrouw"), ".convert-form");
        Assert.Equal("/tijdbank/omzetten", sent.Location);
        var after = await client.FollowAsync(sent);
        Assert.Contains("10,00", after.Html.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        var row = after.Html.QuerySelector("table.conversions tbody tr")!.TextContent;
        Assert.Contains("NL** **** **** **** 4300", row, StringComparison.Ordinal);
        Assert.Contains("Wacht op besluit", row, StringComparison.Ordinal);
        Assert.DoesNotContain("0417", after.Html.QuerySelector("table.conversions")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("", after.Html.QuerySelector("#Input_Iban")!.GetAttribute("value"));
        Assert.Equal(account.BalanceMinutes - 60, await app.BalanceAsync(account.Id));
        Assert.Contains("190,00", after.Html.QuerySelector("#left-month")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_approves_refuses_exports_and_downloads_the_sepa_file_and_never_decides_their_own()
    {
        await app.FundAsync(GrozRole.Researcher, 120);
        await app.FundAsync(GrozRole.Coordinator, 60);
        var researcher = await app.TokenAsync(GrozRole.Researcher);
        var toApprove = await app.RequestAsync(researcher, 60, IbanFor(21), "R. Approve");
        var toRefuse = await app.RequestAsync(researcher, 30, IbanFor(22), "R. Refuse");
        var own = await app.RequestAsync(await app.TokenAsync(GrozRole.Coordinator), 30, IbanFor(23), "C. Zelf");
        using var client = await app.ClientForAsync(Coordinator);

        var manage = await client.GetAsync("/beheer/tijdbank/utrecht");
        Assert.NotNull(manage.Html.QuerySelector("main a[href='/beheer/tijdbank/utrecht/omzettingen']"));
        Assert.NotNull(manage.Html.QuerySelector("main a[href='/beheer/tijdbank/utrecht/budgetten']"));
        var list = await client.GetAsync("/beheer/tijdbank/utrecht/omzettingen");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("NL** **** **** ****", list.Html.QuerySelector("#pending")!.TextContent, StringComparison.Ordinal);
        Assert.Null(list.Html.QuerySelector($"form[action*='handler=approve&id={own.Id}']"));
        Assert.NotNull(list.Html.QuerySelector($"form[action*='handler=approve&id={toApprove.Id}']"));

        // Refusing without a reason: the message at that row's field, nothing changes.
        var before = await app.EverythingAsync();
        var noReason = await client.SubmitAsync(list, new Dictionary<string, string> { ["reason"] = "" }, $"form[action*='handler=reject&id={toRefuse.Id}']");
        Assert.Equal(HttpStatusCode.OK, noReason.Status);
        Assert.Equal("true", noReason.Html.QuerySelector($"#reason-{toRefuse.Id}")!.GetAttribute("aria-invalid"));
        Assert.NotNull(noReason.Html.QuerySelector($".error-summary a[href='#reason-{toRefuse.Id}']"));
        Assert.Equal(before, await app.EverythingAsync());

        var refused = await client.SubmitAsync(list, new Dictionary<string, string> { ["reason"] = "Dubbel" }, $"form[action*='handler=reject&id={toRefuse.Id}']");
        Assert.Equal("/beheer/tijdbank/utrecht/omzettingen", refused.Location);
        var approved = await client.SubmitAsync(await client.GetAsync("/beheer/tijdbank/utrecht/omzettingen"), new Dictionary<string, string>(),
            $"form[action*='handler=approve&id={toApprove.Id}']");
        Assert.Equal("/beheer/tijdbank/utrecht/omzettingen", approved.Location);
        Assert.Equal(ConversionStatus.Approved, await app.DbAsync(db => db.Conversions.Where(c => c.Id == toApprove.Id).Select(c => c.Status).SingleAsync()));
        Assert.Equal(ConversionStatus.Rejected, await app.DbAsync(db => db.Conversions.Where(c => c.Id == toRefuse.Id).Select(c => c.Status).SingleAsync()));

        var withApproved = await client.GetAsync("/beheer/tijdbank/utrecht/omzettingen");
        Assert.Contains("R. Approve", withApproved.Html.QuerySelector("#approved")!.TextContent, StringComparison.Ordinal);
        var exported = await client.SubmitAsync(withApproved, new Dictionary<string, string>(), ".export-form");
        Assert.Equal("/beheer/tijdbank/utrecht/omzettingen", exported.Location);
        var after = await client.FollowAsync(exported);
        Assert.Contains("SEPA", after.Html.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        var link = after.Html.QuerySelector("#batches tbody a")!.GetAttribute("href")!;
        var file = await client.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/xml", file.Content.Headers.ContentType!.MediaType);
        var doc = AssertValidPain001(await file.Content.ReadAsStringAsync());
        Assert.Contains(doc.Descendants(Ns + "IBAN"), i => i.Value == IbanFor(21));
        Assert.True(await app.DbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "timebank.payout-batch.downloaded")));

        // Nothing waits any more: the export form is gone.
        Assert.Null((await client.GetAsync("/beheer/tijdbank/utrecht/omzettingen")).Html.QuerySelector(".export-form"));
    }

    [Fact]
    public async Task Budgets_rates_and_settings_are_kept_on_one_page_with_errors_at_their_fields()
    {
        using var client = await app.ClientForAsync(Coordinator);
        var page = await client.GetAsync("/beheer/tijdbank/utrecht/budgetten");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Gemeente Utrecht", page.Html.QuerySelector("#budgets")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Html.QuerySelector("#movements"));
        Assert.Contains("10,00", page.Html.QuerySelector("#rates")!.TextContent, StringComparison.Ordinal);

        var before = await app.EverythingAsync();
        var bad = await client.SubmitAsync(page, new Dictionary<string, string>
        {
            ["NewBudget.Funder"] = "", ["NewBudget.AmountEuros"] = "100", ["NewBudget.PeriodFrom"] = "2026-01-01", ["NewBudget.PeriodTo"] = "2026-12-31",
        }, ".budget-form");
        Assert.False(string.IsNullOrEmpty(ErrorAt(bad, "NewBudget_Funder")));
        var badDate = await client.SubmitAsync(page, new Dictionary<string, string>
        {
            ["NewBudget.Funder"] = "Fonds", ["NewBudget.AmountEuros"] = "100", ["NewBudget.PeriodFrom"] = "1-1-2026", ["NewBudget.PeriodTo"] = "2026-12-31",
        }, ".budget-form");
        Assert.False(string.IsNullOrEmpty(ErrorAt(badDate, "NewBudget_PeriodFrom")));
        var badRate = await client.SubmitAsync(page, new Dictionary<string, string> { ["NewRate.EurosPerHour"] = "0", ["NewRate.ValidFrom"] = "2030-01-01" }, ".rate-form");
        Assert.False(string.IsNullOrEmpty(ErrorAt(badRate, "NewRate_EurosPerHour")));
        var badIban = await client.SubmitAsync(page, new Dictionary<string, string> { ["Conversion.PayerIban"] = "NL92ABNA0417164300" }, ".conversion-settings-form");
        Assert.Contains("typfout", ErrorAt(badIban, "Conversion_PayerIban"), StringComparison.Ordinal);
        Assert.Equal(before, await app.EverythingAsync());

        var added = await client.SubmitAsync(page, new Dictionary<string, string>
        {
            ["NewBudget.Funder"] = "VSB Fonds", ["NewBudget.AmountEuros"] = "1250,50", ["NewBudget.PeriodFrom"] = "2026-01-01", ["NewBudget.PeriodTo"] = "2026-12-31",
        }, ".budget-form");
        Assert.Equal("/beheer/tijdbank/utrecht/budgetten", added.Location);
        Assert.Equal(1250.50m, await app.DbAsync(db => db.Budgets.Where(b => b.Funder == "VSB Fonds").Select(b => b.RemainingEuros).SingleAsync()));
        var rate = await client.SubmitAsync(page, new Dictionary<string, string> { ["NewRate.EurosPerHour"] = "11,25", ["NewRate.ValidFrom"] = "2030-01-01" }, ".rate-form");
        Assert.Equal("/beheer/tijdbank/utrecht/budgetten", rate.Location);
        var saved = await client.SubmitAsync(page, new Dictionary<string, string> { ["Conversion.CapPerMonthEuros"] = "150" }, ".conversion-settings-form");
        Assert.Equal("/beheer/tijdbank/utrecht/budgetten", saved.Location);
        Assert.Equal(150m, await app.DbAsync(db => db.ConversionSettings.Where(s => db.Leerregios.Any(l => l.Id == s.LeerregioId && l.Slug == "utrecht")).Select(s => s.CapPerMonthEuros).SingleAsync()));
        var shown = await client.GetAsync("/beheer/tijdbank/utrecht/budgetten");
        Assert.Contains("VSB Fonds", shown.Html.QuerySelector("#budgets")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Storting", shown.Html.QuerySelector("#movements")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bewoner.utrecht@example.org", "utrecht")]
    [InlineData("coordinator.leidsche-rijn@example.org", "utrecht")]
    [InlineData("coordinator.utrecht@example.org", "leidsche-rijn")]
    public async Task The_coordinator_pages_of_a_leerregio_do_not_exist_for_others(string email, string slug)
    {
        using var client = await app.ClientForAsync(email);
        foreach (var url in new[] { $"/beheer/tijdbank/{slug}/omzettingen", $"/beheer/tijdbank/{slug}/budgetten", $"/beheer/tijdbank/{slug}/omzettingen?handler=xml&id=1" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).Status);
        }
    }
}
