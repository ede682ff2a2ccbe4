namespace Groz.Web.Features.SocialMap;

// The social map follows HSDS 3.0 (Open Referral) table by table: every HSDS field is a property whose name is the
// field name in PascalCase (address_1 → Address1, dtstart → Dtstart), so that the API, the export and the import map
// fields by name (HsdsTables) instead of by a hand-written list per table. Groz additions are marked "Groz:".
//
// Keys: HSDS ids are UUIDs and are the primary key (Guid) and the public identifier everywhere; a UUID is global,
// so a package imported into one leerregio cannot take over another leerregio's rows (the importer refuses).
// References between HSDS tables are Guid columns without database foreign keys: HSDS packages may point at records
// outside the package (the official examples do), so integrity is the importer's and the editor's job, and the API
// leaves out what does not resolve. Foreign keys exist only to Groz tables (leerregio, wijk).

/// <summary>Groz curation state of an entry, separate from HSDS <c>status</c> (active, inactive, …), which says whether the service runs.</summary>
public enum Publication
{
    /// <summary>Suggested or being edited: only curators of its leerregio see it.</summary>
    Draft = 0,
    /// <summary>Reviewed by a coordinator: public, in the HSDS API and the export.</summary>
    Published = 1,
    /// <summary>No longer shown; kept for its history.</summary>
    Archived = 2,
}

/// <summary>Where a digital application runs (Groz). Stored as a bit set.</summary>
[Flags]
public enum DigitalPlatforms
{
    None = 0,
    Web = 1,
    Ios = 2,
    Android = 4,
}

/// <summary>HSDS organization: who provides services. Published organisations are public.</summary>
public sealed class Organization
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public required string Name { get; set; }
    public string? AlternateName { get; set; }
    public required string Description { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public string? TaxStatus { get; set; }
    public string? TaxId { get; set; }
    public int? YearIncorporated { get; set; }
    public string? LegalStatus { get; set; }
    public string? Logo { get; set; }
    public string? Uri { get; set; }
    public Guid? ParentOrganizationId { get; set; }
    /// <summary>Groz: curation state.</summary>
    public Publication Publication { get; set; }
    /// <summary>Groz: when the row was created or last changed here (not an HSDS field of organization).</summary>
    public DateTimeOffset ModifiedAt { get; set; }
}

/// <summary>HSDS organization_identifier. Dutch organisations carry their KvK number with scheme <see cref="KvkScheme"/>.</summary>
public sealed class OrganizationIdentifier
{
    /// <summary>org-id.guide code of the Kamer van Koophandel register.</summary>
    public const string KvkScheme = "NL-KVK";
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? OrganizationId { get; set; }
    public string? IdentifierScheme { get; set; }
    public required string IdentifierType { get; set; }
    public required string Identifier { get; set; }
}

/// <summary>HSDS program: a group of related services of one organisation.</summary>
public sealed class HsdsProgram
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? OrganizationId { get; set; }
    public required string Name { get; set; }
    public string? AlternateName { get; set; }
    public required string Description { get; set; }
}

/// <summary>
/// HSDS service, plus the Groz curation fields and what a *digital application* needs. A digital application is a
/// service at a location of type "virtual" (see <see cref="Location.LocationType"/>); its platforms, DigiD and
/// start-help fields are Groz additions that travel as x_groz_* columns in the export.
/// </summary>
public sealed class Service
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? OrganizationId { get; set; }
    public Guid? ProgramId { get; set; }
    public required string Name { get; set; }
    public string? AlternateName { get; set; }
    public string? Description { get; set; }
    public string? Url { get; set; }
    public string? Email { get; set; }
    /// <summary>HSDS status: active, inactive, defunct, temporarily closed (<see cref="HsdsValues.ServiceStatuses"/>).</summary>
    public string Status { get; set; } = "active";
    public string? InterpretationServices { get; set; }
    public string? ApplicationProcess { get; set; }
    public string? FeesDescription { get; set; }
    public string? WaitTime { get; set; }
    public string? Fees { get; set; }
    public string? Accreditations { get; set; }
    public string? EligibilityDescription { get; set; }
    public decimal? MinimumAge { get; set; }
    public decimal? MaximumAge { get; set; }
    public DateOnly? AssuredDate { get; set; }
    public string? AssurerEmail { get; set; }
    public string? Licenses { get; set; }
    public string? Alert { get; set; }
    /// <summary>HSDS last_modified: when the service or anything attached to it last changed (the modified_after filter).</summary>
    public DateTimeOffset LastModified { get; set; }

    /// <summary>Groz: curation state; only <see cref="Publication.Published"/> is public.</summary>
    public Publication Publication { get; set; }
    /// <summary>Groz: when someone last confirmed the entry is still right ("laatst gecontroleerd op"); reminders count from here.</summary>
    public DateTimeOffset? LastCheckedAt { get; set; }
    /// <summary>Groz: the organisation whose professionals keep this entry up to date (usually the provider).</summary>
    public Guid? OwnerOrganizationId { get; set; }
    /// <summary>Groz: platforms of a digital application; None for other services.</summary>
    public DigitalPlatforms Platforms { get; set; }
    /// <summary>Groz: a digital application needs DigiD to use it (null: not known or not relevant).</summary>
    public bool? DigiDRequired { get; set; }
    /// <summary>Groz: who helps residents start using the application in the wijk, in words (e.g. "Digi-café in de bibliotheek, dinsdag 10-12").</summary>
    public string? StartHelp { get; set; }
    /// <summary>Groz: the organisation that gives that help, when it is on the map.</summary>
    public Guid? StartHelpOrganizationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>HSDS location: physical, postal or virtual (a website or app: digital applications).</summary>
