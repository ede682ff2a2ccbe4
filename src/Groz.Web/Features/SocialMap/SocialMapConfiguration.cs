using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// Tables are named after HSDS ("sm_" + the HSDS table name), columns after the HSDS fields (snake case).
/// Every HSDS reference column is indexed, because the API and export load children by parent id.
/// </summary>
internal sealed class SocialMapConfiguration :
    IEntityTypeConfiguration<Organization>, IEntityTypeConfiguration<OrganizationIdentifier>, IEntityTypeConfiguration<HsdsProgram>,
    IEntityTypeConfiguration<Service>, IEntityTypeConfiguration<Location>, IEntityTypeConfiguration<ServiceAtLocation>,
    IEntityTypeConfiguration<Address>, IEntityTypeConfiguration<Phone>, IEntityTypeConfiguration<Contact>,
    IEntityTypeConfiguration<Schedule>, IEntityTypeConfiguration<CostOption>, IEntityTypeConfiguration<Language>,
    IEntityTypeConfiguration<Accessibility>, IEntityTypeConfiguration<ServiceArea>, IEntityTypeConfiguration<Funding>,
    IEntityTypeConfiguration<RequiredDocument>, IEntityTypeConfiguration<Taxonomy>, IEntityTypeConfiguration<TaxonomyTerm>,
    IEntityTypeConfiguration<HsdsAttribute>, IEntityTypeConfiguration<HsdsMetadata>, IEntityTypeConfiguration<MetaTableDescription>
{
    private static void Common<T>(EntityTypeBuilder<T> b, string table, bool leerregioRequired = true) where T : class
    {
        b.ToTable("sm_" + table);
        b.HasKey("Id");
        b.Property<Guid>("Id").ValueGeneratedNever();
        var fk = b.HasOne<Leerregio>().WithMany().HasForeignKey("LeerregioId").OnDelete(DeleteBehavior.Restrict);
        fk.IsRequired(leerregioRequired);
    }

    private static void Refs<T>(EntityTypeBuilder<T> b, params string[] columns) where T : class
    {
        foreach (var c in columns)
        {
            b.HasIndex(c);
        }
    }

    public void Configure(EntityTypeBuilder<Organization> b)
    {
        Common(b, "organizations");
        b.Property(x => x.Publication).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(300);
        b.HasIndex(x => new { x.LeerregioId, x.Publication });
        Refs(b, nameof(Organization.ParentOrganizationId));
    }

    public void Configure(EntityTypeBuilder<OrganizationIdentifier> b)
    {
        Common(b, "organization_identifiers");
        Refs(b, nameof(OrganizationIdentifier.OrganizationId));
        b.HasIndex(x => new { x.IdentifierScheme, x.Identifier });
    }

    public void Configure(EntityTypeBuilder<HsdsProgram> b)
    {
        Common(b, "programs");
        Refs(b, nameof(HsdsProgram.OrganizationId));
    }

    public void Configure(EntityTypeBuilder<Service> b)
    {
        Common(b, "services");
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.Status).HasMaxLength(30);
        b.Property(x => x.Publication).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => new { x.LeerregioId, x.Publication, x.LastModified });
        b.HasIndex(x => x.LastModified);
        Refs(b, nameof(Service.OrganizationId), nameof(Service.ProgramId), nameof(Service.OwnerOrganizationId));
    }

    public void Configure(EntityTypeBuilder<Location> b)
    {
        Common(b, "locations");
        b.Property(x => x.LocationType).HasMaxLength(20);
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Restrict);
        Refs(b, nameof(Location.OrganizationId));
    }

    public void Configure(EntityTypeBuilder<ServiceAtLocation> b)
    {
        Common(b, "service_at_locations");
        Refs(b, nameof(ServiceAtLocation.ServiceId), nameof(ServiceAtLocation.LocationId));
    }

    public void Configure(EntityTypeBuilder<Address> b)
    {
        Common(b, "addresses");
        Refs(b, nameof(Address.LocationId));
    }

    public void Configure(EntityTypeBuilder<Phone> b)
    {
        Common(b, "phones");
        Refs(b, nameof(Phone.LocationId), nameof(Phone.ServiceId), nameof(Phone.OrganizationId), nameof(Phone.ContactId), nameof(Phone.ServiceAtLocationId));
    }

    public void Configure(EntityTypeBuilder<Contact> b)
    {
        Common(b, "contacts");
        Refs(b, nameof(Contact.OrganizationId), nameof(Contact.ServiceId), nameof(Contact.ServiceAtLocationId), nameof(Contact.LocationId), nameof(Contact.Email));
    }

    public void Configure(EntityTypeBuilder<Schedule> b)
    {
        Common(b, "schedules");
        Refs(b, nameof(Schedule.ServiceId), nameof(Schedule.LocationId), nameof(Schedule.ServiceAtLocationId));
    }

    public void Configure(EntityTypeBuilder<CostOption> b)
    {
        Common(b, "cost_options");
        Refs(b, nameof(CostOption.ServiceId));
    }

    public void Configure(EntityTypeBuilder<Language> b)
    {
        Common(b, "languages");
        Refs(b, nameof(Language.ServiceId), nameof(Language.LocationId), nameof(Language.PhoneId));
    }

    public void Configure(EntityTypeBuilder<Accessibility> b)
    {
        Common(b, "accessibility");
        Refs(b, nameof(Accessibility.LocationId));
    }

    public void Configure(EntityTypeBuilder<ServiceArea> b)
    {
        Common(b, "service_areas");
        b.HasOne<Wijk>().WithMany().HasForeignKey(x => x.WijkId).OnDelete(DeleteBehavior.Restrict);
        Refs(b, nameof(ServiceArea.ServiceId));
    }

    public void Configure(EntityTypeBuilder<Funding> b)
    {
        Common(b, "funding");
        Refs(b, nameof(Funding.OrganizationId), nameof(Funding.ServiceId));
    }

    public void Configure(EntityTypeBuilder<RequiredDocument> b)
    {
        Common(b, "required_documents");
        Refs(b, nameof(RequiredDocument.ServiceId));
    }

    public void Configure(EntityTypeBuilder<Taxonomy> b)
    {
        Common(b, "taxonomies", leerregioRequired: false);
        b.HasIndex(x => new { x.LeerregioId, x.Name });
        b.HasData(SocialMapTaxonomies.SeedTaxonomies());
    }

    public void Configure(EntityTypeBuilder<TaxonomyTerm> b)
    {
        Common(b, "taxonomy_terms", leerregioRequired: false);
        Refs(b, nameof(TaxonomyTerm.TaxonomyId), nameof(TaxonomyTerm.ParentId));
        b.HasData(SocialMapTaxonomies.SeedTerms());
    }

    public void Configure(EntityTypeBuilder<HsdsAttribute> b)
    {
        Common(b, "attributes");
        b.Property(x => x.LinkType).HasMaxLength(100);
        b.HasIndex(x => new { x.LinkId, x.LinkType });
        Refs(b, nameof(HsdsAttribute.TaxonomyTermId));
    }

    public void Configure(EntityTypeBuilder<HsdsMetadata> b)
    {
        Common(b, "metadata");
        b.Property(x => x.UpdatedByUserId).HasMaxLength(450);
        b.HasIndex(x => new { x.ResourceId, x.LastActionDate });
        Refs(b, nameof(HsdsMetadata.UpdatedByUserId));
    }

    public void Configure(EntityTypeBuilder<MetaTableDescription> b) => Common(b, "meta_table_descriptions");
}
