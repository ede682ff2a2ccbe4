using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank.Manage;

/// <summary>
/// The euro side of the leerregio's Tijdbank: budgets with what is left and every movement, the rates (a new one from
/// today or later; old ones stay), and the conversion settings (caps per person, the paying organisation).
/// </summary>
public sealed class BudgetsModel(GrozDbContext db, Banks banks, Conversions conversions, AuditLog audit, IStringLocalizer<SharedResource> l) : TimeBankManageModel(db, banks)
{
    public const int RecentMovements = 50;

    /// <summary>Dates as the date input sends them (yyyy-MM-dd), read by hand: model binding would read them in the page's culture.</summary>
    public sealed class BudgetInput
    {
        public string? Funder { get; set; }
        public decimal? AmountEuros { get; set; }
        public string? PeriodFrom { get; set; }
        public string? PeriodTo { get; set; }
        public int? WijkId { get; set; }
    }

    public sealed class RateInput
    {
        public decimal? EurosPerHour { get; set; }
        public string? ValidFrom { get; set; }
    }

    public sealed class SettingsInput
    {
        public decimal? CapPerMonthEuros { get; set; }
        public decimal? CapPerYearEuros { get; set; }
        public string? PayerName { get; set; }
        public string? PayerIban { get; set; }
        public string? PayerBic { get; set; }
    }

    public sealed record MovementRow(BudgetMovement Movement, string Funder);

    [BindProperty] public BudgetInput NewBudget { get; set; } = new();
    [BindProperty] public RateInput NewRate { get; set; } = new();
    [BindProperty] public SettingsInput Conversion { get; set; } = new();

    public List<Budget> Budgets { get; private set; } = [];
    public List<MovementRow> Movements { get; private set; } = [];
    public List<ConversionRate> Rates { get; private set; } = [];
    public ConversionRate? CurrentRate { get; private set; }
    public Dictionary<int, string> Wijken { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        await FillAsync(settingsForm: true);
        var today = conversions.Today;
        NewBudget.PeriodFrom = new DateOnly(today.Year, 1, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        NewBudget.PeriodTo = new DateOnly(today.Year, 12, 31).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        NewRate.ValidFrom = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostBudgetAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        var from = Date(NewBudget.PeriodFrom, "NewBudget.PeriodFrom");
        var to = Date(NewBudget.PeriodTo, "NewBudget.PeriodTo");
        if (ModelState.IsValid)
        {
            var result = await conversions.AddBudgetAsync(User, Leerregio.Id,
                new Conversions.BudgetInput(NewBudget.Funder, NewBudget.AmountEuros, from, to, NewBudget.WijkId), ct: HttpContext.RequestAborted);
            if (result.Value is { } budget)
            {
                TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["Budget of {0} from {1} added."], Euros.Format(budget.AmountEuros, Localization.IsDutch), budget.Funder);
                return Redirect($"{Home}/budgetten");
            }
            ModelState.AddModelError(result.Field is { } f ? $"NewBudget.{f}" : "", result.Message ?? "");
        }
        await FillAsync(settingsForm: true);
        return Page();
    }

