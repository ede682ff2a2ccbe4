using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Groz.Web.Infrastructure;

/// <summary>
/// <c>&lt;choice for="Input.Theme" label="..." options="list" empty="Choose a theme"/&gt;</c>: a select list as the
/// <see cref="FieldTagHelper"/> makes an input: label, optional hint, the error right above it, aria-describedby and
/// aria-invalid. Options are (value, text) pairs; the selected one is the posted value or the model's.
/// </summary>
[HtmlTargetElement("choice", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ChoiceTagHelper : TagHelper
{
    [HtmlAttributeName("for")] public required ModelExpression For { get; set; }
    public required string Label { get; set; }
    public string? Hint { get; set; }
    /// <summary>Text of a first option with an empty value (for "any" in a filter, or "choose" on a form).</summary>
    public string? Empty { get; set; }
    public IEnumerable<KeyValuePair<string, string>> Options { get; set; } = [];
    /// <summary>The name sent, when it differs from the model expression (short names in a GET filter).</summary>
    public string? Name { get; set; }

    [ViewContext, HtmlAttributeNotBound] public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = Name ?? For.Name;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var state = ViewContext.ViewData.ModelState.TryGetValue(For.Name, out var entry) ? entry : null;
        var errors = state?.Errors.Select(e => e.ErrorMessage).Where(m => m.Length > 0).ToList() ?? [];
        var value = state?.AttemptedValue ?? Convert.ToString(For.Model, CultureInfo.InvariantCulture) ?? "";
        var describedBy = string.Join(' ', new[] { Hint is null ? null : id + "-hint", errors.Count == 0 ? null : id + "-error" }.Where(x => x is not null));
        var e = HtmlEncoder.Default;

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field");
        var html = new System.Text.StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<label for=\"{id}\">{e.Encode(Label)}</label>");
        if (Hint is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"{id}-hint\">{e.Encode(Hint)}</p>");
        }
        if (errors.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"field-error\" id=\"{id}-error\">{e.Encode(string.Join(' ', errors))}</p>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<select id=\"{id}\" name=\"{e.Encode(name)}\"");
        if (describedBy.Length > 0) html.Append(CultureInfo.InvariantCulture, $" aria-describedby=\"{describedBy}\"");
        if (errors.Count > 0) html.Append(" aria-invalid=\"true\" class=\"input-validation-error\"");
        html.Append('>');
        if (Empty is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"\">{e.Encode(Empty)}</option>");
        }
        foreach (var (v, text) in Options)
        {
            var selected = string.Equals(v, value, StringComparison.Ordinal) ? " selected" : "";
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{e.Encode(v)}\"{selected}>{e.Encode(text)}</option>");
        }
        html.Append("</select>");
        output.Content.SetHtmlContent(html.ToString());
    }
}
