using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Groz.Tests.Support;
using Groz.Web.Features.SocialMap;
using NJsonSchema;

namespace Groz.Tests.SocialMap;

/// <summary>The official examples and a small Groz map, published in utrecht; a draft that must never show.</summary>
public sealed class HsdsApiApp : GrozApp
{
    public (Guid Published, Guid Draft, Guid Organization, Guid ServiceAtLocation) Utrecht { get; private set; }

    public async Task SeedAsync()
    {
        if (Utrecht.Published != Guid.Empty)
        {
            return;
        }
        var report = await this.ImportPackageAsync("utrecht", SocialMapTestSupport.ExamplesZip(), lenient: true);
        Assert.True(report.Imported, string.Join("; ", report.Rejected.Select(r => r.Message)));
        Utrecht = await this.AddServicesAsync("utrecht");
    }
}

/// <summary>
/// Every response type of /api/hsds validates against the HSDS 3.0 JSON Schemas (schema/compiled/*.json, taxonomy.json,
/// taxonomy_term.json, and the Page object of openapi.json) with NJsonSchema 11.6.2. The HSDS schemas declare no
/// "$schema"; NJsonSchema reads them as draft 4, which their keywords are (type, properties, required, format, enum, $ref).
/// </summary>
public sealed class HsdsApiSchemaTests(HsdsApiApp app) : IClassFixture<HsdsApiApp>
{
    private static readonly ConcurrentDictionary<string, Task<JsonSchema>> Schemas = new();

    private static Task<JsonSchema> SchemaAsync(string relative) =>
        Schemas.GetOrAdd(relative, r => JsonSchema.FromFileAsync(Path.Combine(SocialMapTestSupport.HsdsDir, "schema", r)));

