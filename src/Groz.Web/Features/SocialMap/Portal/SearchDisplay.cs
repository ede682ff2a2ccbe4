using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// What a search result shows that the filters do not need, stored with the document as JSON so that a page of results
/// is read from sm_search_documents alone. Language-neutral: opening hours and themes are put in words when shown.
/// </summary>
public sealed class SearchDisplay
{
    public string? Organization { get; set; }
    public string? Summary { get; set; }
    /// <summary>The first physical location's street address (or its name when it has none).</summary>
    public string? Address { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public DateTimeOffset? LastCheckedAt { get; set; }
    public List<Hours> Schedules { get; set; } = [];

    /// <summary>One schedule of the service or of one of its service_at_locations.</summary>
    public sealed class Hours
    {
        public string? Byday { get; set; }
        public TimeOnly? Opens { get; set; }
        public TimeOnly? Closes { get; set; }
        public string? Description { get; set; }
    }

    public static string Serialize(SearchDisplay display) => JsonSerializer.Serialize(display, SearchDisplayJson.Default.SearchDisplay);

    public static SearchDisplay Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize(json, SearchDisplayJson.Default.SearchDisplay) ?? new();
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SearchDisplay))]
internal sealed partial class SearchDisplayJson : JsonSerializerContext;

/// <summary>
/// Marks the search documents of the services whose other rows are saved through EF (a location's address, a schedule,
/// a cost option, an attribute, a service area, the organisation; and the service itself when only e.g. its last-checked
/// date moved), so that the next sync rebuilds them although the service's LastModified did not move. Writers that
/// bypass EF (bulk ExecuteUpdate, raw SQL) only reach the index through LastModified, as before.
/// </summary>
public sealed class SearchDocumentInvalidator : SaveChangesInterceptor
{
    public static readonly SearchDocumentInvalidator Instance = new();

    private sealed class Pending
    {
        public HashSet<Guid> Services { get; } = [];
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is GrozDbContext db)
        {
            var services = await AffectedAsync(db, cancellationToken);
            _pending.AddOrUpdate(db, services);
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is GrozDbContext db)
        {
            _pending.AddOrUpdate(db, AffectedAsync(db, CancellationToken.None).GetAwaiter().GetResult());
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is GrozDbContext db && _pending.TryGetValue(db, out var pending))
        {
            _pending.Remove(db);
            await MarkAsync(db, pending, cancellationToken);
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is GrozDbContext db && _pending.TryGetValue(db, out var pending))
        {
            _pending.Remove(db);
            MarkAsync(db, pending, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } db)
        {
            _pending.Remove(db);
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private static async Task MarkAsync(GrozDbContext db, Pending pending, CancellationToken ct)
    {
        if (pending.Services.Count == 0)
        {
            return;
        }
        var ids = pending.Services.ToList();
        var mark = SearchIndex.StaleMark;
        await db.SmSearchDocuments.Where(d => ids.Contains(d.ServiceId) && d.SourceModified != mark)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.SourceModified, mark), ct);
    }

    /// <summary>The services whose documents this save makes stale (read before saving: a deleted location's links are still there).</summary>
    private static async Task<Pending> AffectedAsync(GrozDbContext db, CancellationToken ct)
    {
        var pending = new Pending();
        var services = pending.Services;
        HashSet<Guid> locations = [], sals = [], organizations = [];
        void Add(HashSet<Guid> set, Guid? id)
        {
            if (id is { } v)
            {
                set.Add(v);
            }
        }
        // Entries() detects changes first (unless the writer switched that off): SavingChanges runs before SaveChanges does.
        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            var added = e.State == EntityState.Added;
            switch (e.Entity)
            {
                case Service s when !added:
                    services.Add(s.Id);
                    break;
                case CostOption c:
                    Add(services, c.ServiceId);
                    Add(services, Original<Guid?>(e, nameof(CostOption.ServiceId)));
                    break;
                case ServiceArea a:
                    Add(services, a.ServiceId);
                    Add(services, Original<Guid?>(e, nameof(ServiceArea.ServiceId)));
                    break;
                case HsdsAttribute a:
                    Add(services, a.LinkId);
                    Add(services, Original<Guid?>(e, nameof(HsdsAttribute.LinkId)));
                    break;
                case ServiceAtLocation x:
                    Add(services, x.ServiceId);
                    Add(services, Original<Guid?>(e, nameof(ServiceAtLocation.ServiceId)));
                    break;
                case Schedule x:
                    Add(services, x.ServiceId);
                    Add(services, Original<Guid?>(e, nameof(Schedule.ServiceId)));
                    Add(sals, x.ServiceAtLocationId);
                    Add(sals, Original<Guid?>(e, nameof(Schedule.ServiceAtLocationId)));
                    break;
                case Location l when !added:
                    locations.Add(l.Id);
                    break;
                case Address a:
                    Add(locations, a.LocationId);
                    Add(locations, Original<Guid?>(e, nameof(Address.LocationId)));
                    break;
                case Organization o when !added:
                    organizations.Add(o.Id);
                    break;
            }
        }
        if (locations.Count > 0 || sals.Count > 0)
        {
            var l = locations.ToList();
            var x = sals.ToList();
            services.UnionWith(await db.SmServiceAtLocations.AsNoTracking()
                .Where(y => (y.LocationId != null && l.Contains(y.LocationId.Value)) || x.Contains(y.Id))
                .Where(y => y.ServiceId != null).Select(y => y.ServiceId!.Value).ToListAsync(ct));
        }
        if (organizations.Count > 0)
        {
            var o = organizations.ToList();
            services.UnionWith(await db.SmServices.AsNoTracking().Where(s => s.OrganizationId != null && o.Contains(s.OrganizationId.Value)).Select(s => s.Id).ToListAsync(ct));
        }
        return pending;
    }

    private static T? Original<T>(EntityEntry e, string property) => e.State == EntityState.Added ? default : e.Property(property).OriginalValue is T v ? v : default;
}
