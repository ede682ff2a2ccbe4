using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Shared;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>What the vraag-en-aanbod, conversation and winkel pages share: option lists, dates as typed, and putting a refusal at its field.</summary>
public static class MarketPages
{
    public static List<KeyValuePair<string, string>> ThemeOptions() =>
        Themes.All.Select(t => new KeyValuePair<string, string>(t.Code, Localization.IsDutch ? t.NameNl : t.NameEn)).ToList();

    public static Task<List<KeyValuePair<string, string>>> WijkOptionsAsync(GrozDbContext db, int leerregioId, CancellationToken ct = default) =>
        db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregioId).OrderBy(w => w.Name)
            .Select(w => new KeyValuePair<string, string>(w.Id.ToString(), w.Name)).ToListAsync(ct);

    public static string KindName(IStringLocalizer l, OfferKind kind) => kind == OfferKind.Offer ? l["Offered"] : l["Asked"];

    /// <summary>A date as a date input sends it (yyyy-MM-dd); empty is null; anything else a message at the field.</summary>
    public static DateOnly? ParseDate(string? text, string key, ModelStateDictionary state, IStringLocalizer l)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || DateOnly.TryParseExact(text.Trim(), "d-M-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return date;
        }
        state.AddModelError(key, l["Fill in a date like 31-12-2026."]);
        return null;
    }

    public static string FormatDate(DateOnly date) => date.ToString(Localization.IsDutch ? "d MMMM yyyy" : "d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>A refusal of <see cref="Marketplace"/> at its form field(s); one that belongs to no field goes to the top of the summary.</summary>
    public static void AddErrors<T>(ModelStateDictionary state, Outcome<T> outcome, string prefix = "Input") where T : class
    {
        var errors = outcome.FieldErrors ?? new Dictionary<string, string> { [outcome.Field ?? ""] = outcome.Message ?? "" };
        foreach (var (field, message) in errors)
        {
            state.AddModelError(field.Length == 0 ? "" : $"{prefix}.{field}", message);
        }
    }
}
