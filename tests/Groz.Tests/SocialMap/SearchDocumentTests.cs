using System.Net;
using System.Text.Json.Nodes;
using Groz.Web.Features.SocialMap;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.SocialMap;

/// <summary>
/// The search reads what a result shows and what the filters need from the denormalised search document: it must follow
/// every change of the rows it was made from (not only of the service), also when the writer does not touch the service's
/// LastModified, and the wijk coverage (incl. services bound to no wijk) must mean what the filter says.
/// </summary>
public sealed class SearchDocumentTests(PortalApp app) : IClassFixture<PortalApp>
{
    private async Task<List<JsonNode>> ItemsAsync(string query)
    {
        var response = await app.CreateClient().GetAsync("/api/v1/socialmap/search?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["items"]!.AsArray().Select(i => i!).ToList();
    }

    private async Task<List<string>> NamesAsync(string query) => (await ItemsAsync(query)).Select(i => i["name"]!.GetValue<string>()).Order().ToList();

    private async Task<bool> LooksFreshAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SearchIndex>().LooksFreshAsync();
    }

    [Fact]
    public async Task A_change_to_a_services_other_rows_reaches_its_document_after_sync()
    {
        var org = await app.AddOrganizationAsync("Stichting Zang");
        var id = await app.AddServiceAsync(new("Zanggroep Oost")
        {
            Description = "Koor voor buren", WijkCode = "WK034405", Price = 3m, Days = "TU", Opens = new(10, 0), Closes = new(11, 0),
            Theme = "leefstijl", OrganizationId = org,
        });
        var item = Assert.Single(await ItemsAsync("q=zanggroep"));
        Assert.False(item["free"]!.GetValue<bool>());
        Assert.Equal("Stichting Zang", item["organization"]!.GetValue<string>());
        Assert.Equal("Marnixlaan 1, Utrecht", item["address"]!.GetValue<string>());
        Assert.Equal("Utrecht Oost", item["wijk"]!.GetValue<string>());
        Assert.Equal("di 10:00–11:00", item["openingHours"]!.GetValue<string>());
        Assert.Equal(["Leefstijl dicht bij huis"], item["themes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Empty(await NamesAsync("q=zanggroep&free=true"));
        Assert.True(await LooksFreshAsync());

        // Writers that change the service's other rows and not its LastModified (an import of those tables, say).
        await app.DbAsync(async db =>
        {
            (await db.SmCostOptions.SingleAsync(c => c.ServiceId == id)).Amount = 0m;
            (await db.SmSchedules.SingleAsync(x => x.ServiceId == id)).Byday = "TH";
            var location = await db.SmServiceAtLocations.Where(x => x.ServiceId == id).Select(x => x.LocationId).SingleAsync();
            (await db.SmAddresses.SingleAsync(a => a.LocationId == location)).Address1 = "Oosterstraat 9";
            (await db.SmLocations.SingleAsync(l => l.Id == location)).WijkId = (await db.Wijken.SingleAsync(w => w.Code == "WK034408")).Id;
            var theme = SocialMapTaxonomies.ThemeTermId("leefstijl");
            (await db.SmAttributes.SingleAsync(a => a.LinkId == id && a.TaxonomyTermId == theme)).TaxonomyTermId = SocialMapTaxonomies.ThemeTermId("zorg-voor-elkaar");
            (await db.SmOrganizations.SingleAsync(o => o.Id == org)).Name = "Stichting Zingen";
            await db.SaveChangesAsync();
        });
        Assert.False(await LooksFreshAsync());
        await app.SyncSearchAsync();
        Assert.True(await LooksFreshAsync());

        item = Assert.Single(await ItemsAsync("q=zanggroep&free=true"));
        Assert.Equal("Stichting Zingen", item["organization"]!.GetValue<string>());
        Assert.Equal("Oosterstraat 9, Utrecht", item["address"]!.GetValue<string>());
        Assert.Equal("Kanaleneiland", item["wijk"]!.GetValue<string>());
        Assert.Equal("do 10:00–11:00", item["openingHours"]!.GetValue<string>());
        Assert.Equal(["Zorg voor elkaar"], item["themes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["Zanggroep Oost"], await NamesAsync("q=zanggroep&wijk=WK034408&theme=zorg-voor-elkaar&day=TH"));
        Assert.Empty(await NamesAsync("q=zanggroep&wijk=WK034405"));
        Assert.Empty(await NamesAsync("q=zanggroep&theme=leefstijl"));
        // The organisation's new name is searchable too.
        Assert.Equal(["Zanggroep Oost"], await NamesAsync("q=zingen"));

        // Removing rows counts as well: no cost option, no location (then it is bound to no wijk: leerregio-wide).
        await app.DbAsync(async db =>
        {
            db.SmCostOptions.RemoveRange(db.SmCostOptions.Where(c => c.ServiceId == id));
            db.SmServiceAtLocations.RemoveRange(db.SmServiceAtLocations.Where(x => x.ServiceId == id));
            await db.SaveChangesAsync();
        });
        await app.SyncSearchAsync();
        Assert.Empty(await NamesAsync("q=zanggroep&free=true"));
        item = Assert.Single(await ItemsAsync("q=zanggroep&wijk=WK035601"));
        Assert.Null(item["address"]?.GetValue<string>());
        Assert.Null(item["wijk"]?.GetValue<string>());
        Assert.Empty(await NamesAsync("q=zanggroep&form=physical"));
    }

    [Fact]
    public async Task Last_checked_and_age_follow_the_service_without_a_new_LastModified()
    {
        var id = await app.AddServiceAsync(new("Schaakclub Kanaleneiland") { WijkCode = "WK034408", MinimumAge = 8 });
        Assert.Empty(await NamesAsync("q=schaakclub&age=6"));
        var checkedAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        await app.DbAsync(async db =>
        {
            var s = await db.SmServices.SingleAsync(x => x.Id == id);
            s.MinimumAge = 4;
            s.LastCheckedAt = checkedAt;
            await db.SaveChangesAsync();
        });
        await app.SyncSearchAsync();
        var item = Assert.Single(await ItemsAsync("q=schaakclub&age=6"));
        Assert.Equal(checkedAt, item["lastCheckedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Wijk_coverage_by_location_service_area_or_leerregio_wide()
    {
        var byArea = await app.AddServiceAsync(new("Klusdienst Oost"));
        var wide = await app.AddServiceAsync(new("Klustelefoon Utrecht"));
        await app.AddServiceAsync(new("Klusteam Leidsche Rijn", "leidsche-rijn"));
        await app.AddServiceAsync(new("Klushuis Kanaleneiland") { WijkCode = "WK034408" });
        await app.DbAsync(async db =>
        {
            var oost = await db.Wijken.SingleAsync(w => w.Code == "WK034405");
            db.SmServiceAreas.Add(new ServiceArea { Id = Guid.NewGuid(), LeerregioId = oost.LeerregioId, ServiceId = byArea, Name = "Oost", WijkId = oost.Id });
            await db.SaveChangesAsync();
        });
        await app.SyncSearchAsync();

        Assert.Equal(["Klusdienst Oost", "Klustelefoon Utrecht"], await NamesAsync("q=klus&wijk=WK034405"));
        Assert.Equal(["Klushuis Kanaleneiland", "Klustelefoon Utrecht"], await NamesAsync("q=klus&wijk=WK034408"));
        Assert.Equal(["Klustelefoon Utrecht"], await NamesAsync("q=klus&wijk=WK035601"));
        Assert.Equal(["Klusteam Leidsche Rijn"], await NamesAsync("q=klus&wijk=WK034409"));
        Assert.Equal("Utrecht Oost", Assert.Single(await ItemsAsync("q=klusdienst"))["wijk"]!.GetValue<string>());
        // Without text the same coverage (the page that lists a wijk by name).
        Assert.Equal(["Klusdienst Oost", "Klustelefoon Utrecht"], (await NamesAsync("wijk=WK034405")).Where(n => n.StartsWith("Klus", StringComparison.Ordinal)));

        // A service area in a wijk binds the leerregio-wide service to that wijk only.
        await app.DbAsync(async db =>
        {
            var zuid = await db.Wijken.SingleAsync(w => w.Code == "WK035602");
            db.SmServiceAreas.Add(new ServiceArea { Id = Guid.NewGuid(), LeerregioId = zuid.LeerregioId, ServiceId = wide, Name = "Zuid", WijkId = zuid.Id });
            await db.SaveChangesAsync();
        });
        await app.SyncSearchAsync();
        Assert.Equal(["Klusdienst Oost"], await NamesAsync("q=klus&wijk=WK034405"));
        Assert.Equal(["Klustelefoon Utrecht"], await NamesAsync("q=klus&wijk=WK035602"));
    }
}
