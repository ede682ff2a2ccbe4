using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.Accounts;

internal sealed class GrozUserConfiguration : IEntityTypeConfiguration<GrozUser>
{
    public void Configure(EntityTypeBuilder<GrozUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(100);
        b.Property(x => x.Interests).HasMaxLength(500);
        b.Property(x => x.PreferredCulture).HasMaxLength(5);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> b)
    {
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
        b.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.UserId, x.Role, x.LeerregioId, x.WijkId }).IsUnique();
        b.HasIndex(x => new { x.LeerregioId, x.Role });
    }
}

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> b)
    {
        b.Property(x => x.Purpose).HasMaxLength(60);
        b.Property(x => x.TextVersion).HasMaxLength(40);
        b.HasOne<GrozUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.UserId, x.Purpose });
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Prefix).HasMaxLength(8);
        b.Property(x => x.SecretHash).HasMaxLength(64);
        b.Property(x => x.Scopes).HasMaxLength(200);
        b.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.Prefix);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.Property(x => x.Action).HasMaxLength(80);
        b.Property(x => x.SubjectType).HasMaxLength(40);
        b.Property(x => x.SubjectId).HasMaxLength(80);
        b.Property(x => x.IpAddress).HasMaxLength(45);
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.UserId, x.At });
        b.HasIndex(x => new { x.LeerregioId, x.At });
        // "Who looked at my request": the entries about one record, read by its owner.
        b.HasIndex(x => new { x.SubjectType, x.SubjectId, x.At });
    }
}
