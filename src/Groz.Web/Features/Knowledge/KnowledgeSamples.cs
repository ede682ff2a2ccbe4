using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Groz.Web.Features.Knowledge;

/// <summary>Small real files for the demo data and the synthetic leerregio (and the tests): a PDF with the given lines.</summary>
public static class KnowledgeSamples
{
    /// <summary>A one-page PDF (Helvetica, so only Western European characters) with one line per string.</summary>
    public static byte[] Pdf(params string[] lines)
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var y = 780.0;
        foreach (var line in lines)
        {
            page.AddText(line, 11, new PdfPoint(50, y), font);
            y -= 16;
        }
        return builder.Build();
    }
}
