using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.TimeBank;

/// <summary>What the conversion tests share: hours for a member to convert, the euro ledger as one string, and the XSD check.</summary>
public static class ConversionTestSupport
{
    public const string Api = "/api/v1/timebank";
    public const string GoodIban = "NL91ABNA0417164300";

    /// <summary>Correct IBANs of other banks (check digits computed), so that payouts in one batch differ.</summary>
    public static string IbanFor(int n) => Iban.Make("NL", "INGB" + (1_000_000_000L + n).ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Gives a member hours to convert: the entrepreneur (whose lower limit is lifted for these tests) pays them, in
    /// transfers of at most the bank's per-transfer maximum.
    /// </summary>
    public static async Task FundAsync(this TimeBankApp app, GrozRole role, int minutes, string leerregio = "utrecht")
    {
        var payer = await app.AccountIdAsync(GrozRole.Entrepreneur, leerregio);
        await app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == payer).ExecuteUpdateAsync(s => s.SetProperty(a => a.MinMinutes, (int?)null)));
        var token = await app.TokenAsync(GrozRole.Entrepreneur, leerregio);
        var to = await app.AccountIdAsync(role, leerregio);
        while (minutes > 0)
        {
            var part = Math.Min(minutes, 600);
            var reply = await app.PostTransferAsync(token, new { kind = "Exchange", fromAccountId = payer, toAccountId = to, minutes = part, description = "Uren om om te zetten" });
            Assert.True(reply.Status == HttpStatusCode.Created, reply.ToString());
            minutes -= part;
        }
    }

    public static Task<Reply> RequestAsync(this TimeBankApp app, string token, int minutes, string iban = GoodIban, string holder = "J. Jansen", int? accountId = null, string? key = null) =>
        app.SendAsync(HttpMethod.Post, $"{Api}/conversions", token, new { accountId, minutes, iban, accountHolder = holder }, key ?? Guid.NewGuid().ToString("N"));

    public static Task<Reply> ApproveAsync(this TimeBankApp app, string token, long id, int? budgetId = null, string? key = null) =>
        app.SendAsync(HttpMethod.Post, $"{Api}/conversions/{id}/approve", token, new { budgetId, note = "Akkoord" }, key ?? Guid.NewGuid().ToString("N"));

    public static Task<Reply> RejectAsync(this TimeBankApp app, string token, long id, string? reason = "Niet volgens de afspraken", string? key = null) =>
        app.SendAsync(HttpMethod.Post, $"{Api}/conversions/{id}/reject", token, new { reason }, key ?? Guid.NewGuid().ToString("N"));

    public static Task<Reply> ExportAsync(this TimeBankApp app, string token, int? leerregioId = null, string? key = null) =>
        app.SendAsync(HttpMethod.Post, $"{Api}/payout-batches", token, new { leerregioId }, key ?? Guid.NewGuid().ToString("N"));

    public static Task SetCapsAsync(this GrozApp app, decimal? perMonth, decimal? perYear, string leerregio = "utrecht") => app.DbAsync(async db =>
    {
        var id = await db.Leerregios.Where(l => l.Slug == leerregio).Select(l => l.Id).SingleAsync();
        await db.ConversionSettings.Where(s => s.LeerregioId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CapPerMonthEuros, perMonth).SetProperty(x => x.CapPerYearEuros, perYear));
    });

    /// <summary>Every conversion, budget, movement, rate and batch in one string: equal before and after means nothing changed in euros.</summary>
    public static Task<string> EuroLedgerAsync(this GrozApp app) => app.DbAsync(async db =>
    {
        var s = new StringBuilder();
        foreach (var c in await db.Conversions.OrderBy(x => x.Id).ToListAsync())
            s.Append(CultureInfo.InvariantCulture, $"C{c.Id}:{c.Status}:{c.AmountEuros}:{c.BudgetId}:{c.PayoutBatchId}:{c.ReversalTransferId}\n");
        foreach (var b in await db.Budgets.OrderBy(x => x.Id).ToListAsync())
            s.Append(CultureInfo.InvariantCulture, $"B{b.Id}:{b.AmountEuros}:{b.RemainingEuros}\n");
        s.Append(CultureInfo.InvariantCulture, $"M{await db.BudgetMovements.CountAsync()} R{await db.ConversionRates.CountAsync()} P{await db.PayoutBatches.CountAsync()}");
        return s.ToString();
    });

    /// <summary>Both ledgers and the idempotency keys: equal before and after a refused request means it changed nothing.</summary>
    public static async Task<string> EverythingAsync(this TimeBankApp app) => await app.LedgerSnapshotAsync() + "\n" + await app.EuroLedgerAsync();

    /// <summary>Invariant 6: no budget below zero, each budget's remaining amount the sum of its movements.</summary>
    public static Task AssertBudgetsHoldAsync(this GrozApp app) => app.DbAsync(async db =>
    {
        var sums = (await db.BudgetMovements.AsNoTracking().Select(m => new { m.BudgetId, m.AmountEuros }).ToListAsync())
            .GroupBy(m => m.BudgetId).ToDictionary(g => g.Key, g => g.Sum(m => m.AmountEuros));
        foreach (var b in await db.Budgets.AsNoTracking().ToListAsync())
        {
            Assert.True(b.RemainingEuros >= 0, $"budget {b.Id} below zero: {b.RemainingEuros}");
            Assert.Equal(b.RemainingEuros, sums.GetValueOrDefault(b.Id));
        }
        // Every approved or paid conversion holds exactly one reservation that was not released.
        foreach (var c in await db.Conversions.AsNoTracking().ToListAsync())
        {
            var moves = await db.BudgetMovements.Where(m => m.ConversionId == c.Id).Select(m => m.AmountEuros).ToListAsync();
            Assert.Equal(c.Status is ConversionStatus.Approved or ConversionStatus.Paid ? -c.AmountEuros : 0m, moves.Sum());
        }
    });

    private static readonly Lazy<XmlSchemaSet> Schema = new(() =>
    {
        var set = new XmlSchemaSet();
        // Copied unchanged from ../shared/standards/iso20022/pain.001.001.03.xsd (outside this repository).
        set.Add(SepaCreditTransfer.Namespace, Path.Combine(AppContext.BaseDirectory, "TimeBank", "pain.001.001.03.xsd"));
        set.Compile();
        return set;
    });

    /// <summary>Validates a pain.001.001.03 document against the ISO 20022 schema; fails the test with every schema error.</summary>
    public static XDocument AssertValidPain001(string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schema.Value };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + xml);
        return XDocument.Parse(xml);
    }

    public static XNamespace Ns => SepaCreditTransfer.Namespace;
}