public sealed class Location
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    /// <summary>physical, postal or virtual (<see cref="HsdsValues.LocationTypes"/>).</summary>
    public required string LocationType { get; set; }
    public string? Url { get; set; }
    public Guid? OrganizationId { get; set; }
    public string? Name { get; set; }
    public string? AlternateName { get; set; }
    public string? Description { get; set; }
    public string? Transportation { get; set; }
    /// <summary>WGS84. A leniently imported package may hold a value outside −90…90: check the range before drawing it.</summary>
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? ExternalIdentifier { get; set; }
    public string? ExternalIdentifierType { get; set; }
    /// <summary>Groz: the wijk the location lies in (x_groz_wijk_code in the export).</summary>
    public int? WijkId { get; set; }
}

/// <summary>HSDS service_at_location: a service offered at a location.</summary>
public sealed class ServiceAtLocation
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? ServiceId { get; set; }
    public Guid? LocationId { get; set; }
    public string? Description { get; set; }
}

public sealed class Address
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? LocationId { get; set; }
    public string? Attention { get; set; }
    public required string Address1 { get; set; }
    public string? Address2 { get; set; }
    public required string City { get; set; }
    public string? Region { get; set; }
    /// <summary>In the Netherlands: the provincie.</summary>
    public required string StateProvince { get; set; }
    public required string PostalCode { get; set; }
    /// <summary>ISO 3166-1 alpha-2, "NL".</summary>
    public required string Country { get; set; }
    /// <summary>physical, postal or virtual.</summary>
    public required string AddressType { get; set; }
}

public sealed class Phone
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? LocationId { get; set; }
    public Guid? ServiceId { get; set; }
    public Guid? OrganizationId { get; set; }
    public Guid? ContactId { get; set; }
    public Guid? ServiceAtLocationId { get; set; }
    public required string Number { get; set; }
    public decimal? Extension { get; set; }
    public string? Type { get; set; }
    public string? Description { get; set; }
}

/// <summary>
/// HSDS contact. Meant as an organisational contact (a desk, a role); when it names a person, that person's name and
/// e-mail are personal data: SocialMapPersonalData exports contacts with the member's e-mail and erases name and e-mail.
/// </summary>
public sealed class Contact
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? OrganizationId { get; set; }
    public Guid? ServiceId { get; set; }
    public Guid? ServiceAtLocationId { get; set; }
    public Guid? LocationId { get; set; }
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Department { get; set; }
    public string? Email { get; set; }
}

/// <summary>HSDS schedule: opening hours as RFC 5545 recurrence parts (freq WEEKLY + byday + opens_at/closes_at).</summary>
public sealed class Schedule
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? ServiceId { get; set; }
    public Guid? LocationId { get; set; }
    public Guid? ServiceAtLocationId { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public DateOnly? Dtstart { get; set; }
    /// <summary>HSDS: the UTC offset in hours (a number); opening hours in Groz are local Dutch time.</summary>
    public decimal? Timezone { get; set; }
    public DateOnly? Until { get; set; }
    public int? Count { get; set; }
    public string? Wkst { get; set; }
    /// <summary>WEEKLY or MONTHLY.</summary>
    public string? Freq { get; set; }
    public int? Interval { get; set; }
    /// <summary>Comma-separated RFC 5545 days: "MO,TU" (or "1TU" for the first Tuesday of a month).</summary>
    public string? Byday { get; set; }
    public string? Byweekno { get; set; }
    public string? Bymonthday { get; set; }
    public string? Byyearday { get; set; }
    public string? Description { get; set; }
    public TimeOnly? OpensAt { get; set; }
    public TimeOnly? ClosesAt { get; set; }
    public string? ScheduleLink { get; set; }
    public string? AttendingType { get; set; }
    public string? Notes { get; set; }
}

