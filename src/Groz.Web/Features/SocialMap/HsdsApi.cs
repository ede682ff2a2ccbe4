using System.Globalization;
using System.Text.Json.Nodes;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// The HSDS 3.0 API (schema/openapi.json of the standard): public, read-only, only published services and
/// organisations. Responses are the compiled HSDS schemas; pages are HSDS' Page object (total_items, total_pages,
/// page_number, size, first_page, last_page, empty, contents). Groz adds one filter: leerregio (slug).
/// </summary>
public static class HsdsApi
{
    public const string Tag = "HSDS";
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 500;

    public static WebApplication MapHsdsApi(this WebApplication app)
    {
        // Outside /api/v1: no sign-in and GET only, so neither the cookie-antiforgery filter nor authorisation applies;
        // rate limited like every API.
        var api = app.MapGroup("/api/hsds").WithTags(Tag).RequireRateLimiting(Security.ApiPolicy).AllowAnonymous()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/", Info).WithName("HsdsInfo").WithSummary("HSDS API meta information: HSDS version, profile and OpenAPI document.");
        api.MapGet("/services", ListServicesAsync).WithName("HsdsServices")
            .WithSummary("Published services, paginated (compiled/service_list.json per item). Filters: search, taxonomy_term_id, taxonomy_id, organization_id, modified_after, minimal, full, leerregio.");
        api.MapGet("/services/{id}", GetServiceAsync).WithName("HsdsService")
            .WithSummary("One published service, fully nested (compiled/service.json).").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/organizations", ListOrganizationsAsync).WithName("HsdsOrganizations")
            .WithSummary("Published organisations, paginated (compiled/organization_list.json). Filters: search, full, full_service, leerregio.");
        api.MapGet("/organizations/{id}", GetOrganizationAsync).WithName("HsdsOrganization")
            .WithSummary("One published organisation, fully nested with its published services (compiled/organization.json); full_service nests each service fully.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/service_at_locations", ListServiceAtLocationsAsync).WithName("HsdsServiceAtLocations")
            .WithSummary("Services at locations of published services, paginated (compiled/service_at_location_list.json). Filters: search, taxonomy_term_id, taxonomy_id, organization_id, modified_after, full, postcode (Dutch, matched on PC4 via the wijk), leerregio.");
        api.MapGet("/service_at_locations/{id}", GetServiceAtLocationAsync).WithName("HsdsServiceAtLocation")
            .WithSummary("One service at location, fully nested (compiled/service_at_location.json).").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/taxonomies", ListTaxonomiesAsync).WithName("HsdsTaxonomies").WithSummary("Taxonomies, paginated (taxonomy.json). Filter: search.");
        api.MapGet("/taxonomies/{id}", GetTaxonomyAsync).WithName("HsdsTaxonomy").WithSummary("One taxonomy (taxonomy.json).").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/taxonomy_terms", ListTermsAsync).WithName("HsdsTaxonomyTerms")
            .WithSummary("Taxonomy terms, paginated (taxonomy_term.json). Filters: search, taxonomy_id, top_only, parent_id.");
        api.MapGet("/taxonomy_terms/{id}", GetTermAsync).WithName("HsdsTaxonomyTerm").WithSummary("One taxonomy term with its taxonomy (taxonomy_term.json).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static IResult Info(HttpContext http)
    {
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
        return Results.Json(new JsonObject
        {
            ["version"] = "3.0",
            ["profile"] = "https://docs.openreferral.org/en/3.0/",
            ["openapi_url"] = baseUrl + "/openapi/v1.json",
        });
    }

    private sealed record Paging(int Page, int PerPage);

    private static IResult? CheckPaging(HttpContext http, int? page, int? perPage, string? format, out Paging paging)
    {
        paging = new Paging(page ?? 1, perPage ?? DefaultPerPage);
        if (paging.Page < 1 || paging.PerPage is < 1 or > MaxPerPage)
        {
            return Errors.Problem(http, 400, "invalid-paging", $"page ≥ 1, per_page 1–{MaxPerPage}");
        }
        if (format is not (null or "" or "json"))
        {
            return Errors.Problem(http, 400, "invalid-filter", "format: only json is supported");
        }
        return null;
    }

    private static async Task<JsonObject> PageAsync<T>(IQueryable<T> query, Paging paging, Func<List<T>, Task<List<JsonObject>>> build, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var rows = await query.Skip((paging.Page - 1) * paging.PerPage).Take(paging.PerPage).ToListAsync(ct);
        var contents = await build(rows);
        var totalPages = (int)Math.Ceiling(total / (double)paging.PerPage);
        return new JsonObject
        {
            ["total_items"] = total,
            ["total_pages"] = totalPages,
            ["page_number"] = paging.Page,
            ["size"] = contents.Count,
            ["first_page"] = paging.Page == 1,
            ["last_page"] = paging.Page >= totalPages,
            ["empty"] = total == 0,
            ["contents"] = new JsonArray(contents.Cast<JsonNode>().ToArray()),
        };
    }

    private static Guid? ParseId(string? id) => Guid.TryParse(id, out var g) ? g : null;

    private static async Task<(bool Ok, int? Id)> LeerregioAsync(GrozDbContext db, string? slug, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(slug))
        {
            return (true, null);
        }
        var id = await db.Leerregios.Where(l => l.Slug == slug).Select(l => (int?)l.Id).FirstOrDefaultAsync(ct);
        return (id is not null, id);
    }

    /// <summary>The published services matching HSDS' service filters (shared by /services and /service_at_locations).</summary>
    private static IQueryable<Service> FilterServices(GrozDbContext db, IQueryable<Service> q, string? search, string? termId, string? taxonomyId, string? organizationId,
        DateTimeOffset? modifiedAfter)
    {
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Plain case-insensitive matching; the Dutch full-text search of the public pages replaces this.
            var s = search.Trim().ToLowerInvariant();
            q = q.Where(x => x.Name.ToLower().Contains(s) || (x.Description != null && x.Description.ToLower().Contains(s)));
        }
        if (termId is not null)
        {
            var t = ParseId(termId);
            q = q.Where(x => db.SmAttributes.Any(a => a.LinkId == x.Id && a.TaxonomyTermId == t));
        }
        if (taxonomyId is not null)
        {
            var t = ParseId(taxonomyId);
            q = q.Where(x => db.SmAttributes.Any(a => a.LinkId == x.Id && db.SmTaxonomyTerms.Any(term => term.Id == a.TaxonomyTermId && term.TaxonomyId == t)));
        }
        if (organizationId is not null)
        {
            var o = ParseId(organizationId);
            q = q.Where(x => x.OrganizationId == o);
        }
        if (modifiedAfter is { } after)
        {
            q = q.Where(x => x.LastModified >= after);
        }
        return q;
    }

