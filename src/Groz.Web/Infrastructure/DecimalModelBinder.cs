using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Groz.Web.Infrastructure;

/// <summary>
/// Amounts typed into forms, the way people in the Netherlands type them. The framework reads "15.50" in Dutch as
/// fifteen hundred and fifty (the dot groups thousands there), which turns a budget of € 5000.50 into € 500,050
/// without a word. Here a single "," or "." followed by one or two digits is the decimal separator, whichever it is;
/// a separator followed by three digits, or repeated, groups thousands ("1.500", "1,500", "1.500.000"); with both,
/// the last one is the decimal separator ("1.500,25", "1,500.25"). Anything else is refused, never guessed.
/// </summary>
public sealed class DecimalModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (result == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
        var text = result.FirstValue;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (!bindingContext.ModelMetadata.IsReferenceOrNullableType)
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                    bindingContext.ModelMetadata.ModelBindingMessageProvider.ValueMustNotBeNullAccessor(text ?? ""));
            }
            else
            {
                bindingContext.Result = ModelBindingResult.Success(null);
            }
            return Task.CompletedTask;
        }
        if (TryParse(text, out var value))
        {
            bindingContext.Result = ModelBindingResult.Success(value);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
                bindingContext.ModelMetadata.ModelBindingMessageProvider.ValueMustBeANumberAccessor(bindingContext.ModelMetadata.DisplayName ?? bindingContext.ModelName));
        }
        return Task.CompletedTask;
    }

    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        var s = text.Replace("€", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal);
        var (lastDot, lastComma) = (s.LastIndexOf('.'), s.LastIndexOf(','));
        var separator = Math.Max(lastDot, lastComma);
        string whole, fraction;
        if (separator < 0)
        {
            (whole, fraction) = (s, "");
        }
        else if (lastDot >= 0 && lastComma >= 0)
        {
            (whole, fraction) = (s[..separator], s[(separator + 1)..]);
        }
        else
        {
            var mark = s[separator];
            var single = s.IndexOf(mark, StringComparison.Ordinal) == separator;
            var digitsAfter = s.Length - separator - 1;
            (whole, fraction) = single && digitsAfter is 1 or 2 ? (s[..separator], s[(separator + 1)..]) : (s, "");
        }
        if (!Grouped(whole, out var digits) || fraction.Any(c => !char.IsAsciiDigit(c)) || (lastDot >= 0 && lastComma >= 0 && fraction.Length == 0))
        {
            return false;
        }
        return decimal.TryParse(fraction.Length > 0 ? $"{digits}.{fraction}" : digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Digits with an optional sign, and thousands grouped by "." or "," in threes (one kind of mark only).</summary>
    private static bool Grouped(string whole, out string digits)
    {
        digits = "";
        var sign = whole.StartsWith('-') ? "-" : "";
        var body = whole[sign.Length..];
        var marks = body.Where(c => c is '.' or ',').Distinct().ToList();
        if (body.Length == 0 || marks.Count > 1 || body.Any(c => !char.IsAsciiDigit(c) && c is not ('.' or ',')))
        {
            return false;
        }
        if (marks.Count == 1)
        {
            var groups = body.Split(marks[0]);
            if (groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3))
            {
                return false;
            }
        }
        digits = sign + body.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        return true;
    }
}

public sealed class DecimalModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(decimal) ? new DecimalModelBinder() : null;
}
