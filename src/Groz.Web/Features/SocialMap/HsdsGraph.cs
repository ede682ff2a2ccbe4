using System.Text.Json.Nodes;
using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// Builds the nested HSDS JSON objects (compiled schemas service.json, organization.json, service_at_location.json)
/// level by level: one query per relation and level for a whole page of rows, never one per row.
/// Only what is public is nested: services and organisations that are published; everything else hangs under them.
/// </summary>
public sealed class HsdsGraph(GrozDbContext db)
{
    /// <summary>A relation to nest: children whose <see cref="ForeignKey"/> property holds the parent's id (array),
    /// or the one row whose id is in the parent's <see cref="ForeignKey"/> property (object).</summary>
    public sealed record Nest(string Key, HsdsTable Table, string ForeignKey, bool IsObject, Nest[] Children);

    private static Nest Many(string key, HsdsTable table, string fk, params Nest[] children) => new(key, table, fk, false, children);
    private static Nest One(string key, HsdsTable table, string fk, params Nest[] children) => new(key, table, fk, true, children);

    private static readonly Nest[] PhoneNests = [Many("languages", HsdsTables.Language, "PhoneId")];
    private static readonly Nest[] ContactNests = [Many("phones", HsdsTables.Phone, "ContactId", PhoneNests)];

    public static readonly Nest[] LocationFull =
    [
        Many("languages", HsdsTables.Language, "LocationId"),
        Many("addresses", HsdsTables.Address, "LocationId"),
        Many("contacts", HsdsTables.Contact, "LocationId", ContactNests),
        Many("accessibility", HsdsTables.Accessibility, "LocationId"),
        Many("phones", HsdsTables.Phone, "LocationId", PhoneNests),
        Many("schedules", HsdsTables.Schedule, "LocationId"),
    ];

    public static readonly Nest[] OrganizationFull =
    [
        Many("funding", HsdsTables.Funding, "OrganizationId"),
        Many("contacts", HsdsTables.Contact, "OrganizationId", ContactNests),
        Many("phones", HsdsTables.Phone, "OrganizationId", PhoneNests),
        Many("locations", HsdsTables.Location, "OrganizationId", LocationFull),
        Many("programs", HsdsTables.Program, "OrganizationId"),
        Many("organization_identifiers", HsdsTables.OrganizationIdentifier, "OrganizationId"),
    ];

    public static readonly Nest[] ServiceList =
    [
        One("organization", HsdsTables.Organization, "OrganizationId"),
        One("program", HsdsTables.Program, "ProgramId"),
    ];

    private static readonly Nest[] ServiceAtLocationInService =
    [
        Many("contacts", HsdsTables.Contact, "ServiceAtLocationId", ContactNests),
        Many("phones", HsdsTables.Phone, "ServiceAtLocationId", PhoneNests),
        Many("schedules", HsdsTables.Schedule, "ServiceAtLocationId"),
        One("location", HsdsTables.Location, "LocationId", LocationFull),
    ];

    public static readonly Nest[] ServiceFull =
    [
        Many("phones", HsdsTables.Phone, "ServiceId", PhoneNests),
        Many("schedules", HsdsTables.Schedule, "ServiceId"),
        Many("service_areas", HsdsTables.ServiceArea, "ServiceId"),
        Many("service_at_locations", HsdsTables.ServiceAtLocation, "ServiceId", ServiceAtLocationInService),
        Many("languages", HsdsTables.Language, "ServiceId"),
        One("organization", HsdsTables.Organization, "OrganizationId", OrganizationFull),
        Many("funding", HsdsTables.Funding, "ServiceId"),
        Many("cost_options", HsdsTables.CostOption, "ServiceId"),
        One("program", HsdsTables.Program, "ProgramId"),
        Many("required_documents", HsdsTables.RequiredDocument, "ServiceId"),
        Many("contacts", HsdsTables.Contact, "ServiceId", ContactNests),
    ];

    public static readonly Nest[] ServiceAtLocationList =
    [
        One("location", HsdsTables.Location, "LocationId"),
        One("service", HsdsTables.Service, "ServiceId", ServiceList),
    ];

    public static readonly Nest[] ServiceAtLocationFull =
    [
        .. ServiceAtLocationInService,
        One("service", HsdsTables.Service, "ServiceId", ServiceFull),
    ];

    public static Nest[] OrganizationWithServices(bool fullServices) =>
        [.. OrganizationFull, Many("services", HsdsTables.Service, "OrganizationId", fullServices ? ServiceFull : ServiceList)];

    /// <summary>Rows of <paramref name="table"/> as JSON with their nested objects; <paramref name="full"/> adds attributes and metadata to every object.</summary>
    public async Task<List<JsonObject>> BuildAsync(HsdsTable table, IReadOnlyList<object> rows, Nest[] nests, bool full, CancellationToken ct = default)
    {
        var built = new List<(HsdsTable Table, Guid Id, JsonObject Json)>();
        var result = await BuildLevelAsync(table, rows, nests, built, ct);
        if (full)
        {
            await AttachAttributesAndMetadataAsync(built.Select(b => b.Id).ToHashSet(), result, ct);
        }
        return result;
    }

