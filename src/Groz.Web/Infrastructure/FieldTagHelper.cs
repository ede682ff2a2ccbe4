using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Groz.Web.Infrastructure;

/// <summary>
/// <c>&lt;field for="Input.Email" type="email" autocomplete="email" hint="..."/&gt;</c>: one form field as every page
/// needs it for WCAG: a label, an optional hint, the error message right above the input, and the input linked to
/// both with aria-describedby and marked aria-invalid when wrong. Passwords are never echoed back.
/// </summary>
[HtmlTargetElement("field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper : TagHelper
{
    [HtmlAttributeName("for")] public required Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression For { get; set; }
    public string Type { get; set; } = "text";
    public string? Hint { get; set; }
    public string? Autocomplete { get; set; }
    public int? Maxlength { get; set; }
    public bool Multiline { get; set; }
    public string? Inputmode { get; set; }

    [ViewContext, HtmlAttributeNotBound] public required ViewContext ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = For.Name;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var label = For.Metadata.DisplayName ?? For.Metadata.PropertyName ?? name;
        var state = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry : null;
        var errors = state?.Errors.Select(e => e.ErrorMessage).Where(m => m.Length > 0).ToList() ?? [];
        var required = For.Metadata.IsRequired && Type != "checkbox";
        var value = Type == "password" ? "" : state?.AttemptedValue ?? Convert.ToString(For.Model, CultureInfo.CurrentCulture) ?? "";
        var describedBy = string.Join(' ', new[] { Hint is null ? null : id + "-hint", errors.Count == 0 ? null : id + "-error" }.Where(x => x is not null));
        var e = HtmlEncoder.Default;

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field");
        var html = new System.Text.StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<label for=\"{id}\">{e.Encode(label)}</label>");
        if (Hint is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"{id}-hint\">{e.Encode(Hint)}</p>");
        }
        if (errors.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"field-error\" id=\"{id}-error\">{e.Encode(string.Join(' ', errors))}</p>");
        }
        var attributes = new System.Text.StringBuilder();
        attributes.Append(CultureInfo.InvariantCulture, $" id=\"{id}\" name=\"{e.Encode(name)}\"");
        if (describedBy.Length > 0) attributes.Append(CultureInfo.InvariantCulture, $" aria-describedby=\"{describedBy}\"");
        if (errors.Count > 0) attributes.Append(" aria-invalid=\"true\"");
        if (required) attributes.Append(" required");
        if (Autocomplete is not null) attributes.Append(CultureInfo.InvariantCulture, $" autocomplete=\"{e.Encode(Autocomplete)}\"");
        if (Maxlength is { } max) attributes.Append(CultureInfo.InvariantCulture, $" maxlength=\"{max}\"");
        if (Inputmode is not null) attributes.Append(CultureInfo.InvariantCulture, $" inputmode=\"{e.Encode(Inputmode)}\"");
        if (Multiline)
        {
            html.Append(CultureInfo.InvariantCulture, $"<textarea{attributes} rows=\"5\">{e.Encode(value)}</textarea>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<input type=\"{e.Encode(Type)}\"{attributes} value=\"{e.Encode(value)}\">");
        }
        output.Content.SetHtmlContent(html.ToString());
    }
}