/// <summary>HSDS cost_option. A free service has an option with amount 0 (the search's "gratis" filter).</summary>
public sealed class CostOption
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? ServiceId { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public string? Option { get; set; }
    /// <summary>ISO 4217, "EUR".</summary>
    public string? Currency { get; set; }
    public decimal? Amount { get; set; }
    public string? AmountDescription { get; set; }
}

public sealed class Language
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? ServiceId { get; set; }
    public Guid? LocationId { get; set; }
    public Guid? PhoneId { get; set; }
    public string? Name { get; set; }
    /// <summary>ISO 639 code, e.g. "nl", "ar", "tr".</summary>
    public string? Code { get; set; }
    public string? Note { get; set; }
}

public sealed class Accessibility
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? LocationId { get; set; }
    public string? Description { get; set; }
    public string? Details { get; set; }
    public string? Url { get; set; }
}

/// <summary>HSDS service_area. Groz: a service covers wijken; each covered wijk is one row with <see cref="WijkId"/> (x_groz_wijk_code).</summary>
public sealed class ServiceArea
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? ServiceId { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Extent { get; set; }
    public string? ExtentType { get; set; }
    public string? Uri { get; set; }
    public int? WijkId { get; set; }
}

public sealed class Funding
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? OrganizationId { get; set; }
    public Guid? ServiceId { get; set; }
    public string? Source { get; set; }
}

public sealed class RequiredDocument
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? ServiceId { get; set; }
    public string? Document { get; set; }
    public string? Uri { get; set; }
}

/// <summary>HSDS taxonomy. LeerregioId null: installation-wide (the GROZ themes and target groups, <see cref="SocialMapTaxonomies"/>).</summary>
public sealed class Taxonomy
{
    public Guid Id { get; set; }
    public int? LeerregioId { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public string? Uri { get; set; }
    public string? Version { get; set; }
}

public sealed class TaxonomyTerm
{
    public Guid Id { get; set; }
    public int? LeerregioId { get; set; }
    /// <summary>For GROZ themes: the theme code of <see cref="Shared.Themes"/> ("leefstijl").</summary>
    public string? Code { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public Guid? ParentId { get; set; }
    /// <summary>HSDS' free-text name of the taxonomy (older packages use it instead of taxonomy_id).</summary>
    public string? Taxonomy { get; set; }
    public string? Language { get; set; }
    public Guid? TaxonomyId { get; set; }
    public string? TermUri { get; set; }
}

/// <summary>HSDS attribute: puts a taxonomy term on any row (link_type = table, link_id = its id). Themes and target groups of services are attributes.</summary>
public sealed class HsdsAttribute
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? LinkId { get; set; }
    public Guid? TaxonomyTermId { get; set; }
    /// <summary>The table the link points at: "service", "organization", "location", …</summary>
    public string? LinkType { get; set; }
    public string? LinkEntity { get; set; }
    public string? Value { get; set; }
}

/// <summary>HSDS metadata: the change history, one row per changed field.</summary>
public sealed class HsdsMetadata
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public Guid? ResourceId { get; set; }
    public string? ResourceType { get; set; }
    /// <summary>When; HSDS exchanges only the date, Groz keeps the moment.</summary>
    public DateTimeOffset LastActionDate { get; set; }
    /// <summary>create, update, delete (free text in HSDS).</summary>
    public required string LastActionType { get; set; }
    public required string FieldName { get; set; }
    public required string PreviousValue { get; set; }
    public required string ReplacementValue { get; set; }
    /// <summary>As published: an organisation or role name, never a member's name unless the row came in by import.</summary>
    public required string UpdatedBy { get; set; }
    /// <summary>Groz: the member who made the change (not exported; erasure clears it).</summary>
    public string? UpdatedByUserId { get; set; }
}

/// <summary>HSDS meta_table_description (part of the tabular package, kept so a package goes out as it came in).</summary>
public sealed class MetaTableDescription
{
    public Guid Id { get; set; }
    public int LeerregioId { get; set; }
    public string? Name { get; set; }
    public string? Language { get; set; }
    public string? CharacterSet { get; set; }
}

/// <summary>The closed value lists of HSDS 3.0.</summary>
public static class HsdsValues
{
    public static readonly string[] ServiceStatuses = ["active", "inactive", "defunct", "temporarily closed"];
    public static readonly string[] LocationTypes = ["physical", "postal", "virtual"];
    public static readonly string[] AddressTypes = ["physical", "postal", "virtual"];
    public static readonly string[] Weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    public static readonly string[] Frequencies = ["WEEKLY", "MONTHLY"];
}
