using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap;

/// <summary>One HSDS field of a table: its name in CSV and JSON, the property that holds it, and its rules.</summary>
public sealed record HsdsField(string Name, PropertyInfo Property, bool Required, string? Format, string[]? Values, string? RefersTo)
{
    /// <summary>The CLR type without Nullable: Guid, string, int, decimal, double, DateOnly, TimeOnly, DateTimeOffset.</summary>
    public Type ValueType { get; } = Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;
}

/// <summary>
/// The HSDS 3.0 tables as Groz holds them: one description per table, used by the API (JSON), the export and the import
/// (CSV). Field order is the order of the HSDS schema, which is also the column order of the official CSV examples.
/// </summary>
public sealed class HsdsTable
{
    public required string Name { get; init; }
    public required string File { get; init; }
    public required Type Entity { get; init; }
    public required IReadOnlyList<HsdsField> Fields { get; init; }
    public required Func<GrozDbContext, IQueryable<object>> Query { get; init; }
    /// <summary>Loads rows whose Guid? property is in a set of ids (a parent's children, or objects by id).</summary>
    public required Func<GrozDbContext, string, IReadOnlyCollection<Guid>, CancellationToken, Task<List<object>>> LoadByAsync { get; init; }

    public HsdsField Field(string name) => Fields.First(f => f.Name == name);

    public static Guid IdOf(object row) => (Guid)row.GetType().GetProperty("Id")!.GetValue(row)!;

    // HSDS fields holding a date although Groz keeps a moment.
    private static readonly HashSet<string> DateOnlyMoments = ["metadata.last_action_date"];

    public bool IsDateOnlyMoment(HsdsField f) => DateOnlyMoments.Contains(Name + "." + f.Name);