    public async Task<IActionResult> OnPostRateAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        var from = Date(NewRate.ValidFrom, "NewRate.ValidFrom");
        if (ModelState.IsValid)
        {
            var result = await conversions.AddRateAsync(User, Leerregio.Id, new Conversions.RateInput(NewRate.EurosPerHour, from), ct: HttpContext.RequestAborted);
            if (result.Value is { } rate)
            {
                TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["Rate of {0} per hour added."], Euros.Format(rate.EurosPerHour, Localization.IsDutch));
                return Redirect($"{Home}/budgetten");
            }
            ModelState.AddModelError(result.Field is { } f ? $"NewRate.{f}" : "", result.Message ?? "");
        }
        await FillAsync(settingsForm: true);
        return Page();
    }

    public async Task<IActionResult> OnPostSettingsAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        var c = Conversion;
        void Check(bool ok, string field, string message)
        {
            var key = $"Conversion.{field}";
            if (!ok && (!ModelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0))
            {
                ModelState.AddModelError(key, message);
            }
        }
        static bool Euro(decimal? v) => v is null || (v >= 0 && v <= Conversions.MaxBudget && decimal.Round(v.Value, 2) == v);
        Check(Euro(c.CapPerMonthEuros), nameof(c.CapPerMonthEuros), l["Fill in an amount in euros, 0 or more, with at most two decimals; empty for no cap."]);
        Check(Euro(c.CapPerYearEuros), nameof(c.CapPerYearEuros), l["Fill in an amount in euros, 0 or more, with at most two decimals; empty for no cap."]);
        var iban = Iban.Normalize(c.PayerIban);
        var bic = (c.PayerBic ?? "").Trim().ToUpperInvariant();
        Check((c.PayerName ?? "").Trim().Length is > 0 and <= SepaCreditTransfer.MaxName, nameof(c.PayerName), l["Fill in the name of the organisation that pays (at most 70 characters)."]);
        Check(Conversions.IbanMessage(Iban.Check(iban), iban, l) is null, nameof(c.PayerIban), Conversions.IbanMessage(Iban.Check(iban), iban, l) ?? "");
        Check(Iban.IsValidBic(bic), nameof(c.PayerBic), l["Fill in the BIC of the paying bank (8 or 11 letters and digits, for example ABNANL2A)."]);
        if (!ModelState.IsValid)
        {
            await FillAsync(settingsForm: false);
            return Page();
        }
        var settings = await conversions.SettingsAsync(Leerregio.Id, HttpContext.RequestAborted);
        var before = Describe(settings);
        settings.CapPerMonthEuros = c.CapPerMonthEuros;
        settings.CapPerYearEuros = c.CapPerYearEuros;
        settings.PayerName = c.PayerName!.Trim();
        settings.PayerIban = iban;
        settings.PayerBic = bic;
        await Db.SaveChangesAsync(HttpContext.RequestAborted);
        await audit.WriteAsync("timebank.conversion-settings.changed", "leerregio", Leerregio.Slug, Leerregio.Id, $"{before} -> {Describe(settings)}", ct: HttpContext.RequestAborted);
        TempData["Message"] = l["The conversion settings have been saved."].Value;
        return Redirect($"{Home}/budgetten");
    }

    private static string Describe(ConversionSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"caps {s.CapPerMonthEuros}/{s.CapPerYearEuros}, payer {s.PayerName} {(s.PayerIban is { } i ? Iban.Mask(i) : "")} {s.PayerBic}");

    private DateOnly? Date(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        ModelState.AddModelError(key, l["Fill in a date, for example 2026-01-31."]);
        return null;
    }

    private async Task FillAsync(bool settingsForm)
    {
        var id = Leerregio.Id;
        var ct = HttpContext.RequestAborted;
        Budgets = await Db.Budgets.AsNoTracking().Where(b => b.LeerregioId == id).OrderByDescending(b => b.PeriodTo).ThenBy(b => b.Id).ToListAsync(ct);
        var ids = Budgets.Select(b => b.Id).ToList();
        var funders = Budgets.ToDictionary(b => b.Id, b => b.Funder);
        Movements = (await Db.BudgetMovements.AsNoTracking().Where(m => ids.Contains(m.BudgetId)).OrderByDescending(m => m.Id).Take(RecentMovements).ToListAsync(ct))
            .Select(m => new MovementRow(m, funders[m.BudgetId])).ToList();
        Rates = await Db.ConversionRates.AsNoTracking().Where(r => r.LeerregioId == id).OrderByDescending(r => r.ValidFrom).ToListAsync(ct);
        CurrentRate = await conversions.RateOnAsync(id, conversions.Today, ct);
        Wijken = await Db.Wijken.AsNoTracking().Where(w => w.LeerregioId == id).OrderBy(w => w.Name).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        if (settingsForm)
        {
            var s = await conversions.SettingsAsync(id, ct);
            Conversion = new SettingsInput
            {
                CapPerMonthEuros = s.CapPerMonthEuros, CapPerYearEuros = s.CapPerYearEuros, PayerName = s.PayerName,
                PayerIban = s.PayerIban is { } iban ? Iban.Grouped(iban) : null, PayerBic = s.PayerBic,
            };
        }
    }

    public string KindName(BudgetMovementKind kind) => l[$"timebank.budget-movement.{kind}"];
}
