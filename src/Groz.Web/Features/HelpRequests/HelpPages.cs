using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

/// <summary>The form of a question, shared by the resident's page and the on-behalf page (strings as typed: dates and times are parsed with a message at the field).</summary>
public sealed class HelpForm
{
    public HelpCategory? Category { get; set; }
    public string? Description { get; set; }
    public string? HealthDetails { get; set; }
    public bool ShareHealthConsent { get; set; }
    public string? PreferredDate { get; set; }
    public string? PreferredFrom { get; set; }
    public string? PreferredUntil { get; set; }
    public ContactPreference? ContactPreference { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public int? WijkId { get; set; }
    public HelpUrgency? Urgency { get; set; }
    public string? ContactName { get; set; }
    public bool ProcessingConsent { get; set; }

    public HelpInput? ToInput(ModelStateDictionary state, IStringLocalizer l)
    {
        var date = MarketPages.ParseDate(PreferredDate, "Input.PreferredDate", state, l);
        var from = HelpPages.ParseTime(PreferredFrom, "Input.PreferredFrom", state, l);
        var until = HelpPages.ParseTime(PreferredUntil, "Input.PreferredUntil", state, l);
        return state.IsValid
            ? new HelpInput(Category, Description, HealthDetails, ShareHealthConsent, date, from, until, ContactPreference, ContactPhone, ContactEmail, WijkId, Urgency, ContactName, ProcessingConsent)
            : null;
    }
}

/// <summary>What the Hulpvragen pages share: option lists in the reader's language, times as typed, dates for people.</summary>
public static class HelpPages
{
    public static List<KeyValuePair<string, string>> Options<T>(IStringLocalizer l, string prefix) where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => new KeyValuePair<string, string>(v.ToString(), l[$"{prefix}.{v}"])).ToList();

    public static string Name<T>(IStringLocalizer l, string prefix, T value) where T : struct, Enum => l[$"{prefix}.{value}"];

    public static TimeOnly? ParseTime(string? text, string key, ModelStateDictionary state, IStringLocalizer l)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm", "HH.mm", "H.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return t;
        }
        state.AddModelError(key, l["Fill in a time like 14:30."]);
        return null;
    }

    public static string When(IStringLocalizer l, HelpRequest r)
    {
        var day = r.PreferredDate is { } d ? MarketPages.FormatDate(d) : l["Any day"].Value;
        var hours = (r.PreferredFrom, r.PreferredUntil) switch
        {
            ({ } f, { } u) => $" {f:HH\\:mm}–{u:HH\\:mm}",
            ({ } f, null) => " " + string.Format(CultureInfo.CurrentCulture, l["from {0}"], f.ToString("HH:mm", CultureInfo.InvariantCulture)),
            (null, { } u) => " " + string.Format(CultureInfo.CurrentCulture, l["until {0}"], u.ToString("HH:mm", CultureInfo.InvariantCulture)),
            _ => "",
        };
        return day + hours;
    }

    public static string Moment(DateTimeOffset at) => TimeBankPages.Local(at).ToString("d MMM yyyy HH:mm", CultureInfo.CurrentCulture);

    public static Task<List<KeyValuePair<string, string>>> WijkOptionsAsync(GrozDbContext db, int leerregioId, CancellationToken ct = default) =>
        MarketPages.WijkOptionsAsync(db, leerregioId, ct);

    public static Task<string> WijkNameAsync(GrozDbContext db, int wijkId) => db.Wijken.Where(w => w.Id == wijkId).Select(w => w.Name).SingleAsync();
}

/// <summary>A page that shows the question form (<c>_HelpForm</c>).</summary>
public interface IHelpFormPage
{
    HelpForm Input { get; }
    List<KeyValuePair<string, string>> Wijken { get; }
    bool OnBehalf { get; }
}
