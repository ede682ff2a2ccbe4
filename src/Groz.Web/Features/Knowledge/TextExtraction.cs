using System.Text;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig;
using W = DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Groz.Web.Features.Knowledge;

/// <summary>
/// The text inside an uploaded file, for the search: PDF with PdfPig, Word/Excel/PowerPoint with the Open XML SDK.
/// Runs once at upload, after <see cref="SafeUpload"/> accepted the file; bounded in characters and pages so that one
/// large file cannot hold the request. Null when the file cannot be read (the upload is then refused as broken).
/// </summary>
public static class TextExtraction
{
    public const int MaxChars = 100_000;
    private const int MaxPages = 500;

    public static string? Extract(byte[] content, FileType type)
    {
        try
        {
            var sb = new BoundedText();
            if (type == SafeUpload.Pdf)
            {
                using var pdf = PdfDocument.Open(content);
                foreach (var page in pdf.GetPages().Take(MaxPages))
                {
                    if (!sb.Add(string.Join(' ', page.GetWords().Select(w => w.Text))))
                    {
                        break;
                    }
                }
            }
            else if (type == SafeUpload.Docx)
            {
                using var doc = WordprocessingDocument.Open(new MemoryStream(content, false), false);
                foreach (var p in doc.MainDocumentPart?.Document?.Body?.Descendants<W.Paragraph>() ?? [])
                {
                    if (!sb.Add(p.InnerText))
                    {
                        break;
                    }
                }
            }
            else if (type == SafeUpload.Xlsx)
            {
                using var doc = SpreadsheetDocument.Open(new MemoryStream(content, false), false);
                foreach (var item in doc.WorkbookPart?.SharedStringTablePart?.SharedStringTable?.Elements<S.SharedStringItem>() ?? [])
                {
                    if (!sb.Add(item.InnerText))
                    {
                        break;
                    }
                }
                foreach (var sheet in doc.WorkbookPart?.WorksheetParts ?? [])
                {
                    foreach (var inline in sheet.Worksheet?.Descendants<S.InlineString>() ?? [])
                    {
                        sb.Add(inline.InnerText);
                    }
                }
            }
            else if (type == SafeUpload.Pptx)
            {
                using var doc = PresentationDocument.Open(new MemoryStream(content, false), false);
                foreach (var slide in doc.PresentationPart?.SlideParts ?? [])
                {
                    if (!sb.Add(string.Join(' ', slide.Slide?.Descendants<A.Text>().Select(t => t.Text) ?? [])))
                    {
                        break;
                    }
                }
            }
            return sb.ToString();
        }
#pragma warning disable CA1031 // Any failure of a third-party parser on an uploaded file means: we cannot read it.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private sealed class BoundedText
    {
        private readonly StringBuilder _sb = new();

        public bool Add(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return _sb.Length < MaxChars;
            }
            if (_sb.Length > 0)
            {
                _sb.Append('\n');
            }
            var room = MaxChars - _sb.Length;
            _sb.Append(text.Length > room ? text[..room] : text);
            return _sb.Length < MaxChars;
        }

        public override string ToString() => _sb.ToString();
    }
}