    /// <summary>The HSDS text form of a value, as in CSV; null when empty.</summary>
    public string? Format(HsdsField f, object row)
    {
        var v = f.Property.GetValue(row);
        return v switch
        {
            null => null,
            string s => s,
            Guid g => g.ToString("D"),
            int i => i.ToString(CultureInfo.InvariantCulture),
            decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TimeOnly t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            DateTimeOffset t when IsDateOnlyMoment(f) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
            _ => Convert.ToString(v, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The row as an HSDS JSON object: numbers as numbers, empty fields left out (HSDS schemas do not allow null).</summary>
    public JsonObject ToJson(object row)
    {
        var o = new JsonObject();
        foreach (var f in Fields)
        {
            var v = f.Property.GetValue(row);
            if (v is null)
            {
                continue;
            }
            o[f.Name] = v switch
            {
                int i => JsonValue.Create(i),
                decimal d => JsonValue.Create(d),
                double d => JsonValue.Create(d),
                bool b => JsonValue.Create(b),
                _ => JsonValue.Create(Format(f, row)),
            };
        }
        return o;
    }
}

public static class HsdsTables
{
    // Declared before the tables: static fields initialise in the order they are written.
    // Where a reference column points; link_id and resource_id point at the table named in link_type / resource_type.
    private static readonly Dictionary<string, string> References = new()
    {
        ["organization_id"] = "organization", ["parent_organization_id"] = "organization", ["program_id"] = "program",
        ["service_id"] = "service", ["location_id"] = "location", ["service_at_location_id"] = "service_at_location",
        ["contact_id"] = "contact", ["phone_id"] = "phone", ["taxonomy_id"] = "taxonomy", ["taxonomy_term_id"] = "taxonomy_term",
        ["parent_id"] = "taxonomy_term",
    };

    private static readonly Dictionary<string, string[]> Enums = new()
    {
        ["service.status"] = HsdsValues.ServiceStatuses,
        ["location.location_type"] = HsdsValues.LocationTypes,
        ["address.address_type"] = HsdsValues.AddressTypes,
        ["schedule.wkst"] = HsdsValues.Weekdays,
        ["schedule.freq"] = HsdsValues.Frequencies,
    };

    // JSON Schema formats the HSDS schemas check (format "email" and "uri"); a value that fails them would make
    // every API response that contains it invalid, so the import checks them too.
    private static readonly HashSet<string> Emails = ["organization.email", "service.email", "service.assurer_email", "contact.email"];
    private static readonly HashSet<string> Uris =
    [
        "organization.website", "organization.uri", "service.url", "location.url", "accessibility.url", "required_document.uri",
        "schedule.schedule_link", "taxonomy.uri", "taxonomy_term.term_uri",
    ];

    public static readonly HsdsTable Organization = Table<Organization>("organization", "organizations.csv",
        "id,name*,alternate_name,description*,email,website,tax_status,tax_id,year_incorporated,legal_status,logo,uri,parent_organization_id", db => db.SmOrganizations);
    public static readonly HsdsTable OrganizationIdentifier = Table<OrganizationIdentifier>("organization_identifier", "organization_identifiers.csv",
        "id,organization_id*,identifier_scheme,identifier_type*,identifier*", db => db.SmOrganizationIdentifiers);
    public static readonly HsdsTable Program = Table<HsdsProgram>("program", "programs.csv",
        "id,organization_id*,name*,alternate_name,description*", db => db.SmPrograms);
    public static readonly HsdsTable Service = Table<Service>("service", "services.csv",
        "id,organization_id*,program_id,name*,alternate_name,description,url,email,status*,interpretation_services,application_process,fees_description,wait_time,fees,accreditations,eligibility_description,minimum_age,maximum_age,assured_date,assurer_email,licenses,alert,last_modified",
        db => db.SmServices);
    public static readonly HsdsTable Location = Table<Location>("location", "locations.csv",
        "id,location_type*,url,organization_id,name,alternate_name,description,transportation,latitude,longitude,external_identifier,external_identifier_type", db => db.SmLocations);
    public static readonly HsdsTable ServiceAtLocation = Table<ServiceAtLocation>("service_at_location", "service_at_location.csv",
        "id,service_id*,location_id*,description", db => db.SmServiceAtLocations);
    public static readonly HsdsTable Address = Table<Address>("address", "addresses.csv",
        "id,location_id,attention,address_1*,address_2,city*,region,state_province*,postal_code*,country*,address_type*", db => db.SmAddresses);
    public static readonly HsdsTable Phone = Table<Phone>("phone", "phones.csv",
        "id,location_id,service_id,organization_id,contact_id,service_at_location_id,number*,extension,type,description", db => db.SmPhones);
    public static readonly HsdsTable Contact = Table<Contact>("contact", "contacts.csv",
        "id,organization_id,service_id,service_at_location_id,location_id,name,title,department,email", db => db.SmContacts);
    public static readonly HsdsTable Schedule = Table<Schedule>("schedule", "schedules.csv",
        "id,service_id,location_id,service_at_location_id,valid_from,valid_to,dtstart,timezone,until,count,wkst,freq,interval,byday,byweekno,bymonthday,byyearday,description,opens_at,closes_at,schedule_link,attending_type,notes",
        db => db.SmSchedules);
    public static readonly HsdsTable CostOption = Table<CostOption>("cost_option", "cost_options.csv",
        "id,service_id*,valid_from,valid_to,option,currency,amount,amount_description", db => db.SmCostOptions);
    public static readonly HsdsTable Language = Table<Language>("language", "languages.csv",
        "id,service_id,location_id,phone_id,name,code,note", db => db.SmLanguages);
    public static readonly HsdsTable Accessibility = Table<Accessibility>("accessibility", "accessibility.csv",
        "id,location_id,description,details,url", db => db.SmAccessibility);
    public static readonly HsdsTable ServiceArea = Table<ServiceArea>("service_area", "service_areas.csv",
        "id,service_id,name,description,extent,extent_type,uri", db => db.SmServiceAreas);
    public static readonly HsdsTable Funding = Table<Funding>("funding", "funding.csv",
        "id,organization_id,service_id,source", db => db.SmFunding);
    public static readonly HsdsTable RequiredDocument = Table<RequiredDocument>("required_document", "required_documents.csv",
        "id,service_id,document,uri", db => db.SmRequiredDocuments);
    public static readonly HsdsTable Taxonomy = Table<Taxonomy>("taxonomy", "taxonomies.csv",
        "id,name*,description*,uri,version", db => db.SmTaxonomies);
    public static readonly HsdsTable TaxonomyTerm = Table<TaxonomyTerm>("taxonomy_term", "taxonomy_terms.csv",
        "id,code,name*,description*,parent_id,taxonomy,language,taxonomy_id,term_uri", db => db.SmTaxonomyTerms);
    public static readonly HsdsTable Attribute = Table<HsdsAttribute>("attribute", "attributes.csv",
        "id,link_id*,taxonomy_term_id*,link_type,link_entity*,value", db => db.SmAttributes);
    public static readonly HsdsTable Metadata = Table<HsdsMetadata>("metadata", "metadata.csv",
        "id,resource_id*,resource_type*,last_action_date*,last_action_type*,field_name*,previous_value*,replacement_value*,updated_by*", db => db.SmMetadata);
    public static readonly HsdsTable MetaTableDescription = Table<MetaTableDescription>("meta_table_description", "meta_table_descriptions.csv",
        "id,name,language,character_set", db => db.SmMetaTableDescriptions);

    /// <summary>In dependency order: a table's references point at tables before it (import order).</summary>
    public static IReadOnlyList<HsdsTable> All { get; } =
    [
        Taxonomy, TaxonomyTerm, Organization, OrganizationIdentifier, Program, Service, Location, ServiceAtLocation, Address,
        Contact, Phone, Schedule, CostOption, Language, Accessibility, ServiceArea, Funding, RequiredDocument, Attribute, Metadata,
        MetaTableDescription,
    ];

    public static HsdsTable? ByName(string name) => All.FirstOrDefault(t => t.Name == name);

    private static HsdsTable Table<T>(string name, string file, string fields, Func<GrozDbContext, IQueryable<T>> query) where T : class
    {
        var list = new List<HsdsField>();
        foreach (var spec in fields.Split(','))
        {
            var required = spec.EndsWith('*');
            var field = spec.TrimEnd('*');
            var property = typeof(T).GetProperty(Pascal(field)) ?? throw new InvalidOperationException($"{typeof(T).Name} has no property for HSDS field {name}.{field}");
            var key = name + "." + field;
            var format = Emails.Contains(key) ? "email" : Uris.Contains(key) ? "uri" : null;
            list.Add(new HsdsField(field, property, required, format, Enums.GetValueOrDefault(key), References.GetValueOrDefault(field)));
        }
        return new HsdsTable
        {
            Name = name, File = file, Entity = typeof(T), Fields = list,
            Query = db => query(db).AsNoTracking(),
            LoadByAsync = async (db, property, ids, ct) =>
            {
                if (ids.Count == 0)
                {
                    return [];
                }
                var set = ids.ToList();
                var nullable = ids.Select(i => (Guid?)i).ToList();
                var rows = property == "Id"
                    ? await query(db).AsNoTracking().Where(e => set.Contains(EF.Property<Guid>(e, "Id"))).ToListAsync(ct)
                    : await query(db).AsNoTracking().Where(e => nullable.Contains(EF.Property<Guid?>(e, property))).ToListAsync(ct);
                return rows.Cast<object>().ToList();
            },
        };
    }

    /// <summary>address_1 → Address1, last_action_date → LastActionDate, dtstart → Dtstart.</summary>
    public static string Pascal(string field)
    {
        var sb = new StringBuilder();
        foreach (var part in field.Split('_'))
        {
            sb.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }
        return sb.ToString();
    }
}
