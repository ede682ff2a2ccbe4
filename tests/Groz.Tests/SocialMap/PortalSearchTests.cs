using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Groz.Web.Features.SocialMap;

namespace Groz.Tests.SocialMap;

/// <summary>A small social map in both leerregio's, written once per class.</summary>
public sealed class PortalSearchApp : PortalApp
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    public Dictionary<string, Guid> Ids { get; } = [];

    public async Task SeedAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (Ids.Count > 0)
            {
                return;
            }
            var t10 = new TimeOnly(10, 0);
            Ids["wandel"] = await AddServiceAsync(new("Wandelgroep Kanaleneiland")
            {
                Description = "Elke dinsdag lopen we samen een rondje door het park.", WijkCode = "WK034408", Free = true, Days = "TU", Opens = t10, Closes = new(11, 30),
                Theme = "leefstijl", Group = "ouderen",
            });
            Ids["cafe"] = await AddServiceAsync(new("Café Samen")
            {
                Description = "Koffie drinken en praten met buren.", WijkCode = "WK034405", Price = 2.50m, Days = "WE", Opens = new(14, 0), Closes = new(16, 0), Theme = "zorg-voor-elkaar",
            });
            Ids["app"] = await AddServiceAsync(new("Beweegapp Fit")
            {
                Description = "Oefeningen voor thuis op uw telefoon.", Digital = true, Free = true, Theme = "leefstijl", MinimumAge = 18,
            });
            Ids["peuter"] = await AddServiceAsync(new("Peuterzwemmen")
            {
                Description = "Watergewenning voor de kleinsten.", WijkCode = "WK034408", Price = 5m, Days = "SA", Opens = new(9, 0), Closes = new(10, 0), MinimumAge = 2, MaximumAge = 4,
            });
            Ids["monthly"] = await AddServiceAsync(new("Repair café Kanaleneiland")
            {
                Description = "Samen spullen repareren.", WijkCode = "WK034408", Free = true, Freq = "MONTHLY", Days = "1TH", Opens = new(13, 0), Closes = new(16, 0),
            });
            Ids["draft"] = await AddServiceAsync(new("Geheime wandelclub") { Description = "Nog niet klaar", WijkCode = "WK034408", Free = true, Days = "TU", Opens = t10, Closes = new(12, 0), Publication = Publication.Draft });
            Ids["archived"] = await AddServiceAsync(new("Oude wandelroute") { WijkCode = "WK034408", Publication = Publication.Archived });
            Ids["html"] = await AddServiceAsync(new("<script>alert('x')</script> Buurtkamer") { Description = "<b>vet</b> & <img src=x onerror=alert(1)>", WijkCode = "WK034408" });
            Ids["lr"] = await AddServiceAsync(new("Wandelclub Leidsche Rijn", "leidsche-rijn") { WijkCode = "WK034409", Free = true, Days = "TU", Opens = t10, Closes = new(11, 0), Theme = "leefstijl" });
        }
        finally
        {
            _lock.Release();
        }
    }
}