    private static async Task<JsonSchema> PageSchemaAsync()
    {
        var openapi = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SocialMapTestSupport.HsdsDir, "schema", "openapi.json")))!;
        var page = openapi["components"]!["schemas"]!["Page"]!.DeepClone().AsObject();
        page["required"] = new JsonArray("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty");
        page["properties"]!["contents"] = new JsonObject { ["type"] = "array" };
        return await JsonSchema.FromJsonAsync(page.ToJsonString());
    }

    private static async Task AssertValidAsync(string schema, JsonNode json, string what)
    {
        var errors = (await SchemaAsync(schema)).Validate(json.ToJsonString());
        Assert.True(errors.Count == 0, $"{what} against {schema}: " + string.Join("; ", errors.Take(10).Select(e => $"{e.Path} {e.Kind}")));
    }

    private async Task<JsonNode> GetAsync(string url)
    {
        await app.SeedAsync();
        var response = await app.CreateClient().GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<JsonArray> GetPageAsync(string url, string itemSchema, int atLeast = 1)
    {
        var page = await GetAsync(url);
        var errors = (await PageSchemaAsync()).Validate(page.ToJsonString());
        Assert.True(errors.Count == 0, $"{url} page: " + string.Join("; ", errors.Select(e => $"{e.Path} {e.Kind}")));
        var contents = page["contents"]!.AsArray();
        Assert.True(contents.Count >= atLeast, $"{url}: {contents.Count} items");
        Assert.Equal(contents.Count, page["size"]!.GetValue<int>());
        foreach (var item in contents)
        {
            await AssertValidAsync(itemSchema, item!, url);
        }
        return contents;
    }

    [Fact]
    public async Task Api_info_gives_the_version_and_the_openapi_document()
    {
        var info = await GetAsync("/api/hsds/");
        Assert.Equal("3.0", info["version"]!.GetValue<string>());
        Assert.EndsWith("/openapi/v1.json", info["openapi_url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/hsds/services", "compiled/service_list.json")]
    [InlineData("/api/hsds/services?minimal=true", "compiled/service_list.json")]
    [InlineData("/api/hsds/services?full=true", "compiled/service.json")]
    [InlineData("/api/hsds/services?leerregio=utrecht&per_page=1&page=2", "compiled/service_list.json")]
    [InlineData("/api/hsds/organizations", "compiled/organization_list.json")]
    [InlineData("/api/hsds/organizations?full=true", "compiled/organization.json")]
    [InlineData("/api/hsds/organizations?full_service=true", "compiled/organization.json")]
    [InlineData("/api/hsds/service_at_locations", "compiled/service_at_location_list.json")]
    [InlineData("/api/hsds/service_at_locations?full=true", "compiled/service_at_location.json")]
    [InlineData("/api/hsds/service_at_locations?postcode=3581AB", "compiled/service_at_location_list.json")]
    [InlineData("/api/hsds/taxonomies", "taxonomy.json")]
    [InlineData("/api/hsds/taxonomy_terms", "taxonomy_term.json")]
    [InlineData("/api/hsds/taxonomy_terms?top_only=true&search=leef", "taxonomy_term.json")]
    public async Task Every_list_validates(string url, string schema) => await GetPageAsync(url, schema);

    [Fact]
    public async Task Every_single_object_validates()
    {
        await app.SeedAsync();
        await AssertValidAsync("compiled/service.json", await GetAsync("/api/hsds/services/ac148810-d857-441c-9679-408f346de14b"), "example service");
        await AssertValidAsync("compiled/service.json", await GetAsync($"/api/hsds/services/{app.Utrecht.Published}"), "groz service");
        await AssertValidAsync("compiled/organization.json", await GetAsync("/api/hsds/organizations/d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610?full_service=true"), "example organization");
        await AssertValidAsync("compiled/organization.json", await GetAsync($"/api/hsds/organizations/{app.Utrecht.Organization}"), "groz organization");
        await AssertValidAsync("compiled/service_at_location.json", await GetAsync("/api/hsds/service_at_locations/e94c9f38-1e8f-4564-91d4-d53501ab1765"), "example service at location");
        await AssertValidAsync("compiled/service_at_location.json", await GetAsync($"/api/hsds/service_at_locations/{app.Utrecht.ServiceAtLocation}"), "groz service at location");
        await AssertValidAsync("taxonomy.json", await GetAsync($"/api/hsds/taxonomies/{SocialMapTaxonomies.ThemesId}"), "groz themes");
        await AssertValidAsync("taxonomy.json", await GetAsync("/api/hsds/taxonomies/5c4d79d7-cc55-470e-9f1f-8cad074e4892"), "example taxonomy");
        await AssertValidAsync("taxonomy_term.json", await GetAsync($"/api/hsds/taxonomy_terms/{SocialMapTaxonomies.TargetGroupTermId("ouderen")}"), "target group");
        await AssertValidAsync("taxonomy_term.json", await GetAsync("/api/hsds/taxonomy_terms/3f7b145d-84af-42d7-8fae-eaca714b02b2"), "example term");
    }

    [Fact]
    public async Task The_full_service_nests_what_the_example_package_links_to()
    {
        var service = await GetAsync("/api/hsds/services/ac148810-d857-441c-9679-408f346de14b");
        Assert.Equal("Example Organization Inc.", service["organization"]!["name"]!.GetValue<string>());
        Assert.Equal("e7ec2e57-4540-43fa-b2c7-6be5a0ef7f42", service["program"]!["id"]!.GetValue<string>());
        var sal = service["service_at_locations"]!.AsArray().Single()!;
        Assert.Equal("MyCity Civic Center", sal["location"]!["name"]!.GetValue<string>());
        Assert.Single(sal["location"]!["addresses"]!.AsArray());
        Assert.Single(service["schedules"]!.AsArray());
        Assert.Equal("10:00:00", service["schedules"]![0]!["opens_at"]!.GetValue<string>());
        Assert.Equal(35m, service["cost_options"]![0]!["amount"]!.GetValue<decimal>());
        Assert.Equal("2023-03-15T10:30:45.123Z", service["last_modified"]!.GetValue<string>());
    }

    [Fact]
    public async Task Filters_select_by_term_taxonomy_organization_modified_after_and_search()
    {
        await app.SeedAsync();
        var leefstijl = SocialMapTaxonomies.ThemeTermId("leefstijl");
        var byTerm = await GetPageAsync($"/api/hsds/services?taxonomy_term_id={leefstijl}&per_page=500", "compiled/service_list.json");
        Assert.Contains(byTerm, s => s!["id"]!.GetValue<string>() == app.Utrecht.Published.ToString());
        Assert.DoesNotContain(byTerm, s => s!["name"]!.GetValue<string>() == "Community Counselling");
        var byTaxonomy = await GetPageAsync($"/api/hsds/services?taxonomy_id={SocialMapTaxonomies.ThemesId}&per_page=500", "compiled/service_list.json");
        Assert.Contains(byTaxonomy, s => s!["id"]!.GetValue<string>() == app.Utrecht.Published.ToString());
        Assert.DoesNotContain(byTaxonomy, s => s!["name"]!.GetValue<string>() == "Community Counselling");
        var byOrg = await GetPageAsync("/api/hsds/services?organization_id=d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "compiled/service_list.json");
        Assert.Equal("Community Counselling", byOrg.Single()!["name"]!.GetValue<string>());
        var after = await GetPageAsync("/api/hsds/services?modified_after=2024-01-01T00:00:00Z", "compiled/service_list.json");
        Assert.DoesNotContain(after, s => s!["name"]!.GetValue<string>() == "Community Counselling");
        var search = await GetPageAsync("/api/hsds/services?search=WANDELGROEP%20TEST-UTRECHT", "compiled/service_list.json");
        Assert.Single(search);
        var empty = await GetAsync("/api/hsds/services?search=bestaatniet");
        Assert.True(empty["empty"]!.GetValue<bool>());
        Assert.Equal(0, empty["total_pages"]!.GetValue<int>());
    }

    [Fact]
    public async Task Paging_follows_the_hsds_page_object()
    {
        var first = await GetAsync("/api/hsds/services?per_page=1");
        var total = first["total_items"]!.GetValue<int>();
        Assert.True(total > 2);
        Assert.Equal(total, first["total_pages"]!.GetValue<int>());
        Assert.True(first["first_page"]!.GetValue<bool>());
        Assert.False(first["last_page"]!.GetValue<bool>());
        var second = await GetAsync("/api/hsds/services?per_page=1&page=2");
        Assert.False(second["first_page"]!.GetValue<bool>());
        var last = await GetAsync($"/api/hsds/services?per_page=1&page={total}");
        Assert.True(last["last_page"]!.GetValue<bool>());
        var all = await GetAsync("/api/hsds/services?per_page=500");
        Assert.Equal(total, all["contents"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).Distinct().Count());
        Assert.NotEqual(first["contents"]![0]!["id"]!.GetValue<string>(), second["contents"]![0]!["id"]!.GetValue<string>());
        var bad = await app.CreateClient().GetAsync("/api/hsds/services?per_page=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("/problems/invalid-paging", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drafts_are_never_in_the_public_api()
    {
        await app.SeedAsync();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/hsds/services/{app.Utrecht.Draft}")).StatusCode);
        var drafts = await app.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.SmServices.Where(s => s.Publication != Publication.Published).Select(s => s.Id.ToString())));
        Assert.True(drafts.Count > 1, "the demo map has drafts too");
        foreach (var url in new[] { "/api/hsds/services?full=true&per_page=500", "/api/hsds/organizations?full_service=true", "/api/hsds/service_at_locations?full=true&per_page=500" })
        {
            var text = await client.GetStringAsync(url);
            Assert.DoesNotContain(app.Utrecht.Draft.ToString(), text, StringComparison.Ordinal);
            Assert.DoesNotContain("Geheim concept", text, StringComparison.Ordinal);
            Assert.All(drafts, d => Assert.DoesNotContain(d, text, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Html_in_text_comes_back_as_text()
    {
        await app.SeedAsync();
        var service = await GetAsync($"/api/hsds/services/{app.Utrecht.Published}");
        Assert.StartsWith("<script>alert(1)</script>", service["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hsds_api_is_in_the_openapi_document_under_its_own_tag()
    {
        var doc = await GetAsync("/openapi/v1.json");
        var paths = doc["paths"]!.AsObject();
        foreach (var path in new[] { "/api/hsds", "/api/hsds/services", "/api/hsds/services/{id}", "/api/hsds/organizations", "/api/hsds/organizations/{id}",
                     "/api/hsds/service_at_locations", "/api/hsds/service_at_locations/{id}", "/api/hsds/taxonomies", "/api/hsds/taxonomies/{id}",
                     "/api/hsds/taxonomy_terms", "/api/hsds/taxonomy_terms/{id}" })
        {
            Assert.True(paths.ContainsKey(path), path);
            Assert.Equal("HSDS", paths[path]!["get"]!["tags"]![0]!.GetValue<string>());
        }
    }
}
