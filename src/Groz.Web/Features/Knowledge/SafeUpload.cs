using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Options;

namespace Groz.Web.Features.Knowledge;

/// <summary>Settings of the Kennisbank (section "Knowledge").</summary>
public sealed class KnowledgeOptions
{
    /// <summary>Outside wwwroot; relative paths are under the content root's working directory, like data/groz.db.</summary>
    public string UploadDirectory { get; set; } = "data/uploads";
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;
    /// <summary>The sum of the declared uncompressed sizes of an Office file's parts.</summary>
    public long MaxUncompressedBytes { get; set; } = 200 * 1024 * 1024;
    /// <summary>Uncompressed to compressed size of one part; real Office XML compresses about 5–20 times.</summary>
    public int MaxCompressionRatio { get; set; } = 100;
    public int MaxZipEntries { get; set; } = 5000;
    /// <summary>Days before a subsidy's deadline when its reminder goes out.</summary>
    public int ReminderDaysBefore { get; set; } = 14;
    /// <summary>Days between two digests for one member.</summary>
    public int DigestDays { get; set; } = 7;
}

/// <summary>What an upload turned out to be, judged by its content only.</summary>
public sealed record FileType(string ContentType, string Extension, bool IsImage, bool IsOffice);

/// <summary>
/// Checks an upload by what it contains, never by its name or the type the browser claims: magic bytes for PDF, PNG and
/// JPEG; for Office files a real zip whose [Content_Types].xml names the main part of a Word, Excel or PowerPoint file
/// (and that part exists). A zip bomb is refused from the central directory alone (entry count, sum and ratio of the
/// declared sizes) before any entry is read. A PDF that carries JavaScript or a launch action is refused, not stripped:
/// stripping would change a document the uploader signed off, and they can export it again without scripts.
/// </summary>
public sealed partial class SafeUpload(IOptions<KnowledgeOptions> options)
{
    public static readonly FileType Pdf = new("application/pdf", ".pdf", false, false);
    public static readonly FileType Png = new("image/png", ".png", true, false);
    public static readonly FileType Jpeg = new("image/jpeg", ".jpg", true, false);
    public static readonly FileType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", false, true);
    public static readonly FileType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", false, true);
    public static readonly FileType Pptx = new("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", false, true);
    public static readonly IReadOnlyList<FileType> All = [Pdf, Png, Jpeg, Docx, Xlsx, Pptx];

