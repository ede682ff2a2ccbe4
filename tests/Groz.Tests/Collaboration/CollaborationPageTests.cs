using System.Net;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;

namespace Groz.Tests.Collaboration;

/// <summary>The pages: the public network table matches the API's measures; the wijkgesprekken page is for coordinators and researchers.</summary>
public sealed class CollaborationPageTests(CollaborationApp app) : IClassFixture<CollaborationApp>
{
    [Fact]
    public async Task The_public_page_shows_collaborations_and_the_network_table_with_the_same_brokers_as_the_api()
    {
        using var client = app.NewClient();
        var page = await client.GetAsync("/samenwerking/utrecht");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Leefstijlnetwerk Nieuwegein", page.Text, StringComparison.Ordinal);
        var rows = page.Html.QuerySelectorAll("table.network-table tbody tr");
        var brokersOnPage = rows.Where(r => r.QuerySelectorAll("td")[^1].TextContent == "ja").Select(r => r.QuerySelector("th")!.TextContent).Order().ToList();
        var network = await app.GetAsync("/api/v1/collaboration/network?leerregio=utrecht", null);
        var brokersInApi = network.Json.GetProperty("organisations").EnumerateArray().Where(o => o.GetProperty("broker").GetBoolean()).Select(o => o.GetProperty("name").GetString()!).Order().ToList();
        Assert.Equal(brokersInApi, brokersOnPage);
        Assert.Equal(5, page.Html.QuerySelectorAll("section.card h3").Length);
        var filtered = await client.GetAsync($"/samenwerking/utrecht?wijk={await app.WijkIdAsync("Utrecht Oost")}");
        Assert.Contains("Wijksamenwerking Utrecht Oost", filtered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Leefstijlnetwerk Nieuwegein</th>", filtered.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/samenwerking/bestaat-niet")).Status);
    }

    [Fact]
    public async Task The_wijkgesprekken_page_shows_the_matrix_to_the_coordinator_and_nothing_to_a_resident_or_another_leerregio()
    {
        using var coordinator = app.NewClient();
        await app.SignInWithTwoFactorAsync(coordinator, TimeBank.TimeBankApp.Email(GrozRole.Coordinator));
        var page = await coordinator.GetAsync("/beheer/wijkgesprekken/utrecht");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var row = page.Html.QuerySelectorAll("table.matrix tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Ontmoeten en eenzaamheid");
        Assert.Contains("urgentie 5", row.TextContent, StringComparison.Ordinal);

        using var resident = app.NewClient();
        await resident.SignInAsync(TimeBank.TimeBankApp.Email(GrozRole.Resident));
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync("/beheer/wijkgesprekken/utrecht")).Status);
        using var other = app.NewClient();
        await app.SignInWithTwoFactorAsync(other, TimeBank.TimeBankApp.Email(GrozRole.Coordinator, "leidsche-rijn"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/beheer/wijkgesprekken/utrecht")).Status);
    }
}
