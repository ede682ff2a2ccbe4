using Groz.Tests.Regions;
using Groz.Tests.Support;
using Groz.Tests.TimeBank;
using Groz.Web.Data;
using Groz.Web.Features.SocialMap;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.SocialMap;

/// <summary>One service as a test describes it; everything optional except the name.</summary>
public sealed record TestService(string Name, string Leerregio = "utrecht")
{
    public string? Description { get; init; }
    public string? WijkCode { get; init; }
    public bool Free { get; init; }
    public decimal? Price { get; init; }
    public string? Days { get; init; }
    public string Freq { get; init; } = "WEEKLY";
    public TimeOnly? Opens { get; init; }
    public TimeOnly? Closes { get; init; }
    public string? Theme { get; init; }
    public string? Group { get; init; }
    public bool Digital { get; init; }
    public decimal? MinimumAge { get; init; }
    public decimal? MaximumAge { get; init; }
    public Publication Publication { get; init; } = Publication.Published;
    public Guid? OrganizationId { get; init; }
    public DateTimeOffset? LastCheckedAt { get; init; }
}

/// <summary>The app with a clock the test may move (open now), and a way to put services on the map directly.</summary>
public class PortalApp : GrozApp
{
    public ShiftedClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>
    /// The search tests count exact results, so they start from an empty map instead of the demo one. The services'
    /// own rows (locations, schedules, attributes) may stay: without their service nothing shows them.
    /// </summary>
    protected override Task AfterSeedingAsync() => DbAsync(async db =>
    {
        await db.SmSearchDocuments.ExecuteDeleteAsync();
        await db.SmServices.ExecuteDeleteAsync();
        await db.SmOrganizations.ExecuteDeleteAsync();
    });

    public async Task<Guid> AddOrganizationAsync(string name, string leerregio = "utrecht", string? email = null)
    {
        var id = Guid.NewGuid();
        var lr = await this.LeerregioIdAsync(leerregio);
        await DbAsync(async db =>
        {
            db.SmOrganizations.Add(new Organization { Id = id, LeerregioId = lr, Name = name, Description = name, Email = email, Publication = Publication.Published, ModifiedAt = Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>Writes the HSDS rows of one service (as an import would) and syncs the search index.</summary>
    public async Task<Guid> AddServiceAsync(TestService t)
    {
        var lr = await this.LeerregioIdAsync(t.Leerregio);
        var id = Guid.NewGuid();
        await DbAsync(async db =>
        {
            var now = Clock.GetUtcNow();
            db.SmServices.Add(new Service
            {
                Id = id, LeerregioId = lr, Name = t.Name, Description = t.Description, Publication = t.Publication, LastModified = now, CreatedAt = now,
                MinimumAge = t.MinimumAge, MaximumAge = t.MaximumAge, OrganizationId = t.OrganizationId, LastCheckedAt = t.LastCheckedAt,
                Platforms = t.Digital ? DigitalPlatforms.Web | DigitalPlatforms.Android : DigitalPlatforms.None,
            });
            if (t.WijkCode is { } code)
            {
                var wijk = await db.Wijken.SingleAsync(w => w.Code == code);
                var location = Guid.NewGuid();
                db.SmLocations.Add(new Location { Id = location, LeerregioId = lr, LocationType = "physical", Name = "Buurthuis " + wijk.Name, Latitude = 52.07, Longitude = 5.1, WijkId = wijk.Id });
                db.SmAddresses.Add(new Address { Id = Guid.NewGuid(), LeerregioId = lr, LocationId = location, Address1 = "Marnixlaan 1", City = "Utrecht", StateProvince = "Utrecht", PostalCode = "3531 AA", Country = "NL", AddressType = "physical" });
                db.SmServiceAtLocations.Add(new ServiceAtLocation { Id = Guid.NewGuid(), LeerregioId = lr, ServiceId = id, LocationId = location });
            }
            if (t.Digital)
            {
                var location = Guid.NewGuid();
                db.SmLocations.Add(new Location { Id = location, LeerregioId = lr, LocationType = "virtual", Url = "https://app.example.org" });
                db.SmServiceAtLocations.Add(new ServiceAtLocation { Id = Guid.NewGuid(), LeerregioId = lr, ServiceId = id, LocationId = location });
            }
            if (t.Days is { } days)
            {
                db.SmSchedules.Add(new Schedule { Id = Guid.NewGuid(), LeerregioId = lr, ServiceId = id, Freq = t.Freq, Byday = days, OpensAt = t.Opens, ClosesAt = t.Closes });
            }
            if (t.Free || t.Price is not null)
            {
                db.SmCostOptions.Add(new CostOption { Id = Guid.NewGuid(), LeerregioId = lr, ServiceId = id, Currency = "EUR", Amount = t.Free ? 0m : t.Price });
            }
            if (t.Theme is { } theme)
            {
                db.SmAttributes.Add(new HsdsAttribute { Id = Guid.NewGuid(), LeerregioId = lr, LinkId = id, LinkType = "service", LinkEntity = "service", TaxonomyTermId = SocialMapTaxonomies.ThemeTermId(theme) });
            }
            if (t.Group is { } group)
            {
                db.SmAttributes.Add(new HsdsAttribute { Id = Guid.NewGuid(), LeerregioId = lr, LinkId = id, LinkType = "service", LinkEntity = "service", TaxonomyTermId = SocialMapTaxonomies.TargetGroupTermId(group) });
            }
            await db.SaveChangesAsync();
        });
        await SyncSearchAsync();
        return id;
    }

    public async Task SyncSearchAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SearchIndex>().SyncAsync();
    }

    /// <summary>Moves the clock so that it is <paramref name="dutchLocal"/> in the Netherlands now (keeps running from there).</summary>
    public void SetDutchTime(DateTime dutchLocal)
    {
        var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(dutchLocal, DateTimeKind.Unspecified), PortalSearch.DutchTime);
        Clock.Offset = new DateTimeOffset(utc, TimeSpan.Zero) - TimeProvider.System.GetUtcNow();
    }
}