    private static readonly Dictionary<string, FileType> OfficeMainParts = new(StringComparer.Ordinal)
    {
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"] = Docx,
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"] = Xlsx,
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"] = Pptx,
    };

    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];

    public KnowledgeOptions Options => options.Value;

    public string Directory => Path.GetFullPath(Path.IsPathRooted(Options.UploadDirectory)
        ? Options.UploadDirectory
        : Path.Combine(Environment.CurrentDirectory, Options.UploadDirectory));

    /// <summary>The type of the content, or the stable code of why it is refused (upload-too-large, upload-empty, upload-unknown-type, upload-pdf-script, upload-zip-bomb, upload-broken).</summary>
    public (FileType? Type, string? Problem) Check(byte[] content)
    {
        if (content.Length == 0)
        {
            return (null, "upload-empty");
        }
        if (content.Length > Options.MaxUploadBytes)
        {
            return (null, "upload-too-large");
        }
        var head = content.AsSpan();
        if (head.StartsWith("%PDF-"u8))
        {
            return HasPdfScript(content) ? (null, "upload-pdf-script") : (Pdf, null);
        }
        if (head.StartsWith(PngMagic))
        {
            return (Png, null);
        }
        if (head.StartsWith(JpegMagic))
        {
            return (Jpeg, null);
        }
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return CheckOffice(content);
        }
        return (null, "upload-unknown-type");
    }

    private (FileType?, string?) CheckOffice(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            // Only the central directory so far: nothing is decompressed until the sizes are known to be sane.
            if (zip.Entries.Count > Options.MaxZipEntries)
            {
                return (null, "upload-zip-bomb");
            }
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                var ratio = entry.CompressedLength == 0 ? (entry.Length == 0 ? 0 : long.MaxValue) : entry.Length / entry.CompressedLength;
                if (total > Options.MaxUncompressedBytes || (entry.Length > 4096 && ratio > Options.MaxCompressionRatio))
                {
                    return (null, "upload-zip-bomb");
                }
            }
            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null || types.Length > 1_000_000)
            {
                return (null, "upload-unknown-type");
            }
            XDocument xml;
            using (var s = types.Open())
            {
                xml = XDocument.Load(s);
            }
            XNamespace ns = "http://schemas.openxmlformats.org/package/2006/content-types";
            // The main part is the target of the package's officeDocument relationship; its type comes from an
            // Override for that part or else the Default for its extension (the Open XML SDK writes the latter).
            var rels = zip.GetEntry("_rels/.rels");
            if (rels is null || rels.Length > 1_000_000)
            {
                return (null, "upload-unknown-type");
            }
            XDocument relsXml;
            using (var s = rels.Open())
            {
                relsXml = XDocument.Load(s);
            }
            var target = relsXml.Root?.Elements().Where(r => ((string?)r.Attribute("Type"))?.EndsWith("/officeDocument", StringComparison.Ordinal) == true)
                .Select(r => ((string?)r.Attribute("Target"))?.TrimStart('/')).FirstOrDefault();
            if (target is null || zip.GetEntry(target) is null)
            {
                return (null, "upload-unknown-type");
            }
            var contentType = xml.Root?.Elements(ns + "Override").Where(o => ((string?)o.Attribute("PartName"))?.TrimStart('/') == target)
                .Select(o => (string?)o.Attribute("ContentType")).FirstOrDefault()
                ?? xml.Root?.Elements(ns + "Default").Where(d => string.Equals((string?)d.Attribute("Extension"), Path.GetExtension(target).TrimStart('.'), StringComparison.OrdinalIgnoreCase))
                .Select(d => (string?)d.Attribute("ContentType")).FirstOrDefault();
            if (contentType is not null && OfficeMainParts.TryGetValue(contentType, out var type))
            {
                return (type, null);
            }
            // A macro-enabled or template file names another main type: not one we take.
            return (null, "upload-unknown-type");
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or IOException)
        {
            return (null, "upload-unknown-type");
        }
    }

    /// <summary>
    /// Any name /JS, /JavaScript or /Launch anywhere in the file, also when spelled with #xx escapes (/J#53). Scripts
    /// inside compressed object streams are not seen by this scan; PDF viewers in browsers do not run them, and the
    /// file is only ever served as a download.
    /// </summary>
    public static bool HasPdfScript(byte[] content)
    {
        var text = Encoding.Latin1.GetString(content);
        foreach (Match m in PdfName().Matches(text))
        {
            var name = m.Groups[1].Value;
            if (name.Contains('#', StringComparison.Ordinal))
            {
                name = HexEscape().Replace(name, h => ((char)Convert.ToInt32(h.Groups[1].Value, 16)).ToString());
            }
            if (name is "JS" or "JavaScript" or "Launch")
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"/([A-Za-z0-9#]{2,16})(?![A-Za-z0-9#])")]
    private static partial Regex PdfName();

    [GeneratedRegex("#([0-9A-Fa-f]{2})")]
    private static partial Regex HexEscape();

    /// <summary>Writes the content under a generated name (no extension: the name says nothing about how to run it).</summary>
    public async Task<(string StoredName, string Sha256)> StoreAsync(byte[] content, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = Guid.NewGuid().ToString("N");
        var path = Path.Combine(Directory, name);
        var temp = path + ".part";
        await File.WriteAllBytesAsync(temp, content, ct);
        File.Move(temp, path);
        return (name, Convert.ToHexStringLower(SHA256.HashData(content)));
    }

    public void Delete(string storedName)
    {
        var path = PathOf(storedName);
        if (path is not null && File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>The file's path, only for a name we generated (32 hex digits), so a stored value can never point elsewhere.</summary>
    public string? PathOf(string storedName) =>
        StoredNameShape().IsMatch(storedName) ? Path.Combine(Directory, storedName) : null;

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex StoredNameShape();

    /// <summary>The uploader's name, reduced to safe characters and given the extension of the type found.</summary>
    public static string CleanFileName(string? name, FileType type)
    {
        var stem = Path.GetFileNameWithoutExtension(name ?? "");
        var sb = new StringBuilder();
        foreach (var c in stem)
        {
            sb.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or ' ' or '.' ? c : '_');
        }
        var clean = sb.ToString().Trim(' ', '.');
        if (clean.Length == 0)
        {
            clean = "document";
        }
        return (clean.Length > 150 ? clean[..150] : clean) + type.Extension;
    }

    public static FileType? TypeOf(string? contentType) => All.FirstOrDefault(t => t.ContentType == contentType);
}
