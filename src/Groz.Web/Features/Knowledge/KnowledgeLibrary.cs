using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Knowledge;

/// <summary>A document's description as a page or the API receives it, before checking.</summary>
public sealed class DocumentInput
{
    public string? Title { get; set; }
    public string? Summary { get; set; }
    /// <summary>PilotIdea, ProjectPlan, Statutes, Subsidy, Presentation or Evaluation.</summary>
    public string? Kind { get; set; }
    /// <summary>GROZ theme codes (leefstijl, zorg-voor-elkaar, …).</summary>
    public List<string>? Themes { get; set; }
    /// <summary>Bekostiging, DataIct, LerendVermogen, Monitoring or Samenwerking; empty for none.</summary>
    public string? Bouwsteen { get; set; }
    /// <summary>Leerregio (members only) or AllLeerregios (everyone, also visitors).</summary>
    public string? Sharing { get; set; }
    /// <summary>For a page written in Markdown instead of a file.</summary>
    public string? Markdown { get; set; }
    /// <summary>Subsidy options: closing date yyyy-MM-dd.</summary>
    public string? SubsidyDeadline { get; set; }
    /// <summary>Subsidy options: amount in euros.</summary>
    public decimal? SubsidyAmount { get; set; }
}

/// <summary>A new version: a new file or new Markdown text, and what changed.</summary>
public sealed class VersionInput
{
    public string? ChangeNote { get; set; }
    public string? Markdown { get; set; }
}

/// <summary>An uploaded file as read from the request (bounded by the route's size limit).</summary>
public sealed record UploadedFile(string? FileName, byte[] Content);

/// <summary>The result of a write: the document and version, or errors per input field, or an upload refused (with its code).</summary>
public sealed record KnowledgeOutcome(int DocumentId, int Version, Dictionary<string, string> Errors, string? UploadProblem)
{
    public bool Succeeded => Errors.Count == 0 && UploadProblem is null;
}

/// <summary>
/// The Kennisbank's writes and visibility, shared by the pages and the API.
/// Who may write in a leerregio (the knowledge-editor right): its coordinators and administrators, and its
/// professionals. Professionals write plans and evaluations in the GROZ network; residents and volunteers read.
/// Who may read: everyone for documents shared with all leerregio's; members of the leerregio for the others.
/// </summary>
public sealed class KnowledgeLibrary(GrozDbContext db, SafeUpload uploads, TimeProvider time, IStringLocalizer<SharedResource> l)
{
    public const int MaxMarkdownChars = 50_000;
    public const int MaxTitle = 200;
    public const int MaxSummary = 2000;
    public const int MaxChangeNote = 500;

    public long MaxUploadMegabytes => uploads.Options.MaxUploadBytes / (1024 * 1024);

    public static bool MayWrite(ClaimsPrincipal user, int leerregioId) =>
        user.CanManage(leerregioId) || user.HasRole(GrozRole.Professional, leerregioId);

    public static IQueryable<KnowledgeDocument> Visible(IQueryable<KnowledgeDocument> documents, ClaimsPrincipal user)
    {
        if (user.IsInstallationAdmin())
        {
            return documents;
        }
        var member = user.MemberOf().ToList();
        return documents.Where(d => d.Sharing == KnowledgeSharing.AllLeerregios || member.Contains(d.LeerregioId));
    }

    public static bool MayRead(ClaimsPrincipal user, KnowledgeDocument d) =>
        d.Sharing == KnowledgeSharing.AllLeerregios || user.IsInstallationAdmin() || user.MemberOf().Contains(d.LeerregioId);

    public string KindName(DocumentKind kind) => kind switch
    {
        DocumentKind.PilotIdea => l["Pilot idea"],
        DocumentKind.ProjectPlan => l["Project plan"],
        DocumentKind.Statutes => l["Statutes"],
        DocumentKind.Subsidy => l["Subsidy or investment option"],
        DocumentKind.Presentation => l["Presentation"],
        _ => l["Evaluation"],
    };

