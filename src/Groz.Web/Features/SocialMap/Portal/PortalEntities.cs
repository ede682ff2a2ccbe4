using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.SocialMap;

/// <summary>What the search filters on, on a document and on a full-text hit alike (so one filter serves both).</summary>
public interface ISearchRow
{
    Guid ServiceId { get; }
    int LeerregioId { get; }
    string Name { get; }
    /// <summary>The wijken the service covers: those of its locations and of its service areas.</summary>
    List<int> WijkIds { get; }
    /// <summary>Bound to no wijk at all (a helpline, an app): it counts for every wijk of its leerregio.</summary>
    bool LeerregioWide { get; }
    /// <summary>A cost option of €0.</summary>
    bool Free { get; }
    /// <summary>At a physical location.</summary>
    bool Physical { get; }
    /// <summary>An application (platforms) or at a virtual location.</summary>
    bool Digital { get; }
    decimal? MinimumAge { get; }
    decimal? MaximumAge { get; }
    /// <summary>The taxonomy terms of the service's HSDS attributes (GROZ themes, target groups, others).</summary>
    List<Guid> TermIds { get; }
}

/// <summary>
/// The search text of one public service, and everything the search filters on and a result shows, rebuilt by
/// <see cref="SearchIndex"/> whenever it is stale: when the service's LastModified moved, or when a row it was made from
/// (location, address, schedule, cost option, attribute, service area, organisation) was saved through EF
/// (<see cref="SearchDocumentInvalidator"/>). So a search page reads this table only, not the HSDS tables.
/// Title and Body hold the text as the engine wants it: on PostgreSQL folded to plain letters (a generated tsvector column
/// with the <c>dutch</c> configuration indexes it); on SQLite also stemmed with the Dutch Snowball stemmer, because FTS5 has
/// no Dutch stemmer of its own (an external-content FTS5 table kept by triggers indexes it). The raw SQL is in the AddSocialMapSearch migration.
/// </summary>
public sealed class SearchDocument : ISearchRow
{
    /// <summary>An integer key: FTS5 addresses rows by integer rowid.</summary>
    public long Id { get; set; }
    public Guid ServiceId { get; set; }
    public int LeerregioId { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    /// <summary>The service's LastModified when this document was made: a difference means it is stale.</summary>
    public DateTimeOffset SourceModified { get; set; }
    public string Name { get; set; } = "";
    public List<int> WijkIds { get; set; } = [];
    public bool LeerregioWide { get; set; }
    public bool Free { get; set; }
    public bool Physical { get; set; }
    public bool Digital { get; set; }
    public decimal? MinimumAge { get; set; }
    public decimal? MaximumAge { get; set; }
    public List<Guid> TermIds { get; set; } = [];
    /// <summary>What a result shows besides the above (<see cref="SearchDisplay"/> as JSON): read, never filtered on.</summary>
    public string Display { get; set; } = "{}";
}

/// <summary>A row of a full-text match (FromSql over sm_search_documents, not a table): the document's filter columns and how well it matched.</summary>
public sealed class SearchHit : ISearchRow
{
    public Guid ServiceId { get; set; }
    public int LeerregioId { get; set; }
    public string Name { get; set; } = "";
    public List<int> WijkIds { get; set; } = [];
    public bool LeerregioWide { get; set; }
    public bool Free { get; set; }
    public bool Physical { get; set; }
    public bool Digital { get; set; }
    public decimal? MinimumAge { get; set; }
    public decimal? MaximumAge { get; set; }
    public List<Guid> TermIds { get; set; } = [];
    public double Rank { get; set; }
}

public enum SuggestionKind
{
    /// <summary>Something that is not on the map yet.</summary>
    NewEntry = 0,
    /// <summary>Something on the map that is wrong or out of date.</summary>
    Correction = 1,
}

public enum SuggestionStatus
{
    Open = 0,
    Accepted = 1,
    Rejected = 2,
}

/// <summary>A signed-in member's suggestion for the social map, waiting for a coordinator of the leerregio.</summary>
public sealed class Suggestion
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public SuggestionKind Kind { get; set; }
    /// <summary>The service a correction is about; null for a new entry.</summary>
    public Guid? ServiceId { get; set; }
    /// <summary>Proposed values; null leaves the field as it is.</summary>
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Url { get; set; }
    public string? Email { get; set; }
    /// <summary>What the member wants to tell the coordinator (opening hours, address, …) in their own words.</summary>
    public string? Message { get; set; }
    public required string SubmittedByUserId { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public SuggestionStatus Status { get; set; }
    public string? ReviewedByUserId { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewNote { get; set; }
}

/// <summary>A professional who keeps an organisation's entries up to date (granted by a coordinator).</summary>
public sealed class OrganizationMember
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid OrganizationId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>One reminder mail about an unconfirmed entry: so the same entry is not reminded again before the next period.</summary>
public sealed class CheckReminder
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid ServiceId { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public int Recipients { get; set; }
}

internal sealed class PortalConfiguration :
    IEntityTypeConfiguration<SearchDocument>, IEntityTypeConfiguration<SearchHit>, IEntityTypeConfiguration<Suggestion>,
    IEntityTypeConfiguration<OrganizationMember>, IEntityTypeConfiguration<CheckReminder>
{
    public void Configure(EntityTypeBuilder<SearchDocument> b)
    {
        b.ToTable("sm_search_documents");
        b.HasIndex(x => x.ServiceId).IsUnique();
        b.Property(x => x.Title).HasMaxLength(1000);
        b.Property(x => x.Body).HasMaxLength(20000);
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.Display).HasMaxLength(20000);
        // The page without text lists a wijk by name.
        b.HasIndex(x => new { x.LeerregioId, x.Name });
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Cascade);
    }

    // No table: only ever read through FromSql (SearchIndex.Match).
    public void Configure(EntityTypeBuilder<SearchHit> b)
    {
        b.HasNoKey().ToTable("sm_search_hits", t => t.ExcludeFromMigrations());
        b.Property(x => x.Name).HasMaxLength(300);
    }

    public void Configure(EntityTypeBuilder<Suggestion> b)
    {
        b.ToTable("sm_suggestions");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.SubmittedByUserId).HasMaxLength(450);
        b.Property(x => x.ReviewedByUserId).HasMaxLength(450);
        b.HasIndex(x => new { x.LeerregioId, x.Status, x.SubmittedAt });
        b.HasIndex(x => x.SubmittedByUserId);
        b.HasIndex(x => x.ServiceId);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<OrganizationMember> b)
    {
        b.ToTable("sm_organization_members");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => new { x.OrganizationId, x.UserId }).IsUnique();
        b.HasIndex(x => x.UserId);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Accounts.GrozUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CheckReminder> b)
    {
        b.ToTable("sm_check_reminders");
        b.HasIndex(x => new { x.ServiceId, x.SentAt });
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
    }
}
