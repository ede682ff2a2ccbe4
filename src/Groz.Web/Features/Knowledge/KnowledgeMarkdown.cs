using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace Groz.Web.Features.Knowledge;

/// <summary>
/// Markdown pages as HTML: Markdig renders (raw HTML in the text is allowed through Markdig) and HtmlSanitizer then keeps
/// only safe elements and attributes: no script, no event handlers, no style (the CSP forbids inline style anyway), no
/// images (they would load from other sites), links only http, https and mailto and never opening with the page's
/// rights (rel noopener). Headings move one level down, because the page's own title is the h1.
/// </summary>
public static class KnowledgeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer();
        s.AllowedTags.Remove("img");
        s.AllowedTags.Remove("style");
        s.AllowedTags.Remove("form");
        s.AllowedTags.Remove("input");
        s.AllowedTags.Remove("button");
        s.AllowedTags.Remove("textarea");
        s.AllowedTags.Remove("select");
        s.AllowedAttributes.Remove("style");
        s.AllowedAttributes.Remove("id");
        s.AllowedCssProperties.Clear();
        s.AllowedSchemes.Clear();
        s.AllowedSchemes.Add("http");
        s.AllowedSchemes.Add("https");
        s.AllowedSchemes.Add("mailto");
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement a)
            {
                a.SetAttribute("rel", "nofollow noopener noreferrer");
                a.RemoveAttribute("target");
            }
        };
        return s;
    }

    public static string ToSafeHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }
        var doc = Markdown.Parse(markdown, Pipeline);
        foreach (var h in doc.Descendants<HeadingBlock>())
        {
            h.Level = Math.Min(6, h.Level + 1);
        }
        return Sanitizer.Sanitize(doc.ToHtml(Pipeline));
    }

    /// <summary>The words of the text without markup, for the search index and snippets.</summary>
    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdown.ToPlainText(markdown, Pipeline);
}