    public string BouwsteenName(BouwsteenKind b) => b switch
    {
        BouwsteenKind.Bekostiging => l["Funding (SAMEN030)"],
        BouwsteenKind.DataIct => l["Data/ICT (UMC Utrecht/PAZIO)"],
        BouwsteenKind.LerendVermogen => l["Learning capacity (Hogeschool Utrecht)"],
        BouwsteenKind.Monitoring => l["Monitoring (Kennisplatform Utrecht Sociaal)"],
        _ => l["Collaboration (Raedelijn)"],
    };

    /// <summary>The message for a refused upload, for pages (the API answers with the code's ProblemDetails).</summary>
    public string UploadMessage(string code) => code switch
    {
        "upload-too-large" => string.Format(CultureInfo.CurrentCulture, l["The file is too large. Upload a file of at most {0} MB."], uploads.Options.MaxUploadBytes / (1024 * 1024)),
        "upload-empty" => l["The file is empty. Choose another file."],
        "upload-pdf-script" => l["kb.pdf-script"],
        "upload-zip-bomb" => l["This file unpacks to far more data than a real document. We do not accept it."],
        "upload-broken" => l["We cannot read this file. Check that it opens on your computer, or save it again."],
        "upload-missing" => l["Choose a file or write the text of the page."],
        _ => l["kb.unknown-type"],
    };

    public async Task<KnowledgeOutcome> CreateAsync(ClaimsPrincipal user, int leerregioId, DocumentInput input, UploadedFile? file, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var document = new KnowledgeDocument { Title = "", CreatedByUserId = user.UserId() ?? "", LeerregioId = leerregioId };
        Describe(document, input, errors);
        var markdown = string.IsNullOrWhiteSpace(input.Markdown) ? null : input.Markdown.Trim();
        CheckMarkdown(markdown, nameof(DocumentInput.Markdown), errors);
        if (file is not null && markdown is not null)
        {
            errors[nameof(DocumentInput.Markdown)] = l["Upload a file or write a page, not both."];
        }
        if (errors.Count > 0)
        {
            return new(0, 0, errors, null);
        }
        document.Format = file is null ? KnowledgeFormat.Markdown : KnowledgeFormat.File;
        document.CreatedAt = document.UpdatedAt = time.GetUtcNow();
        return await SaveVersionAsync(document, user, null, markdown, file, isNew: true, ct);
    }

