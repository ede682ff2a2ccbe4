using Groz.Web.Features.Accounts;
using Groz.Web.Features.Collaboration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.Knowledge;

/// <summary>
/// A file attached to a bouwsteen update (Features/Collaboration's <see cref="BouwsteenUpdate"/>: the one updates table).
/// Stored and served exactly like a Kennisbank version's file: checked by content with <see cref="SafeUpload"/>, under a
/// generated name outside the web root.
/// </summary>
public sealed class UpdateAttachment
{
    public int Id { get; set; }
    public int UpdateId { get; set; }
    public required string StoredName { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public required string Sha256 { get; set; }
}

/// <summary>A comment on a document or on a bouwsteen update (exactly one of the two); plain text or Markdown.</summary>
public sealed class KnowledgeComment
{
    public int Id { get; set; }
    public int? DocumentId { get; set; }
    public int? UpdateId { get; set; }
    /// <summary>The leerregio of what is commented on: its coordinators may delete the comment.</summary>
    public int LeerregioId { get; set; }
    public required string AuthorUserId { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum FollowKind
{
    Bouwsteen = 0,
    Theme = 1,
}

/// <summary>
/// A member follows a bouwsteen (a <see cref="BouwsteenKind"/> name) or a theme (a Shared/Themes code) across every
/// leerregio whose items they may read, and gets a weekly digest.
/// </summary>
public sealed class KnowledgeFollow
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public FollowKind Kind { get; set; }
    public required string Code { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What a member's digest already contained: the unique key makes "never the same item twice" a rule of the database.</summary>
public sealed class DigestItem
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    /// <summary>"version" (a new document or version) or "update" (a bouwsteen update).</summary>
    public required string ItemType { get; set; }
    public int ItemId { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>
/// One reminder mail about a subsidy's deadline to one person. Written with the inbox messages when the reminder is
/// claimed; <see cref="SentAt"/> stays empty until the mail server took the mail, so a refused mail is tried again by
/// the next run (until the deadline) and one bad address does not hold up the others.
/// </summary>
public sealed class SubsidyReminderMail
{
    public long Id { get; set; }
    public int DocumentId { get; set; }
    public required string UserId { get; set; }
    /// <summary>The deadline the mail is about: a moved deadline makes older unsent mails stale (the new one gets its own).</summary>
    public DateOnly Deadline { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
}

internal sealed class LearningConfiguration :
    IEntityTypeConfiguration<UpdateAttachment>, IEntityTypeConfiguration<KnowledgeComment>, IEntityTypeConfiguration<KnowledgeFollow>, IEntityTypeConfiguration<DigestItem>,
    IEntityTypeConfiguration<SubsidyReminderMail>
{
    public void Configure(EntityTypeBuilder<SubsidyReminderMail> b)
    {
        b.ToTable("kb_subsidy_reminder_mails");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => new { x.DocumentId, x.UserId, x.Deadline }).IsUnique();
        b.HasIndex(x => x.SentAt);
        b.HasOne<KnowledgeDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<UpdateAttachment> b)
    {
        b.ToTable("kb_update_attachments");
        b.Property(x => x.StoredName).HasMaxLength(100);
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.HasIndex(x => x.UpdateId);
        b.HasOne<BouwsteenUpdate>().WithMany().HasForeignKey(x => x.UpdateId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<KnowledgeComment> b)
    {
        b.ToTable("kb_comments", t => t.HasCheckConstraint("ck_kb_comments_one_target",
            "(document_id IS NULL) <> (update_id IS NULL)"));
        b.Property(x => x.AuthorUserId).HasMaxLength(450);
        b.Property(x => x.Text).HasMaxLength(LearningEnvironment.MaxCommentChars);
        b.HasIndex(x => new { x.DocumentId, x.Id });
        b.HasIndex(x => new { x.UpdateId, x.Id });
        b.HasIndex(x => x.AuthorUserId);
        b.HasOne<KnowledgeDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<BouwsteenUpdate>().WithMany().HasForeignKey(x => x.UpdateId).OnDelete(DeleteBehavior.Cascade);
        // A member's comments go with the member when the account is erased.
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.AuthorUserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<KnowledgeFollow> b)
    {
        b.ToTable("kb_follows");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => new { x.UserId, x.Kind, x.Code }).IsUnique();
        b.HasIndex(x => new { x.Kind, x.Code });
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<DigestItem> b)
    {
        b.ToTable("kb_digest_items");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.ItemType).HasMaxLength(20);
        b.HasIndex(x => new { x.UserId, x.ItemType, x.ItemId }).IsUnique();
        b.HasIndex(x => x.SentAt);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