public sealed class PortalSearchTests(PortalSearchApp app) : IClassFixture<PortalSearchApp>
{
    private async Task<List<string>> ApiNamesAsync(string query)
    {
        await app.SeedAsync();
        var response = await app.CreateClient().GetAsync("/api/v1/socialmap/search?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {body}");
        var json = JsonNode.Parse(body)!;
        return json["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();
    }

    private async Task<Support.Page> PageAsync(string url)
    {
        await app.SeedAsync();
        return await app.NewClient().GetAsync(url);
    }

    [Theory]
    [InlineData("wandelen", "Wandelgroep Kanaleneiland")]
    [InlineData("wandelgroepen", "Wandelgroep Kanaleneiland")]
    [InlineData("rondje park", "Wandelgroep Kanaleneiland")]
    [InlineData("cafe", "Café Samen")]
    [InlineData("café", "Café Samen")]
    [InlineData("CAFÉ samen", "Café Samen")]
    [InlineData("koffie", "Café Samen")]
    [InlineData("oefening telefoon", "Beweegapp Fit")]
    [InlineData("kanaleneiland peuters", "Peuterzwemmen")]
    public async Task Dutch_full_text_finds_stems_prefixes_and_ignores_accents(string q, string expected)
    {
        var names = await ApiNamesAsync("q=" + Uri.EscapeDataString(q));
        Assert.Contains(expected, names);
    }

    [Fact]
    public async Task The_name_ranks_above_the_description_and_nonsense_finds_nothing()
    {
        // "samen" is in one name and in two descriptions: the name comes first.
        var names = await ApiNamesAsync("q=samen");
        Assert.Equal("Café Samen", names[0]);
        Assert.Contains("Wandelgroep Kanaleneiland", names);
        Assert.Contains("Repair café Kanaleneiland", names);
        Assert.Equal(["Wandelclub Leidsche Rijn", "Wandelgroep Kanaleneiland"], (await ApiNamesAsync("q=wandel")).Order().ToList());
        Assert.Empty(await ApiNamesAsync("q=xyzzyplugh"));
        // Only punctuation: no words, so no text filter, and no error either.
        Assert.NotEmpty(await ApiNamesAsync("q=" + Uri.EscapeDataString("\"*:&|!()")));
    }

    [Fact]
    public async Task Filters_combine_wijk_theme_free_day_and_leerregio_wide_services()
    {
        Assert.Equal(["Wandelgroep Kanaleneiland"], await ApiNamesAsync("wijk=WK034408&theme=leefstijl&free=true&day=TU"));
        // Without the day, the free app for the whole leerregio also covers the wijk; the Leidsche Rijn club does not.
        Assert.Equal(["Beweegapp Fit", "Wandelgroep Kanaleneiland"], (await ApiNamesAsync("wijk=WK034408&theme=leefstijl&free=true")).Order().ToList());
        Assert.Equal(["Wandelclub Leidsche Rijn"], await ApiNamesAsync("wijk=WK034409&day=TU"));
        Assert.Equal(["Wandelgroep Kanaleneiland"], await ApiNamesAsync("group=ouderen"));
        Assert.Equal(["Wandelgroep Kanaleneiland"], await ApiNamesAsync("q=wandelen&wijk=WK034408&time=10:45&day=tu"));
        Assert.Empty(await ApiNamesAsync("q=wandelen&wijk=WK034408&time=12:00&day=TU"));
        Assert.Equal(["Repair café Kanaleneiland"], await ApiNamesAsync("day=TH"));
    }

    [Fact]
    public async Task Physical_digital_and_age()
    {
        Assert.Equal(["Beweegapp Fit"], await ApiNamesAsync("form=digital"));
        Assert.DoesNotContain("Beweegapp Fit", await ApiNamesAsync("form=physical"));
        var toddler = await ApiNamesAsync("age=3&wijk=WK034408");
        Assert.Contains("Peuterzwemmen", toddler);
        Assert.Contains("Wandelgroep Kanaleneiland", toddler);
        Assert.DoesNotContain("Beweegapp Fit", toddler);
        var adult = await ApiNamesAsync("age=40&wijk=WK034408");
        Assert.Contains("Beweegapp Fit", adult);
        Assert.DoesNotContain("Peuterzwemmen", adult);
    }

    [Fact]
    public async Task Open_now_follows_the_dutch_clock()
    {
        await app.SeedAsync();
        try
        {
            // Tuesday 24 November 2026, 10:15 in Utrecht (09:15 UTC).
            app.SetDutchTime(new DateTime(2026, 11, 24, 10, 15, 0));
            Assert.Equal(["Wandelclub Leidsche Rijn", "Wandelgroep Kanaleneiland"], (await ApiNamesAsync("openNow=true")).Order().ToList());
            app.SetDutchTime(new DateTime(2026, 11, 24, 11, 15, 0));
            Assert.Equal(["Wandelgroep Kanaleneiland"], await ApiNamesAsync("openNow=true"));
            app.SetDutchTime(new DateTime(2026, 11, 25, 15, 0, 0));
            Assert.Equal(["Café Samen"], await ApiNamesAsync("openNow=true"));
            // Thursday 3 December is the first Thursday of the month; 10 December is not.
            app.SetDutchTime(new DateTime(2026, 12, 3, 14, 0, 0));
            Assert.Equal(["Repair café Kanaleneiland"], await ApiNamesAsync("openNow=true"));
            app.SetDutchTime(new DateTime(2026, 12, 10, 14, 0, 0));
            Assert.Empty(await ApiNamesAsync("openNow=true"));
            // Summer time: 10:15 in July is 08:15 UTC.
            app.SetDutchTime(new DateTime(2027, 7, 6, 10, 15, 0));
            Assert.Contains("Wandelgroep Kanaleneiland", await ApiNamesAsync("openNow=true"));
            // The page's "nu" is the same filter.
            app.SetDutchTime(new DateTime(2026, 11, 24, 10, 15, 0));
            var page = await app.NewClient().GetAsync("/wijkportaal?nu=true&wijk=WK034408");
            Assert.Contains("Wandelgroep Kanaleneiland", page.Text);
            Assert.DoesNotContain("Peuterzwemmen", page.Text);
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Drafts_and_archived_entries_are_never_public()
    {
        Assert.DoesNotContain("Geheime wandelclub", await ApiNamesAsync("q=wandel"));
        Assert.DoesNotContain("Oude wandelroute", await ApiNamesAsync("wijk=WK034408"));
        var all = await ApiNamesAsync("");
        Assert.DoesNotContain("Geheime wandelclub", all);
        var page = await PageAsync("/wijkportaal?q=geheime");
        Assert.DoesNotContain("Geheime wandelclub", page.Text);
        Assert.Equal(HttpStatusCode.NotFound, (await PageAsync($"/wijkportaal/dienst/{app.Ids["draft"]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PageAsync($"/wijkportaal/dienst/{app.Ids["archived"]}")).Status);
        var overview = await PageAsync("/wijkportaal/wijk/WK034408/overzicht");
        Assert.DoesNotContain("Geheime wandelclub", overview.Text);
    }

    [Fact]
    public async Task Search_page_works_without_javascript_and_escapes_html()
    {
        var page = await PageAsync("/wijkportaal?q=wandelen&wijk=WK034408&gratis=true&dag=TU&kaart=uit");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("get", page.Html.QuerySelector("form[role=search]")!.GetAttribute("method"));
        Assert.Equal("1 resultaat", page.Html.QuerySelector("#results-title")!.TextContent.Trim());
        Assert.NotNull(page.Html.QuerySelector($"a[href='/wijkportaal/dienst/{app.Ids["wandel"]}']"));
        Assert.Null(page.Html.QuerySelector("#portal-map"));
        Assert.Null(page.Html.QuerySelector("script[src*=leaflet]"));

        var html = await PageAsync("/wijkportaal?q=buurtkamer");
        var raw = await html.Response.Content.ReadAsStringAsync();
        Assert.Contains("Buurtkamer", html.Text);
        Assert.DoesNotContain("<script>alert", raw);
        Assert.DoesNotContain("<img src=x", raw);
        Assert.Contains("&lt;script&gt;", raw);
        var detail = await PageAsync($"/wijkportaal/dienst/{app.Ids["html"]}");
        var detailRaw = await detail.Response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<img src=x", detailRaw);
        Assert.DoesNotContain("<script>alert", detailRaw);
        Assert.Contains("<script>alert('x')</script> Buurtkamer", await app.DbAsync(db => Task.FromResult(db.SmServices.Single(s => s.Id == app.Ids["html"]).Name)));
    }

    [Theory]
    [InlineData("wijk=WK999999", "wijk", "Deze wijk kennen we niet")]
    [InlineData("thema=astrologie", "thema", "Dit thema kennen we niet")]
    [InlineData("doelgroep=marsmannetjes", "doelgroep", "Deze groep kennen we niet")]
    [InlineData("dag=XX", "dag", "Kies een dag")]
    [InlineData("tijd=25:99", "tijd", "Vul een tijd in")]
    [InlineData("leeftijd=-4", "leeftijd", "Vul een leeftijd in")]
    [InlineData("leeftijd=99999999999999", "leeftijd", "Vul een leeftijd in")]
    [InlineData("vorm=teleportatie", "vorm", "Kies in de wijk of online")]
    [InlineData("p=0", "p", "Kies een pagina")]
    [InlineData("gratis=misschien", "gratis", "Gebruik true of false")]
    public async Task Absurd_filter_values_get_a_clear_message_on_the_page(string query, string field, string message)
    {
        var page = await PageAsync("/wijkportaal?" + query);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var summary = page.Html.QuerySelector(".error-summary");
        Assert.NotNull(summary);
        Assert.Contains(message, summary!.TextContent);
        Assert.Equal($"#{field}", summary.QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(page.Html.QuerySelector("#results-title"));
    }

    [Theory]
    [InlineData("wijk=WK999999", "wijk")]
    [InlineData("day=Tuesday", "day")]
    [InlineData("age=abc", "age")]
    [InlineData("time=noon", "time")]
    [InlineData("openNow=perhaps", "openNow")]
    [InlineData("page=100000", "page")]
    public async Task Absurd_filter_values_get_a_validation_problem_in_the_api(string query, string field)
    {
        await app.SeedAsync();
        var response = await app.CreateClient().GetAsync("/api/v1/socialmap/search?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("/problems/validation", json["type"]!.GetValue<string>());
        Assert.NotNull(json["errors"]![field]);
    }

    [Fact]
    public async Task Overly_long_query_is_refused_with_a_message()
    {
        var page = await PageAsync("/wijkportaal?q=" + new string('a', 500));
        Assert.Contains("hoogstens 200 tekens", page.Html.QuerySelector(".error-summary")!.TextContent);
    }

    [Fact]
    public async Task Detail_page_carries_schema_org_json_ld()
    {
        var page = await PageAsync($"/wijkportaal/dienst/{app.Ids["wandel"]}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Nog niet gecontroleerd", page.Html.QuerySelector(".portal-checked")!.TextContent.Trim());
        var script = page.Html.QuerySelector("script[type='application/ld+json']")!.TextContent;
        var json = JsonNode.Parse(script)!;
        Assert.Equal("https://schema.org", json["@context"]!.GetValue<string>());
        Assert.Equal("Service", json["@type"]!.GetValue<string>());
        Assert.Equal("Wandelgroep Kanaleneiland", json["name"]!.GetValue<string>());
        var hours = json["hoursAvailable"]![0]!;
        Assert.Equal("https://schema.org/Tuesday", hours["dayOfWeek"]![0]!.GetValue<string>());
        Assert.Equal("10:00", hours["opens"]!.GetValue<string>());
        Assert.Equal(0m, json["offers"]!["price"]!.GetValue<decimal>());

        // Text that tries to close the script element stays inside the JSON string.
        var html = await PageAsync($"/wijkportaal/dienst/{app.Ids["html"]}");
        var ld = html.Html.QuerySelector("script[type='application/ld+json']")!.TextContent;
        Assert.Equal("<script>alert('x')</script> Buurtkamer", JsonNode.Parse(ld)!["name"]!.GetValue<string>());
        Assert.DoesNotContain("</script>", ld);
    }

    [Fact]
    public async Task Printable_overview_lists_the_wijk_by_theme()
    {
        var page = await PageAsync("/wijkportaal/wijk/WK034408/overzicht");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Wat is er in Kanaleneiland", page.Html.QuerySelector("h1")!.TextContent);
        Assert.Contains("Wandelgroep Kanaleneiland", page.Text);
        Assert.Contains("Beweegapp Fit", page.Text);
        Assert.DoesNotContain("Wandelclub Leidsche Rijn", page.Text);
        Assert.DoesNotContain("Café Samen", page.Text);
        Assert.Contains("Leefstijl dicht bij huis", page.Html.QuerySelectorAll("h2").Select(h => h.TextContent));
        Assert.Equal(HttpStatusCode.NotFound, (await PageAsync("/wijkportaal/wijk/WK999999/overzicht")).Status);
    }

    [Fact]
    public async Task Search_api_pages_and_is_in_the_openapi_document()
    {
        await app.SeedAsync();
        var response = await app.CreateClient().GetAsync("/api/v1/socialmap/search?wijk=WK034408&page=1");
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(json["items"]!.AsArray().Count, Math.Min(json["total"]!.GetValue<int>(), 20));
        var openapi = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        using var doc = JsonDocument.Parse(openapi);
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/socialmap/search", out _));
        Assert.True(paths.TryGetProperty("/api/v1/socialmap/suggestions", out _));
        Assert.True(paths.TryGetProperty("/api/v1/socialmap/suggestions/{id}/review", out _));
    }

    [Fact]
    public async Task Index_follows_changes_made_behind_its_back()
    {
        await app.SeedAsync();
        var id = await app.AddServiceAsync(new("Tuinclub Hoograven") { Description = "Moestuinieren", WijkCode = "WK034405" });
        Assert.Equal(["Tuinclub Hoograven"], await ApiNamesAsync("q=moestuin"));
        // A writer that does not call the index (an import, say): the next sync picks up the new LastModified.
        await app.DbAsync(async db =>
        {
            var s = db.SmServices.Single(x => x.Id == id);
            s.Description = "Groente kweken";
            s.LastModified = s.LastModified.AddSeconds(1);
            await db.SaveChangesAsync();
        });
        await app.SyncSearchAsync();
        Assert.Empty(await ApiNamesAsync("q=moestuin"));
        Assert.Equal(["Tuinclub Hoograven"], await ApiNamesAsync("q=groente"));
        await app.DbAsync(async db =>
        {
            db.SmServices.Single(x => x.Id == id).Publication = Publication.Archived;
            await db.SaveChangesAsync();
        });
        await app.SyncSearchAsync();
        Assert.Empty(await ApiNamesAsync("q=groente"));
    }
}