    public async Task<KnowledgeOutcome> AddVersionAsync(ClaimsPrincipal user, KnowledgeDocument document, VersionInput input, UploadedFile? file, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var note = input.ChangeNote?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            errors[nameof(VersionInput.ChangeNote)] = l["Write in a few words what changed."];
        }
        else if (note.Length > MaxChangeNote)
        {
            errors[nameof(VersionInput.ChangeNote)] = string.Format(CultureInfo.CurrentCulture, l["Use at most {0} characters."], MaxChangeNote);
        }
        var markdown = string.IsNullOrWhiteSpace(input.Markdown) ? null : input.Markdown.Trim();
        if (document.Format == KnowledgeFormat.Markdown)
        {
            CheckMarkdown(markdown, nameof(VersionInput.Markdown), errors);
            if (file is not null)
            {
                errors[nameof(VersionInput.Markdown)] = l["This document is a page: change its text instead of uploading a file."];
            }
        }
        else if (markdown is not null)
        {
            errors[nameof(VersionInput.Markdown)] = l["This document is a file: upload the new version of the file."];
        }
        if (errors.Count > 0)
        {
            return new(document.Id, document.CurrentVersion, errors, null);
        }
        document.UpdatedAt = time.GetUtcNow();
        return await SaveVersionAsync(document, user, note, markdown, file, isNew: false, ct);
    }

    private async Task<KnowledgeOutcome> SaveVersionAsync(KnowledgeDocument document, ClaimsPrincipal user, string? note, string? markdown,
        UploadedFile? file, bool isNew, CancellationToken ct)
    {
        var version = new KnowledgeVersion
        {
            Number = document.CurrentVersion + 1,
            ChangeNote = note ?? (isNew ? null : ""),
            CreatedAt = time.GetUtcNow(),
            CreatedByUserId = user.UserId() ?? "",
        };
        string? text;
        if (document.Format == KnowledgeFormat.Markdown)
        {
            if (markdown is null)
            {
                return new(document.Id, document.CurrentVersion, [], "upload-missing");
            }
            version.Markdown = markdown;
            text = KnowledgeMarkdown.ToPlainText(markdown);
        }
        else
        {
            if (file is null)
            {
                return new(document.Id, document.CurrentVersion, [], "upload-missing");
            }
            var (type, problem) = uploads.Check(file.Content);
            if (type is null)
            {
                return new(document.Id, document.CurrentVersion, [], problem);
            }
            text = type.IsImage ? "" : TextExtraction.Extract(file.Content, type);
            if (text is null)
            {
                return new(document.Id, document.CurrentVersion, [], "upload-broken");
            }
            var (stored, sha) = await uploads.StoreAsync(file.Content, ct);
            (version.StoredName, version.Sha256, version.ContentType, version.SizeBytes) = (stored, sha, type.ContentType, file.Content.LongLength);
            version.FileName = SafeUpload.CleanFileName(file.FileName, type);
            version.ExtractedText = text;
        }
        document.CurrentVersion = version.Number;
        document.Versions.Add(version);
        KnowledgeSearch.Index(db, document, text);
        if (isNew)
        {
            db.KnowledgeDocuments.Add(document);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            // The row did not make it, so neither may the file: nothing is left behind that no document points to.
            if (version.StoredName is not null)
            {
                uploads.Delete(version.StoredName);
            }
            throw;
        }
        return new(document.Id, version.Number, [], null);
    }

    private static bool AmountAllowed(decimal amount) => amount >= 0 && amount <= 100_000_000m && decimal.Round(amount, 2) == amount;

    public string AmountMessage => l["Fill in an amount in euros, like 2500 or 2500.50."];

    /// <summary>
    /// An amount typed on a page: empty is none; "2500", "2500.50" and the Dutch "2500,50" (a euro sign in front is fine).
    /// Thousands separators are refused, because "2.500" would be ambiguous between the two ways of writing.
    /// </summary>
    public static bool TryParseAmount(string? text, out decimal? amount)
    {
        amount = null;
        var t = text?.Trim().TrimStart('€').Trim();
        if (string.IsNullOrEmpty(t))
        {
            return true;
        }
        if (t.Contains(',', StringComparison.Ordinal) && !t.Contains('.', StringComparison.Ordinal))
        {
            t = t.Replace(',', '.');
        }
        if (t.Count(c => c == '.') > 1 || !decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a))
        {
            return false;
        }
        amount = a;
        return true;
    }

    /// <summary>
    /// A subsidy's new deadline and amount. A deadline that moves clears ReminderSentAt, so the reminder goes again before
    /// the new date (the old reminder named the old date).
    /// </summary>
    public async Task<Dictionary<string, string>> MoveDeadlineAsync(KnowledgeDocument document, string? deadline, decimal? amount, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        if (document.Kind != DocumentKind.Subsidy)
        {
            errors[nameof(DocumentInput.SubsidyDeadline)] = l["A deadline and amount belong to a subsidy or investment option only."];
            return errors;
        }
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(deadline))
        {
            if (DateOnly.TryParseExact(deadline.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                day = parsed;
            }
            else
            {
                errors[nameof(DocumentInput.SubsidyDeadline)] = l["Fill in a date like 2026-12-31."];
            }
        }
        if (amount is { } a && !AmountAllowed(a))
        {
            errors[nameof(DocumentInput.SubsidyAmount)] = AmountMessage;
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        if (document.SubsidyDeadline != day)
        {
            document.ReminderSentAt = null;
            // Written even when it was already empty when loaded: the reminder job may have claimed it since, and the
            // new deadline must get its own reminder.
            db.Entry(document).Property(d => d.ReminderSentAt).IsModified = true;
        }
        document.SubsidyDeadline = day;
        document.SubsidyAmount = amount;
        document.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return errors;
    }

    private void Describe(KnowledgeDocument d, DocumentInput input, Dictionary<string, string> errors)
    {
        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            errors[nameof(DocumentInput.Title)] = l["Fill in a title."];
        }
        else if (title.Length > MaxTitle)
        {
            errors[nameof(DocumentInput.Title)] = string.Format(CultureInfo.CurrentCulture, l["Use at most {0} characters."], MaxTitle);
        }
        d.Title = title ?? "";
        var summary = string.IsNullOrWhiteSpace(input.Summary) ? null : input.Summary.Trim();
        if (summary is { Length: > MaxSummary })
        {
            errors[nameof(DocumentInput.Summary)] = string.Format(CultureInfo.CurrentCulture, l["Use at most {0} characters."], MaxSummary);
        }
        d.Summary = summary;
        if (Enum.TryParse<DocumentKind>(input.Kind, out var kind) && Enum.IsDefined(kind) && !int.TryParse(input.Kind, out _))
        {
            d.Kind = kind;
        }
        else
        {
            errors[nameof(DocumentInput.Kind)] = l["Choose the kind of document."];
        }
        var themes = (input.Themes ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().ToList();
        if (themes.Any(t => !Shared.Themes.IsKnown(t)))
        {
            errors[nameof(DocumentInput.Themes)] = l["This theme is not known. Choose a theme from the list."];
        }
        d.Themes = themes;
        if (string.IsNullOrWhiteSpace(input.Bouwsteen))
        {
            d.Bouwsteen = null;
        }
        else if (Enum.TryParse<BouwsteenKind>(input.Bouwsteen, out var b) && Enum.IsDefined(b) && !int.TryParse(input.Bouwsteen, out _))
        {
            d.Bouwsteen = b;
        }
        else
        {
            errors[nameof(DocumentInput.Bouwsteen)] = l["Choose a bouwsteen from the list."];
        }
        if (Enum.TryParse<KnowledgeSharing>(input.Sharing, out var sharing) && Enum.IsDefined(sharing) && !int.TryParse(input.Sharing, out _))
        {
            d.Sharing = sharing;
        }
        else
        {
            errors[nameof(DocumentInput.Sharing)] = l["Choose who may read the document."];
        }
        d.SubsidyDeadline = null;
        d.SubsidyAmount = null;
        if (!string.IsNullOrWhiteSpace(input.SubsidyDeadline))
        {
            if (DateOnly.TryParseExact(input.SubsidyDeadline.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var deadline))
            {
                d.SubsidyDeadline = deadline;
            }
            else
            {
                errors[nameof(DocumentInput.SubsidyDeadline)] = l["Fill in a date like 2026-12-31."];
            }
        }
        if (input.SubsidyAmount is { } amount)
        {
            if (!AmountAllowed(amount))
            {
                errors[nameof(DocumentInput.SubsidyAmount)] = AmountMessage;
            }
            d.SubsidyAmount = amount;
        }
        if (d.Kind != DocumentKind.Subsidy && (d.SubsidyDeadline is not null || d.SubsidyAmount is not null))
        {
            errors[nameof(DocumentInput.SubsidyDeadline)] = l["A deadline and amount belong to a subsidy or investment option only."];
        }
    }

    private void CheckMarkdown(string? markdown, string field, Dictionary<string, string> errors)
    {
        if (markdown is { Length: > MaxMarkdownChars })
        {
            errors[field] = string.Format(CultureInfo.CurrentCulture, l["Use at most {0} characters."], MaxMarkdownChars);
        }
    }

    /// <summary>Reads an uploaded form file into memory, or null when none was sent.</summary>
    public static async Task<UploadedFile?> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return new UploadedFile(file.FileName, buffer.ToArray());
    }
}
