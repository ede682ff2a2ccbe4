using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// Keeps <see cref="SearchDocument"/> in step with the public services. A document is stale when the service's
/// LastModified differs from the one it was made from (or <see cref="SearchDocumentInvalidator"/> marked it because one
/// of its other rows was saved), so every writer of services (the curation pages, the HSDS import, demo data, the
/// generator) is covered without calling in here; writers that do call <see cref="SyncAsync"/> right after
/// saving make their change searchable at once, the others within <see cref="FreshnessWindow"/> (the search page syncs
/// at most that often per process).
/// </summary>
public sealed class SearchIndex(GrozDbContext db, TimeProvider time, SearchIndexClock clock)
{
    public static readonly TimeSpan FreshnessWindow = TimeSpan.FromSeconds(5);
    private const int Batch = 500;

    /// <summary>Which services are public: published and running (HSDS status active or temporarily closed).</summary>
    public static IQueryable<Service> Public(IQueryable<Service> services) =>
        services.Where(s => s.Publication == Publication.Published && s.Status != "defunct" && s.Status != "inactive");

    /// <summary>
    /// Syncs when the last check in this process is older than the freshness window and the index differs from the
    /// services: the check compares one change token of each side (count and a checksum of LastModified of the public
    /// services, count and checksum of SourceModified of the documents), two scans without joins; only a difference
    /// runs the full comparison of <see cref="SyncAsync"/>.
    /// </summary>
    public async Task EnsureFreshAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (clock.TryClaim(now, FreshnessWindow) && !await LooksFreshAsync(ct))
        {
            await SyncAsync(ct);
        }
    }

    /// <summary>The mark of a document whose sources changed (<see cref="SearchDocumentInvalidator"/>): never a service's LastModified.</summary>
    public static readonly DateTimeOffset StaleMark = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // A checksum of timestamps per row modulo a prime (a plain sum of ticks would overflow): any moved LastModified,
    // any new, removed, (un)published or stale-marked document changes one side's token.
    private const string PostgresToken = """
        SELECT s.n AS services, s.sum AS services_sum, d.n AS documents, d.sum AS documents_sum
        FROM (SELECT count(*) AS n, coalesce(sum((extract(epoch FROM last_modified) * 1000000)::bigint % 1000000007), 0)::bigint AS sum
              FROM sm_services WHERE publication = 'Published' AND status <> 'defunct' AND status <> 'inactive') s,
             (SELECT count(*) AS n, coalesce(sum((extract(epoch FROM source_modified) * 1000000)::bigint % 1000000007), 0)::bigint AS sum
              FROM sm_search_documents) d
        """;

    private const string SqliteToken = """
        SELECT s.n AS services, s.total AS services_sum, d.n AS documents, d.total AS documents_sum
        FROM (SELECT count(*) AS n, coalesce(sum(last_modified % 1000000007), 0) AS total
              FROM sm_services WHERE publication = 'Published' AND status <> 'defunct' AND status <> 'inactive') s,
             (SELECT count(*) AS n, coalesce(sum(source_modified % 1000000007), 0) AS total FROM sm_search_documents) d
        """;

    private sealed record Token(long Services, long ServicesSum, long Documents, long DocumentsSum);

    /// <summary>True when the documents' token equals the public services' token (then every document is of its service's LastModified).</summary>
    public async Task<bool> LooksFreshAsync(CancellationToken ct = default)
    {
        var t = await db.Database.SqlQueryRaw<Token>(db.Database.IsSqlite() ? SqliteToken : PostgresToken).SingleAsync(ct);
        return t.Services == t.Documents && t.ServicesSum == t.DocumentsSum;
    }

    /// <summary>Rebuilds stale documents and removes those of services that are no longer public. Returns how many changed.</summary>
    public async Task<int> SyncAsync(CancellationToken ct = default)
    {
        var changed = await db.SmSearchDocuments
            .Where(d => !Public(db.SmServices).Any(s => s.Id == d.ServiceId))
            .ExecuteDeleteAsync(ct);
        while (true)
        {
            var stale = await Public(db.SmServices)
                .Where(s => !db.SmSearchDocuments.Any(d => d.ServiceId == s.Id && d.SourceModified == s.LastModified))
                .OrderBy(s => s.Id).Select(s => s.Id).Take(Batch).ToListAsync(ct);
            if (stale.Count == 0)
            {
                return changed;
            }
            await RebuildAsync(stale, ct);
            changed += stale.Count;
            if (stale.Count < Batch)
            {
                return changed;
            }
        }
    }

    private async Task RebuildAsync(List<Guid> ids, CancellationToken ct)
    {
        var services = await db.SmServices.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        var orgIds = services.Select(s => s.OrganizationId).Where(x => x is not null).Distinct().ToList();
        var orgs = await db.SmOrganizations.AsNoTracking().Where(o => orgIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => new { o.Name, o.AlternateName }, ct);
        var sals = await db.SmServiceAtLocations.AsNoTracking().Where(x => ids.Contains(x.ServiceId!.Value))
            .OrderBy(x => x.Id).Select(x => new { x.Id, x.ServiceId, x.LocationId }).ToListAsync(ct);
        var salIds = sals.Select(x => x.Id).ToList();
        var locationIds = sals.Select(x => x.LocationId).Where(x => x is not null).Distinct().ToList();
        var locations = await db.SmLocations.AsNoTracking().Where(l => locationIds.Contains(l.Id))
            .Select(l => new { l.Id, l.Name, l.WijkId, l.LocationType, l.Latitude, l.Longitude }).ToDictionaryAsync(l => l.Id, ct);
        var addresses = await db.SmAddresses.AsNoTracking().Where(a => locationIds.Contains(a.LocationId!.Value)).OrderBy(a => a.Id)
            .Select(a => new { a.LocationId, a.Address1, a.City, a.PostalCode, a.AddressType }).ToListAsync(ct);
        var areas = await db.SmServiceAreas.AsNoTracking().Where(a => ids.Contains(a.ServiceId!.Value))
            .Select(a => new { a.ServiceId, a.Name, a.WijkId }).ToListAsync(ct);
        var wijken = await db.Wijken.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        var attributes = await db.SmAttributes.AsNoTracking().Where(a => a.LinkType == "service" && ids.Contains(a.LinkId!.Value) && a.TaxonomyTermId != null)
            .Select(a => new { a.LinkId, a.TaxonomyTermId, Name = db.SmTaxonomyTerms.Where(t => t.Id == a.TaxonomyTermId).Select(t => t.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var schedules = await db.SmSchedules.AsNoTracking().Where(x => ids.Contains(x.ServiceId!.Value) || salIds.Contains(x.ServiceAtLocationId!.Value))
            .OrderBy(x => x.Id).ToListAsync(ct);
        var free = (await db.SmCostOptions.AsNoTracking().Where(c => ids.Contains(c.ServiceId!.Value) && c.Amount == 0m)
            .Select(c => c.ServiceId!.Value).ToListAsync(ct)).ToHashSet();

        var existing = await db.SmSearchDocuments.Where(d => ids.Contains(d.ServiceId)).ToDictionaryAsync(d => d.ServiceId, ct);
        var stem = db.Database.IsSqlite();
        foreach (var s in services)
        {
            var mySals = sals.Where(x => x.ServiceId == s.Id).ToList();
            var locs = mySals.Select(x => x.LocationId is { } l ? locations.GetValueOrDefault(l) : null).Where(l => l is not null).Select(l => l!).ToList();
            var myAreas = areas.Where(a => a.ServiceId == s.Id).ToList();
            var myTerms = attributes.Where(a => a.LinkId == s.Id).ToList();
            var org = s.OrganizationId is { } o ? orgs.GetValueOrDefault(o) : null;
            var parts = new List<string?>
            {
                s.Description, s.EligibilityDescription, s.FeesDescription, s.ApplicationProcess, s.StartHelp,
                org is null ? null : org.Name + " " + org.AlternateName,
                s.Platforms != DigitalPlatforms.None ? "digitaal app online " + HsdsExtension.FormatPlatforms(s.Platforms) : null,
            };
            parts.AddRange(locs.Select(l => l.Name));
            parts.AddRange(locs.Select(l => l.WijkId is { } w ? wijken.GetValueOrDefault(w) : null));
            parts.AddRange(addresses.Where(a => locs.Any(l => l.Id == a.LocationId)).Select(a => a.Address1 + " " + a.City + " " + a.PostalCode));
            parts.AddRange(myAreas.Select(a => a.Name + " " + (a.WijkId is { } w ? wijken.GetValueOrDefault(w) : null)));
            parts.AddRange(myTerms.Select(t => t.Name));
            var title = s.Name + " " + s.AlternateName;
            var body = string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)));
            title = Trim(stem ? DutchText.Stems(title) : DutchText.Fold(title), 1000);
            body = Trim(stem ? DutchText.Stems(body) : DutchText.Fold(body), 20000);

            var wijkIds = locs.Where(l => l.WijkId is not null).Select(l => l.WijkId!.Value)
                .Concat(myAreas.Where(a => a.WijkId is not null).Select(a => a.WijkId!.Value)).Distinct().Order().ToList();
            var physical = locs.FirstOrDefault(l => l.LocationType == "physical");
            var valid = physical is { Latitude: >= -90 and <= 90, Longitude: >= -180 and <= 180 };
            var display = new SearchDisplay
            {
                Organization = org?.Name,
                Summary = PortalSearch.Summary(s.Description),
                Address = Cut(physical is null ? null
                    : addresses.Where(a => a.LocationId == physical.Id && a.AddressType != "postal").Select(a => a.Address1 + ", " + a.City).FirstOrDefault() ?? physical.Name, 500),
                Latitude = valid ? physical!.Latitude : null,
                Longitude = valid ? physical!.Longitude : null,
                LastCheckedAt = s.LastCheckedAt,
                Schedules = schedules.Where(x => x.ServiceId == s.Id || mySals.Any(m => m.Id == x.ServiceAtLocationId))
                    .Take(MaxSchedules).Select(x => new SearchDisplay.Hours { Byday = Cut(x.Byday, 100), Opens = x.OpensAt, Closes = x.ClosesAt, Description = Cut(x.Description, 200) })
                    .ToList(),
            };
            var doc = existing.GetValueOrDefault(s.Id);
            if (doc is null)
            {
                doc = new SearchDocument { ServiceId = s.Id, Title = title, Body = body };
                db.SmSearchDocuments.Add(doc);
            }
            doc.Title = title;
            doc.Body = body;
            doc.LeerregioId = s.LeerregioId;
            doc.SourceModified = s.LastModified;
            doc.Name = s.Name;
            doc.WijkIds = wijkIds;
            doc.LeerregioWide = wijkIds.Count == 0;
            doc.Free = free.Contains(s.Id);
            doc.Physical = locs.Any(l => l.LocationType == "physical");
            doc.Digital = s.Platforms != DigitalPlatforms.None || locs.Any(l => l.LocationType == "virtual");
            doc.MinimumAge = s.MinimumAge;
            doc.MaximumAge = s.MaximumAge;
            doc.TermIds = myTerms.Select(t => t.TaxonomyTermId!.Value).Distinct().Order().ToList();
            doc.Display = SearchDisplay.Serialize(display);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance indexed the same service at the same moment: its document is as good as ours.
            db.ChangeTracker.Clear();
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>Keeps the document's display within its column (opening hours beyond this many are not a summary any more).</summary>
    private const int MaxSchedules = 40;

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static string Trim(string text, int max)
    {
        text = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= max ? text : text[..max];
    }

    /// <summary>
    /// Full-text matches as a composable query: each hit carries its document's filter columns, so the filters and the
    /// ranking are one SQL statement over sm_search_documents (the subquery is flattened, no join back to the table).
    /// </summary>
    public IQueryable<SearchHit>? Match(string? text)
    {
        if (db.Database.IsSqlite())
        {
            var q = DutchText.SqliteQuery(text);
            // bm25 is lower for better matches; the title counts ten times the body.
            return q is null ? null : db.Set<SearchHit>().FromSqlRaw(
                "SELECT d.*, -bm25(sm_search_fts, 10.0, 1.0) AS rank FROM sm_search_fts JOIN sm_search_documents d ON d.id = sm_search_fts.rowid WHERE sm_search_fts MATCH {0}", q);
        }
        var pq = DutchText.PostgresQuery(text);
        return pq is null ? null : db.Set<SearchHit>().FromSqlRaw(
            "SELECT d.*, ts_rank(d.search_vector, q)::float8 AS rank FROM sm_search_documents d, to_tsquery('dutch', {0}) q WHERE d.search_vector @@ q", pq);
    }
}

/// <summary>When this process last synced the search index (singleton).</summary>
public sealed class SearchIndexClock
{
    private long _lastTicks;

    public bool TryClaim(DateTimeOffset now, TimeSpan window)
    {
        var last = Interlocked.Read(ref _lastTicks);
        if (now.UtcTicks - last < window.Ticks)
        {
            return false;
        }
        return Interlocked.CompareExchange(ref _lastTicks, now.UtcTicks, last) == last;
    }
}