    private static bool TryModifiedAfter(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var v))
        {
            value = v;
            return true;
        }
        return false;
    }

    private static async Task<IResult> ListServicesAsync(HttpContext http, GrozDbContext db, string? search, int? page, int? per_page, string? format,
        string? taxonomy_term_id, string? taxonomy_id, string? organization_id, string? modified_after, bool? minimal, bool? full, string? leerregio,
        CancellationToken ct)
    {
        if (CheckPaging(http, page, per_page, format, out var paging) is { } bad)
        {
            return bad;
        }
        if (!TryModifiedAfter(modified_after, out var after))
        {
            return Errors.Problem(http, 400, "invalid-filter", "modified_after: an ISO 8601 date-time");
        }
        var (known, leerregioId) = await LeerregioAsync(db, leerregio, ct);
        if (!known)
        {
            return Errors.Problem(http, 404, "not-found", "leerregio");
        }
        var q = db.SmServices.AsNoTracking().Where(s => s.Publication == Publication.Published);
        if (leerregioId is { } l)
        {
            q = q.Where(s => s.LeerregioId == l);
        }
        q = FilterServices(db, q, search, taxonomy_term_id, taxonomy_id, organization_id, after).OrderBy(s => s.Name).ThenBy(s => s.Id);
        var graph = new HsdsGraph(db);
        var result = await PageAsync(q, paging, async rows =>
        {
            if (minimal == true)
            {
                // HSDS: "just id and modified date"; name and status stay because service_list.json requires them.
                return rows.Select(s => new JsonObject
                {
                    ["id"] = s.Id.ToString("D"), ["name"] = s.Name, ["status"] = s.Status,
                    ["last_modified"] = HsdsTables.Service.Format(HsdsTables.Service.Field("last_modified"), s),
                }).ToList();
            }
            return await graph.BuildAsync(HsdsTables.Service, rows, full == true ? HsdsGraph.ServiceFull : HsdsGraph.ServiceList, full == true, ct);
        }, ct);
        return Results.Json(result);
    }

    private static async Task<IResult> GetServiceAsync(string id, HttpContext http, GrozDbContext db, CancellationToken ct)
    {
        var key = ParseId(id);
        var service = await db.SmServices.AsNoTracking().FirstOrDefaultAsync(s => s.Id == key && s.Publication == Publication.Published, ct);
        if (service is null)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var json = await new HsdsGraph(db).BuildAsync(HsdsTables.Service, [service], HsdsGraph.ServiceFull, full: true, ct);
        return Results.Json(json[0]);
    }

    private static async Task<IResult> ListOrganizationsAsync(HttpContext http, GrozDbContext db, string? search, bool? full_service, bool? full,
        int? page, int? per_page, string? format, string? leerregio, CancellationToken ct)
    {
        if (CheckPaging(http, page, per_page, format, out var paging) is { } bad)
        {
            return bad;
        }
        var (known, leerregioId) = await LeerregioAsync(db, leerregio, ct);
        if (!known)
        {
            return Errors.Problem(http, 404, "not-found", "leerregio");
        }
        var q = db.SmOrganizations.AsNoTracking().Where(o => o.Publication == Publication.Published);
        if (leerregioId is { } l)
        {
            q = q.Where(o => o.LeerregioId == l);
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToLowerInvariant();
            q = q.Where(o => o.Name.ToLower().Contains(s) || o.Description.ToLower().Contains(s));
        }
        q = q.OrderBy(o => o.Name).ThenBy(o => o.Id);
        var nested = full == true || full_service == true;
        var graph = new HsdsGraph(db);
        var result = await PageAsync(q, paging, rows => graph.BuildAsync(HsdsTables.Organization, rows,
            nested ? HsdsGraph.OrganizationWithServices(full_service == true) : [], nested, ct), ct);
        return Results.Json(result);
    }

    private static async Task<IResult> GetOrganizationAsync(string id, HttpContext http, GrozDbContext db, bool? full_service, CancellationToken ct)
    {
        var key = ParseId(id);
        var org = await db.SmOrganizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == key && o.Publication == Publication.Published, ct);
        if (org is null)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var json = await new HsdsGraph(db).BuildAsync(HsdsTables.Organization, [org], HsdsGraph.OrganizationWithServices(full_service == true), full: true, ct);
        return Results.Json(json[0]);
    }

    private static async Task<IResult> ListServiceAtLocationsAsync(HttpContext http, GrozDbContext db, string? search, string? taxonomy_term_id,
        string? taxonomy_id, string? organization_id, string? modified_after, bool? full, int? page, int? per_page, string? format, string? postcode,
        string? proximity, string? leerregio, CancellationToken ct)
    {
        if (CheckPaging(http, page, per_page, format, out var paging) is { } bad)
        {
            return bad;
        }
        if (!string.IsNullOrEmpty(proximity))
        {
            return Errors.Problem(http, 400, "invalid-filter", "proximity is not supported: use postcode");
        }
        if (!TryModifiedAfter(modified_after, out var after))
        {
            return Errors.Problem(http, 400, "invalid-filter", "modified_after: an ISO 8601 date-time");
        }
        var (known, leerregioId) = await LeerregioAsync(db, leerregio, ct);
        if (!known)
        {
            return Errors.Problem(http, 404, "not-found", "leerregio");
        }
        var services = db.SmServices.AsNoTracking().Where(s => s.Publication == Publication.Published);
        if (leerregioId is { } l)
        {
            services = services.Where(s => s.LeerregioId == l);
        }
        services = FilterServices(db, services, search, taxonomy_term_id, taxonomy_id, organization_id, after);
        var q = db.SmServiceAtLocations.AsNoTracking().Where(x => services.Any(s => s.Id == x.ServiceId));
        if (!string.IsNullOrWhiteSpace(postcode))
        {
            // Dutch postcodes: the wijk is found by its four digits (PC4). A service covers the postcode when one of its
            // service areas is that wijk or, without service areas, when the location lies in it.
            var pc4 = new string(postcode.Where(char.IsAsciiDigit).Take(4).ToArray());
            var wijkIds = (await db.Wijken.AsNoTracking().Select(w => new { w.Id, w.Postcodes }).ToListAsync(ct))
                .Where(w => pc4.Length == 4 && w.Postcodes.Split(' ').Contains(pc4)).Select(w => (int?)w.Id).ToList();
            q = q.Where(x =>
                db.SmServiceAreas.Any(a => a.ServiceId == x.ServiceId && wijkIds.Contains(a.WijkId))
                || (!db.SmServiceAreas.Any(a => a.ServiceId == x.ServiceId && a.WijkId != null)
                    && db.SmLocations.Any(loc => loc.Id == x.LocationId && wijkIds.Contains(loc.WijkId))));
        }
        q = q.OrderBy(x => x.Id);
        var graph = new HsdsGraph(db);
        var result = await PageAsync(q, paging, rows => graph.BuildAsync(HsdsTables.ServiceAtLocation, rows,
            full == true ? HsdsGraph.ServiceAtLocationFull : HsdsGraph.ServiceAtLocationList, full == true, ct), ct);
        return Results.Json(result);
    }

    private static async Task<IResult> GetServiceAtLocationAsync(string id, HttpContext http, GrozDbContext db, CancellationToken ct)
    {
        var key = ParseId(id);
        var sal = await db.SmServiceAtLocations.AsNoTracking()
            .FirstOrDefaultAsync(x => x.Id == key && db.SmServices.Any(s => s.Id == x.ServiceId && s.Publication == Publication.Published), ct);
        if (sal is null)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var json = await new HsdsGraph(db).BuildAsync(HsdsTables.ServiceAtLocation, [sal], HsdsGraph.ServiceAtLocationFull, full: true, ct);
        return Results.Json(json[0]);
    }

    private static async Task<IResult> ListTaxonomiesAsync(HttpContext http, GrozDbContext db, string? search, int? page, int? per_page, string? format,
        CancellationToken ct)
    {
        if (CheckPaging(http, page, per_page, format, out var paging) is { } bad)
        {
            return bad;
        }
        var q = db.SmTaxonomies.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToLowerInvariant();
            q = q.Where(t => t.Name.ToLower().Contains(s) || t.Description.ToLower().Contains(s));
        }
        q = q.OrderBy(t => t.Name).ThenBy(t => t.Id);
        return Results.Json(await PageAsync(q, paging, rows => Task.FromResult(rows.Select(r => HsdsTables.Taxonomy.ToJson(r)).ToList()), ct));
    }

    private static async Task<IResult> GetTaxonomyAsync(string id, HttpContext http, GrozDbContext db, CancellationToken ct)
    {
        var key = ParseId(id);
        var taxonomy = await db.SmTaxonomies.AsNoTracking().FirstOrDefaultAsync(t => t.Id == key, ct);
        return taxonomy is null ? Errors.Problem(http, 404, "not-found") : Results.Json(HsdsTables.Taxonomy.ToJson(taxonomy));
    }

    private static async Task<IResult> ListTermsAsync(HttpContext http, GrozDbContext db, string? search, int? page, int? per_page, string? format,
        string? taxonomy_id, bool? top_only, string? parent_id, CancellationToken ct)
    {
        if (CheckPaging(http, page, per_page, format, out var paging) is { } bad)
        {
            return bad;
        }
        var q = db.SmTaxonomyTerms.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToLowerInvariant();
            q = q.Where(t => t.Name.ToLower().Contains(s) || t.Description.ToLower().Contains(s) || (t.Code != null && t.Code.ToLower().Contains(s)));
        }
        if (taxonomy_id is not null)
        {
            var t = ParseId(taxonomy_id);
            q = q.Where(x => x.TaxonomyId == t);
        }
        if (parent_id is not null)
        {
            var p = ParseId(parent_id);
            q = q.Where(x => x.ParentId == p);
        }
        if (top_only == true)
        {
            q = q.Where(x => x.ParentId == null);
        }
        q = q.OrderBy(t => t.TaxonomyId).ThenBy(t => t.Name).ThenBy(t => t.Id);
        var graph = new HsdsGraph(db);
        return Results.Json(await PageAsync(q, paging, async rows =>
        {
            var terms = await graph.TermsAsync(rows.Select(r => r.Id).ToList(), ct);
            return rows.Select(r => terms[r.Id]).ToList();
        }, ct));
    }

    private static async Task<IResult> GetTermAsync(string id, HttpContext http, GrozDbContext db, CancellationToken ct)
    {
        var key = ParseId(id);
        if (key is not { } k || (await new HsdsGraph(db).TermsAsync([k], ct)).GetValueOrDefault(k) is not { } term)
        {
            return Errors.Problem(http, 404, "not-found");
        }
        return Results.Json(term);
    }
}
