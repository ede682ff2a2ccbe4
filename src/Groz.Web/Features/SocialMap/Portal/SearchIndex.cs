using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// Keeps <see cref="SearchDocument"/> in step with the public services. A document is stale when the service's
/// LastModified differs from the one it was made from, so every writer of services (the curation pages, the HSDS import,
/// demo data, the generator) is covered without calling in here; writers that do call <see cref="SyncAsync"/> right after
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

    /// <summary>Syncs when the last sync in this process is older than the freshness window.</summary>
    public async Task EnsureFreshAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (clock.TryClaim(now, FreshnessWindow))
        {
            await SyncAsync(ct);
        }
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
            .ToDictionaryAsync(o => o.Id, o => o.Name + " " + o.AlternateName, ct);
        var sals = await db.SmServiceAtLocations.AsNoTracking().Where(x => ids.Contains(x.ServiceId!.Value))
            .Select(x => new { x.ServiceId, x.LocationId }).ToListAsync(ct);
        var locationIds = sals.Select(x => x.LocationId).Where(x => x is not null).Distinct().ToList();
        var locations = await db.SmLocations.AsNoTracking().Where(l => locationIds.Contains(l.Id))
            .Select(l => new { l.Id, l.Name, l.WijkId }).ToListAsync(ct);
        var addresses = await db.SmAddresses.AsNoTracking().Where(a => locationIds.Contains(a.LocationId!.Value))
            .Select(a => new { a.LocationId, Text = a.Address1 + " " + a.City + " " + a.PostalCode }).ToListAsync(ct);
        var areas = await db.SmServiceAreas.AsNoTracking().Where(a => ids.Contains(a.ServiceId!.Value))
            .Select(a => new { a.ServiceId, a.Name, a.WijkId }).ToListAsync(ct);
        var wijken = await db.Wijken.AsNoTracking().ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        var terms = await db.SmAttributes.AsNoTracking().Where(a => a.LinkType == "service" && ids.Contains(a.LinkId!.Value))
            .Join(db.SmTaxonomyTerms, a => a.TaxonomyTermId, t => t.Id, (a, t) => new { a.LinkId, t.Name }).ToListAsync(ct);

        var existing = await db.SmSearchDocuments.Where(d => ids.Contains(d.ServiceId)).ToDictionaryAsync(d => d.ServiceId, ct);
        var stem = db.Database.IsSqlite();
        foreach (var s in services)
        {
            var locs = sals.Where(x => x.ServiceId == s.Id).Select(x => locations.FirstOrDefault(l => l.Id == x.LocationId)).Where(l => l is not null).ToList();
            var parts = new List<string?>
            {
                s.Description, s.EligibilityDescription, s.FeesDescription, s.ApplicationProcess, s.StartHelp,
                s.OrganizationId is { } o ? orgs.GetValueOrDefault(o) : null,
                s.Platforms != DigitalPlatforms.None ? "digitaal app online " + HsdsExtension.FormatPlatforms(s.Platforms) : null,
            };
            parts.AddRange(locs.Select(l => l!.Name));
            parts.AddRange(locs.Select(l => l!.WijkId is { } w ? wijken.GetValueOrDefault(w) : null));
            parts.AddRange(addresses.Where(a => locs.Any(l => l!.Id == a.LocationId)).Select(a => a.Text));
            parts.AddRange(areas.Where(a => a.ServiceId == s.Id).Select(a => a.Name + " " + (a.WijkId is { } w ? wijken.GetValueOrDefault(w) : null)));
            parts.AddRange(terms.Where(t => t.LinkId == s.Id).Select(t => t.Name));
            var title = s.Name + " " + s.AlternateName;
            var body = string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)));
            title = Trim(stem ? DutchText.Stems(title) : DutchText.Fold(title), 1000);
            body = Trim(stem ? DutchText.Stems(body) : DutchText.Fold(body), 20000);
            if (existing.TryGetValue(s.Id, out var doc))
            {
                doc.Title = title;
                doc.Body = body;
                doc.LeerregioId = s.LeerregioId;
                doc.SourceModified = s.LastModified;
            }
            else
            {
                db.SmSearchDocuments.Add(new SearchDocument { ServiceId = s.Id, LeerregioId = s.LeerregioId, Title = title, Body = body, SourceModified = s.LastModified });
            }
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

    private static string Trim(string text, int max)
    {
        text = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= max ? text : text[..max];
    }

    /// <summary>Full-text matches as a composable query (joined with the filters in one SQL statement).</summary>
    public IQueryable<SearchHit>? Match(string? text)
    {
        if (db.Database.IsSqlite())
        {
            var q = DutchText.SqliteQuery(text);
            // bm25 is lower for better matches; the title counts ten times the body.
            return q is null ? null : db.Set<SearchHit>().FromSqlRaw(
                "SELECT d.service_id AS service_id, -bm25(sm_search_fts, 10.0, 1.0) AS rank FROM sm_search_fts JOIN sm_search_documents d ON d.id = sm_search_fts.rowid WHERE sm_search_fts MATCH {0}", q);
        }
        var pq = DutchText.PostgresQuery(text);
        return pq is null ? null : db.Set<SearchHit>().FromSqlRaw(
            "SELECT d.service_id AS service_id, ts_rank(d.search_vector, q)::float8 AS rank FROM sm_search_documents d, to_tsquery('dutch', {0}) q WHERE d.search_vector @@ q", pq);
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
