using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.Knowledge;

public enum DocumentKind
{
    PilotIdea = 0,
    ProjectPlan = 1,
    Statutes = 2,
    Subsidy = 3,
    Presentation = 4,
    Evaluation = 5,
}

/// <summary>
/// The five bouwstenen with their trekkers. Features/Collaboration models them too (built at the same time); these are
/// the same fixed codes, so the lead can join the two without a data migration.
/// </summary>
public enum BouwsteenKind
{
    Bekostiging = 0,
    DataIct = 1,
    LerendVermogen = 2,
    Monitoring = 3,
    Samenwerking = 4,
}

/// <summary>Who may read a document: members of its own leerregio, or everyone (shared with all leerregio's, also visitors).</summary>
public enum KnowledgeSharing
{
    Leerregio = 0,
    AllLeerregios = 1,
}

public enum KnowledgeFormat
{
    File = 0,
    Markdown = 1,
}

/// <summary>
/// A document of the Kennisbank: its description and, per version, either an uploaded file or a Markdown text.
/// SearchTitle and SearchBody hold the current version's text as the search engine wants it (see
/// <see cref="KnowledgeSearch"/>): folded on PostgreSQL (a generated tsvector column with the 'dutch' configuration
/// indexes it), folded and stemmed on SQLite (an external-content FTS5 table kept by triggers indexes it). The raw SQL is
/// in the AddKnowledge migration. The integer key is what FTS5 needs as rowid.
/// </summary>
public sealed class KnowledgeDocument
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public required string Title { get; set; }
    public string? Summary { get; set; }
    public DocumentKind Kind { get; set; }
    public List<string> Themes { get; set; } = [];
    public BouwsteenKind? Bouwsteen { get; set; }
    public KnowledgeSharing Sharing { get; set; }
    public KnowledgeFormat Format { get; set; }
    public int CurrentVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string CreatedByUserId { get; set; }
    /// <summary>Subsidy and investment options only: the closing date (Dutch calendar day) and the amount in euros.</summary>
    public DateOnly? SubsidyDeadline { get; set; }
    public decimal? SubsidyAmount { get; set; }
    /// <summary>Set when the reminder before the deadline went out, so that it never goes twice.</summary>
    public DateTimeOffset? ReminderSentAt { get; set; }
    public string SearchTitle { get; set; } = "";
    public string SearchBody { get; set; } = "";
    public List<KnowledgeVersion> Versions { get; set; } = [];
}

/// <summary>One version: a new upload or an edit, with what changed. Older versions stay downloadable.</summary>
public sealed class KnowledgeVersion
{
    public int Id { get; set; }
    public int DocumentId { get; set; }
    public int Number { get; set; }
    public string? ChangeNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedByUserId { get; set; }
    public string? Markdown { get; set; }
    /// <summary>The generated file name under the upload folder; never anything the uploader chose.</summary>
    public string? StoredName { get; set; }
    /// <summary>The uploader's file name, cleaned, only for the download's suggested name.</summary>
    public string? FileName { get; set; }
    /// <summary>The type found from the content (never the one the browser sent).</summary>
    public string? ContentType { get; set; }
    public long? SizeBytes { get; set; }
    public string? Sha256 { get; set; }
    /// <summary>Text found in the file at upload (at most <see cref="TextExtraction.MaxChars"/> characters).</summary>
    public string? ExtractedText { get; set; }
}

/// <summary>Only read through FromSql (<see cref="KnowledgeSearch"/>): a document id, its rank and nothing else.</summary>
public sealed class KnowledgeHit
{
    public int Id { get; set; }
    public double Rank { get; set; }
}

internal sealed class KnowledgeConfiguration :
    IEntityTypeConfiguration<KnowledgeDocument>, IEntityTypeConfiguration<KnowledgeVersion>, IEntityTypeConfiguration<KnowledgeHit>
{
    public void Configure(EntityTypeBuilder<KnowledgeDocument> b)
    {
        b.ToTable("kb_documents");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Summary).HasMaxLength(2000);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Bouwsteen).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Sharing).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Format).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.Property(x => x.SearchTitle).HasMaxLength(1000);
        b.Property(x => x.SearchBody).HasMaxLength(KnowledgeSearch.MaxBodyChars);
        b.HasIndex(x => new { x.LeerregioId, x.UpdatedAt });
        b.HasIndex(x => new { x.Sharing, x.UpdatedAt });
        b.HasIndex(x => x.SubsidyDeadline);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Versions).WithOne().HasForeignKey(v => v.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<KnowledgeVersion> b)
    {
        b.ToTable("kb_versions");
        b.HasIndex(x => new { x.DocumentId, x.Number }).IsUnique();
        b.Property(x => x.ChangeNote).HasMaxLength(500);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.Property(x => x.Markdown).HasMaxLength(KnowledgeLibrary.MaxMarkdownChars);
        b.Property(x => x.StoredName).HasMaxLength(100);
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.ExtractedText).HasMaxLength(TextExtraction.MaxChars);
    }

    public void Configure(EntityTypeBuilder<KnowledgeHit> b) => b.HasNoKey().ToTable("kb_hits", t => t.ExcludeFromMigrations());
}