    private async Task<List<JsonObject>> BuildLevelAsync(HsdsTable table, IReadOnlyList<object> rows, Nest[] nests,
        List<(HsdsTable, Guid, JsonObject)> built, CancellationToken ct)
    {
        var jsons = rows.Select(table.ToJson).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            built.Add((table, HsdsTable.IdOf(rows[i]), jsons[i]));
        }
        foreach (var nest in nests)
        {
            if (nest.IsObject)
            {
                var fk = table.Entity.GetProperty(nest.ForeignKey)!;
                var ids = rows.Select(r => (Guid?)fk.GetValue(r)).OfType<Guid>().Distinct().ToList();
                var children = Public(nest.Table, await nest.Table.LoadByAsync(db, "Id", ids, ct));
                var childJson = await BuildLevelAsync(nest.Table, children, nest.Children, built, ct);
                var byId = children.Select((c, k) => (HsdsTable.IdOf(c), childJson[k])).ToDictionary(x => x.Item1, x => x.Item2);
                for (var i = 0; i < rows.Count; i++)
                {
                    if (fk.GetValue(rows[i]) is Guid id && byId.TryGetValue(id, out var child))
                    {
                        // The same row can hang under several parents: each gets its own copy.
                        jsons[i][nest.Key] = child.Parent is null ? child : child.DeepClone();
                    }
                }
            }
            else
            {
                var ids = rows.Select(HsdsTable.IdOf).ToList();
                var children = Public(nest.Table, await nest.Table.LoadByAsync(db, nest.ForeignKey, ids, ct));
                var childJson = await BuildLevelAsync(nest.Table, children, nest.Children, built, ct);
                var fk = nest.Table.Entity.GetProperty(nest.ForeignKey)!;
                var groups = children.Select((c, k) => (Parent: (Guid?)fk.GetValue(c), Json: childJson[k])).ToLookup(x => x.Parent, x => x.Json);
                for (var i = 0; i < rows.Count; i++)
                {
                    var array = new JsonArray();
                    foreach (var c in groups[HsdsTable.IdOf(rows[i])])
                    {
                        array.Add(c.Parent is null ? c : c.DeepClone());
                    }
                    jsons[i][nest.Key] = array;
                }
            }
        }
        return jsons;
    }

    /// <summary>Services and organisations appear only when published, wherever they are nested.</summary>
    private static List<object> Public(HsdsTable table, List<object> rows) => table.Entity switch
    {
        _ when table == HsdsTables.Service => rows.Where(r => ((Service)r).Publication == Publication.Published).ToList(),
        _ when table == HsdsTables.Organization => rows.Where(r => ((Organization)r).Publication == Publication.Published).ToList(),
        _ => rows,
    };

    private async Task AttachAttributesAndMetadataAsync(HashSet<Guid> ids, List<JsonObject> roots, CancellationToken ct)
    {
        var attributes = (await HsdsTables.Attribute.LoadByAsync(db, "LinkId", ids, ct)).Cast<HsdsAttribute>().ToList();
        var metadata = (await HsdsTables.Metadata.LoadByAsync(db, "ResourceId", ids, ct)).Cast<HsdsMetadata>().ToList();
        var terms = await TermsAsync(attributes.Select(a => a.TaxonomyTermId).OfType<Guid>().Distinct().ToList(), ct);
        var attributesByLink = attributes.OrderBy(a => a.Id).ToLookup(a => a.LinkId);
        var metadataByResource = metadata.OrderBy(m => m.LastActionDate).ToLookup(m => m.ResourceId);

        // Walks the finished tree, so that copies of a row nested under several parents get them too.
        void Visit(JsonObject json)
        {
            foreach (var (_, child) in json.ToList())
            {
                if (child is JsonObject o)
                {
                    Visit(o);
                }
                else if (child is JsonArray a)
                {
                    foreach (var item in a.OfType<JsonObject>())
                    {
                        Visit(item);
                    }
                }
            }
            if (json["id"]?.GetValue<string>() is not { } text || !Guid.TryParse(text, out var id) || !ids.Contains(id))
            {
                return;
            }
            var array = new JsonArray();
            foreach (var a in attributesByLink[id])
            {
                var o = HsdsTables.Attribute.ToJson(a);
                if (a.TaxonomyTermId is { } t && terms.TryGetValue(t, out var term))
                {
                    o["taxonomy_term"] = term.DeepClone();
                }
                array.Add(o);
            }
            json["attributes"] = array;
            json["metadata"] = new JsonArray(metadataByResource[id].Select(m => (JsonNode)HsdsTables.Metadata.ToJson(m)).ToArray());
        }
        foreach (var root in roots)
        {
            Visit(root);
        }
    }

    /// <summary>Taxonomy terms as HSDS JSON with their taxonomy in taxonomy_detail.</summary>
    public async Task<Dictionary<Guid, JsonObject>> TermsAsync(IReadOnlyCollection<Guid> termIds, CancellationToken ct = default)
    {
        var terms = (await HsdsTables.TaxonomyTerm.LoadByAsync(db, "Id", termIds, ct)).Cast<TaxonomyTerm>().ToList();
        var taxonomies = await db.SmTaxonomies.AsNoTracking().Where(x => terms.Select(t => t.TaxonomyId).Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        return terms.ToDictionary(t => t.Id, t =>
        {
            var o = HsdsTables.TaxonomyTerm.ToJson(t);
            if (t.TaxonomyId is { } tx && taxonomies.TryGetValue(tx, out var taxonomy))
            {
                o["taxonomy_detail"] = HsdsTables.Taxonomy.ToJson(taxonomy);
            }
            return o;
        });
    }
}
