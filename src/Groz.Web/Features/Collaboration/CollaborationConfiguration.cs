using Groz.Web.Features.Regions;
using Groz.Web.Features.SocialMap;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.Collaboration;

internal sealed class CollaborationEntityConfiguration : IEntityTypeConfiguration<Collaboration>
{
    public void Configure(EntityTypeBuilder<Collaboration> b)
    {
        b.ToTable("col_collaborations");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.ProcessOwnerId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.CollaborationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Themes).WithOne().HasForeignKey(m => m.CollaborationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Wijken).WithOne().HasForeignKey(m => m.CollaborationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.LeerregioId, x.Name });
    }
}

internal sealed class CollaborationMemberConfiguration : IEntityTypeConfiguration<CollaborationMember>
{
    public void Configure(EntityTypeBuilder<CollaborationMember> b)
    {
        b.ToTable("col_members");
        b.Property(x => x.Role).HasMaxLength(120);
        // An organisation is a member once; the database keeps the rule even if a writer forgets.
        b.HasIndex(x => new { x.CollaborationId, x.OrganizationId }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CollaborationThemeConfiguration : IEntityTypeConfiguration<CollaborationTheme>
{
    public void Configure(EntityTypeBuilder<CollaborationTheme> b)
    {
        b.ToTable("col_themes");
        b.HasKey(x => new { x.CollaborationId, x.ThemeCode });
        b.Property(x => x.ThemeCode).HasMaxLength(40);
    }
}

internal sealed class CollaborationWijkConfiguration : IEntityTypeConfiguration<CollaborationWijk>
{
    public void Configure(EntityTypeBuilder<CollaborationWijk> b)
    {
        b.ToTable("col_wijken");
        b.HasKey(x => new { x.CollaborationId, x.WijkId });
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BouwsteenConfiguration : IEntityTypeConfiguration<Bouwsteen>
{
    public void Configure(EntityTypeBuilder<Bouwsteen> b)
    {
        b.ToTable("col_bouwstenen");
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.Trekker).HasMaxLength(200);
        b.HasIndex(x => new { x.LeerregioId, x.Code }).IsUnique();
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Updates).WithOne().HasForeignKey(u => u.BouwsteenId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BouwsteenUpdateConfiguration : IEntityTypeConfiguration<BouwsteenUpdate>
{
    public void Configure(EntityTypeBuilder<BouwsteenUpdate> b)
    {
        b.ToTable("col_bouwsteen_updates");
        b.Property(x => x.AuthorUserId).HasMaxLength(450);
    }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<NeighbourhoodConversation>
{
    public void Configure(EntityTypeBuilder<NeighbourhoodConversation> b)
    {
        b.ToTable("col_conversations");
        b.Property(x => x.Facilitator).HasMaxLength(200);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Fragments).WithOne().HasForeignKey(f => f.ConversationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.LeerregioId, x.HeldOn });
    }
}

internal sealed class FragmentConfiguration : IEntityTypeConfiguration<ConversationFragment>
{
    public void Configure(EntityTypeBuilder<ConversationFragment> b)
    {
        b.ToTable("col_fragments");
        b.HasMany(x => x.Codes).WithOne().HasForeignKey(c => c.FragmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.LeerregioId);
    }
}

internal sealed class FragmentCodeConfiguration : IEntityTypeConfiguration<FragmentCode>
{
    public void Configure(EntityTypeBuilder<FragmentCode> b)
    {
        b.ToTable("col_fragment_codes");
        b.HasKey(x => new { x.FragmentId, x.CodeId });
        b.HasOne<Code>().WithMany().HasForeignKey(x => x.CodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.CodeId);
    }
}

internal sealed class CodeConfiguration : IEntityTypeConfiguration<Code>
{
    public void Configure(EntityTypeBuilder<Code> b)
    {
        b.ToTable("col_codes");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.HasOne<Leerregio>().WithMany().HasForeignKey(x => x.LeerregioId).OnDelete(DeleteBehavior.Cascade);
        // Restrict: a code with subcodes is merged or re-parented first, never deleted from under them.
        b.HasOne<Code>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.LeerregioId, x.ParentId });
    }
}

internal sealed class ThemeUrgencyConfiguration : IEntityTypeConfiguration<ThemeUrgency>
{
    public void Configure(EntityTypeBuilder<ThemeUrgency> b)
    {
        b.ToTable("col_urgencies", t => t.HasCheckConstraint("ck_col_urgencies_level", "level BETWEEN 1 AND 5"));
        b.Property(x => x.Rationale).HasMaxLength(2000);
        b.HasIndex(x => new { x.LeerregioId, x.WijkId, x.CodeId }).IsUnique();
        b.HasOne<Code>().WithMany().HasForeignKey(x => x.CodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ThemeActionConfiguration : IEntityTypeConfiguration<ThemeAction>
{
    public void Configure(EntityTypeBuilder<ThemeAction> b)
    {
        b.ToTable("col_theme_actions");
        b.Property(x => x.Url).HasMaxLength(500);
        b.Property(x => x.Title).HasMaxLength(200);
        b.HasOne<Code>().WithMany().HasForeignKey(x => x.CodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.CodeId);
    }
}

internal sealed class EffectivenessAnswerConfiguration : IEntityTypeConfiguration<EffectivenessAnswer>
{
    public void Configure(EntityTypeBuilder<EffectivenessAnswer> b)
    {
        b.ToTable("col_effectiveness");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Helps).HasMaxLength(2000);
        b.Property(x => x.Hinders).HasMaxLength(2000);
        b.HasOne<Collaboration>().WithMany().HasForeignKey(x => x.CollaborationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.CollaborationId, x.Quarter, x.UserId }).IsUnique();
    }
}
