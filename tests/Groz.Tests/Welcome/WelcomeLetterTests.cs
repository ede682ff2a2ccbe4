using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Groz.Tests.Regions;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Monitoring;
using Groz.Web.Features.Welcome;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Welcome;

public sealed class WelcomeLetterTests(WelcomeApp app) : IClassFixture<WelcomeApp>
{
    private static MultipartFormDataContent Upload(string csv, string token, bool bom = false)
    {
        var bytes = (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "Upload", "adressen.csv" }, { new StringContent(token), "__RequestVerificationToken" } };
    }

    private async Task<(HttpResponseMessage Response, string Html)> UploadAsync(FormClient client, string slug, string csv, bool bom = false)
    {
        var token = await client.AntiforgeryTokenAsync($"/beheer/welkom/{slug}");
        var response = await client.Http.PostAsync($"/beheer/welkom/{slug}", Upload(csv, token, bom));
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_csv_with_broken_rows_reports_each_with_its_line_and_reason_and_makes_letters_of_the_rest()
    {
        using var client = await app.ClientForAsync(DemoData.DemoEmail(GrozRole.Coordinator, "leidsche-rijn"));
        const string csv = "straat;huisnummer;toevoeging;postcode;plaats\n"
            + "Nieuwbouwlaan;21;;3541 AB;Utrecht\n"      // 2: good
            + ";22;;3541 AB;Utrecht\n"                   // 3: no street
            + "Nieuwbouwlaan;twee;;3541 AB;Utrecht\n"    // 4: house number
            + "Nieuwbouwlaan;23;;35411AB;Utrecht\n"      // 5: postcode
            + "Kanaalstraat;9;;3526 KA;Utrecht\n"        // 6: a wijk of another leerregio
            + "\"Parkwijkpad; hoek\";4;b;3542cd;Utrecht\n" // 7: good (quoted ; and lowercase postcode)
            + "Nieuwbouwlaan;21;;3541AB;Utrecht\n"       // 8: same address as line 2
            + "Veldhuizerweg;1;;3452 EF;\n";             // 9: no place
        var lettersBefore = await app.DbAsync(db => db.WelcomeLetters.CountAsync());
        var (response, html) = await UploadAsync(client, "leidsche-rijn", csv, bom: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2 brieven gemaakt, 6 regels overgeslagen.", html, StringComparison.Ordinal);
        foreach (var (line, reason) in new[] { (3, "De straat is leeg."), (4, "Het huisnummer is geen getal."), (5, "De postcode is niet zoals 3541 AB."),
            (6, "De postcode ligt niet in een wijk van deze leerregio."), (8, "Dit adres staat al in het bestand."), (9, "De plaats is leeg") })
        {
            Assert.Matches($"<th scope=\"row\">{line}</th><td>{reason}", html);
        }
        var letters = await app.DbAsync(db => db.WelcomeLetters.OrderByDescending(x => x.Id).Take(2).OrderBy(x => x.Id).ToListAsync());
        Assert.Equal(lettersBefore + 2, await app.DbAsync(db => db.WelcomeLetters.CountAsync()));
        Assert.Equal(("Nieuwbouwlaan", "21", "3541 AB"), (letters[0].Street, letters[0].HouseNumber, letters[0].Postcode));
        Assert.Equal(("Parkwijkpad; hoek", "4 b", "3542 CD"), (letters[1].Street, letters[1].HouseNumber, letters[1].Postcode));
        Assert.All(letters, x => Assert.Matches("^[A-HJ-NP-Z2-9]{8}$", x.Code));

        // The printable letters: one per address, Dutch and English, the code and a QR code of the link.
        var print = await client.GetAsync($"/beheer/welkom/leidsche-rijn/brieven/{letters[0].BatchId}");
        Assert.Equal(HttpStatusCode.OK, print.Status);
        var articles = print.Html.QuerySelectorAll("article.welcome-letter");
        Assert.Equal(2, articles.Length);
        Assert.Contains(WelcomeRoutes.ShowLetterCode(letters[0].Code), articles[0].TextContent, StringComparison.Ordinal);
        Assert.NotNull(articles[0].QuerySelector("section[lang=nl]"));
        Assert.NotNull(articles[0].QuerySelector("section[lang=en]"));
        Assert.StartsWith("data:image/png;base64,", articles[0].QuerySelector("img")!.GetAttribute("src"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Kies een CSV-bestand met de nieuwe adressen.")]
    [InlineData("straat;huisnummer;postcode;plaats\n", "Het bestand heeft geen regels.")]
    [InlineData("straat,huisnummer,plaats\nA,1,Utrecht\n", "In het bestand ontbreken de kolommen: postcode.")]
    public async Task A_file_that_is_not_a_list_of_addresses_is_refused_as_a_whole(string csv, string message)
    {
        using var client = await app.ClientForAsync(DemoData.DemoEmail(GrozRole.Coordinator, "utrecht"));
        var before = await app.DbAsync(db => db.WelcomeLetterBatches.CountAsync());
        var (response, html) = await UploadAsync(client, "utrecht", csv);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(before, await app.DbAsync(db => db.WelcomeLetterBatches.CountAsync()));
    }

    [Fact]
    public async Task The_letter_code_opens_the_route_for_its_wijk_without_a_login_and_counts_once_in_the_monitor()
    {
        using var coordinator = await app.ClientForAsync(DemoData.DemoEmail(GrozRole.Coordinator, "utrecht"));
        await UploadAsync(coordinator, "utrecht", "straat,huisnummer,postcode,plaats\nBiltstraat,300,3581 AB,Utrecht\nBiltstraat,302,3581 AB,Utrecht\n");
        var codes = await app.DbAsync(db => db.WelcomeLetters.OrderByDescending(x => x.Id).Take(2).Select(x => x.Code).ToListAsync());
        var oost = await app.WijkIdAsync("WK034405");
        var lr = await app.LeerregioIdAsync("utrecht");
        var month = PlatformIndicators.MonthOf(app.Clock.GetUtcNow());
        var reachedBefore = await ReachedAsync(lr, oost, month);

        using var resident = app.NewClient();
        // Typed from paper, with a dash and in lower case.
        var typed = await resident.GetAsync("/welkom/brief?code=" + WelcomeRoutes.ShowLetterCode(codes[0]).ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Redirect, typed.Status);
        var form = await resident.FollowAsync(typed);
        Assert.Contains("Utrecht Oost", form.Html.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("WK034405", form.Html.QuerySelector("#Input_Wijk option[selected]")!.GetAttribute("value"));
        var posted = await resident.SubmitAsync(form, new Dictionary<string, string> { ["Input.Interests[]"] = "leefstijl" });
        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        // The second letter is only scanned: used, no route.
        Assert.Equal(HttpStatusCode.Redirect, (await resident.GetAsync("/welkom/brief/" + codes[1])).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await resident.GetAsync("/welkom/brief/" + codes[1])).Status);

        var used = await app.DbAsync(db => db.WelcomeLetters.Where(x => codes.Contains(x.Code)).Select(x => x.UsedAt).ToListAsync());
        Assert.All(used, u => Assert.NotNull(u));
        Assert.True(await app.DbAsync(db => db.WelcomeRoutes.AnyAsync(r => r.LetterId != null && r.WijkId == oost)));
        // Route via letter 1 counts once, letter 2 (used, no route) once: two residents reached.
        Assert.Equal(reachedBefore + 2, await ReachedAsync(lr, oost, month));

        var wrong = await resident.GetAsync("/welkom/brief/ZZZZ-ZZZZ");
        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        Assert.NotNull(wrong.Html.QuerySelector("#Code-error"));
    }

    private async Task<decimal> ReachedAsync(int leerregioId, int wijkId, DateOnly month)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PlatformIndicators>().ComputeAsync(leerregioId, month);
        return await app.DbAsync(db => db.IndicatorValues.Where(v => v.Indicator!.Code == WelcomeReach.IndicatorCode && v.WijkId == wijkId && v.PeriodStart == month)
            .Select(v => v.Value ?? 0).SingleAsync());
    }

    // Pages: idx = /beheer/welkom/utrecht · prt = …/brieven/{utrecht batch} · use = …/{utrecht batch} (which codes were used) · API: list = GET letters?leerregio=utrecht ·
    // imp = POST letters?leerregio=utrecht (empty body: 400 once allowed) · get = GET letters/{utrecht batch}
    private static readonly string[] Matrix =
    [
        // member                | idx  prt  use  | list imp  get
        "Resident                | 404  404  404  | 403  403  404",
        "Volunteer               | 404  404  404  | 403  403  404",
        "Buurtassistent          | 404  404  404  | 403  403  404",
        "Professional            | 404  404  404  | 403  403  404",
        "Researcher              | 404  404  404  | 403  403  404",
        "Coordinator             | ok   ok   ok   | 200  400  200",
        "Administrator           | ok   ok   ok   | 200  400  200",
        "InstallationAdmin       | ok   ok   ok   | 200  400  200",
        "CoordinatorLeidscheRijn | 404  404  404  | 403  403  404",
        "Anonymous               | in   in   in   | 401  401  401",
    ];

    public static TheoryData<string> Members => new(Matrix.Select(row => row.Split('|')[0].Trim()));

    [Theory]
    [MemberData(nameof(Members))]
    public async Task Letters_are_for_the_coordinators_of_their_leerregio_only(string member)
    {
        var row = Matrix.Single(r => r.Split('|')[0].Trim() == member).Split('|');
        var email = member switch
        {
            "Anonymous" => null,
            "InstallationAdmin" => DemoData.InstallationAdminEmail,
            "CoordinatorLeidscheRijn" => DemoData.DemoEmail(GrozRole.Coordinator, "leidsche-rijn"),
            _ => DemoData.DemoEmail(Enum.Parse<GrozRole>(member), "utrecht"),
        };
        var lr = await app.LeerregioIdAsync("utrecht");
        var batch = await app.DbAsync(db => db.WelcomeLetterBatches.Where(b => b.LeerregioId == lr).Select(b => b.Id).FirstAsync());
        var before = await app.DbAsync(db => db.WelcomeLetters.CountAsync());
        using var client = await app.ClientForAsync(email);
        var pages = new List<string>();
        foreach (var url in new[] { "/beheer/welkom/utrecht", $"/beheer/welkom/utrecht/brieven/{batch}", $"/beheer/welkom/utrecht/{batch}" })
        {
            var r = await client.Http.GetAsync(url);
            pages.Add(r.StatusCode switch
            {
                HttpStatusCode.OK => "ok",
                HttpStatusCode.Redirect when r.Headers.Location!.OriginalString.Contains("/account/inloggen", StringComparison.Ordinal) => "in",
                var s => ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        var token = email is null ? null : await app.TokenForAsync(email, ["read", "write"]);
        using var api = app.NewClient();
        var calls = new List<string>();
        foreach (var (method, url) in new[] { (HttpMethod.Get, "/api/v1/welcome/letters?leerregio=utrecht"), (HttpMethod.Post, "/api/v1/welcome/letters?leerregio=utrecht"), (HttpMethod.Get, $"/api/v1/welcome/letters/{batch}") })
        {
            calls.Add(((int)(await api.SendJsonAsync(method, url, null, bearer: token)).StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal(string.Join(' ', row[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)), string.Join(' ', pages));
        Assert.Equal(string.Join(' ', row[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)), string.Join(' ', calls));
        Assert.Equal(before, await app.DbAsync(db => db.WelcomeLetters.CountAsync()));
    }

    [Fact]
    public async Task Each_leerregio_sees_only_its_own_letter_batches_and_letters()
    {
        var utrecht = await app.LeerregioIdAsync("utrecht");
        var token = await app.TokenForAsync(DemoData.DemoEmail(GrozRole.Coordinator, "leidsche-rijn"), ["read", "write"]);
        using var api = app.NewClient();
        var list = await (await api.SendJsonAsync(HttpMethod.Get, "/api/v1/welcome/letters?leerregio=leidsche-rijn", null, bearer: token)).Content.ReadFromJsonAsync<JsonElement>();
        var ids = list.EnumerateArray().Select(b => b.GetProperty("id").GetInt32()).ToList();
        Assert.NotEmpty(ids);
        var utrechtBatches = await app.DbAsync(db => db.WelcomeLetterBatches.Where(b => b.LeerregioId == utrecht).Select(b => b.Id).ToListAsync());
        Assert.Empty(ids.Intersect(utrechtBatches));
        foreach (var id in utrechtBatches)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/welcome/letters/{id}", null, bearer: token)).StatusCode);
        }
        // Through the API, a utrecht address is a broken row in leidsche-rijn, not a letter there.
        using var import = new HttpRequestMessage(HttpMethod.Post, "/api/v1/welcome/letters?leerregio=leidsche-rijn")
        {
            Content = new StringContent("straat,huisnummer,postcode,plaats\nLinnaeuslaan,7,3526 KB,Utrecht\nNieuwbouwlaan,40,3541 AB,Utrecht\n", Encoding.UTF8, "text/csv"),
        };
        import.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await api.Http.SendAsync(import);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("batch").GetProperty("letters").GetInt32());
        Assert.Equal(2, body.GetProperty("errors")[0].GetProperty("line").GetInt32());
        var lr = await app.LeerregioIdAsync("leidsche-rijn");
        Assert.False(await app.DbAsync(db => db.WelcomeLetters.AnyAsync(x => x.LeerregioId == lr && x.Postcode.StartsWith("3526"))));
    }

    [Fact]
    public async Task The_batch_page_lists_each_letter_with_its_code_and_whether_and_when_it_was_used_a_page_at_a_time()
    {
        using var coordinator = await app.ClientForAsync(DemoData.DemoEmail(GrozRole.Coordinator, "utrecht"));
        var csv = new StringBuilder("straat,huisnummer,postcode,plaats\n");
        for (var n = 1; n <= 130; n++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Biltstraat,{n},3581 AB,Utrecht\n");
        }
        await UploadAsync(coordinator, "utrecht", csv.ToString());
        var batch = await app.DbAsync(db => db.WelcomeLetterBatches.OrderByDescending(b => b.Id).FirstAsync());
        Assert.Equal(130, batch.Letters);
        var letters = await app.DbAsync(db => db.WelcomeLetters.Where(x => x.BatchId == batch.Id).OrderBy(x => x.Id).ToListAsync());

        // Two residents type their code.
        using var resident = app.NewClient();
        foreach (var x in new[] { letters[4], letters[120] })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await resident.GetAsync("/welkom/brief/" + x.Code)).Status);
        }

        var index = await coordinator.GetAsync("/beheer/welkom/utrecht");
        Assert.NotNull(index.Html.QuerySelector($"a[href='/beheer/welkom/utrecht/{batch.Id}']"));
        var page = await coordinator.GetAsync($"/beheer/welkom/utrecht/{batch.Id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("130 brieven, 2 codes gebruikt, 128 nog niet gebruikt.", page.Text, StringComparison.Ordinal);
        var rows = page.Html.QuerySelectorAll("table tbody tr");
        Assert.Equal(Groz.Web.Features.Welcome.Manage.BatchModel.PageSize, rows.Length);
        Assert.Equal("Biltstraat 1, 3581 AB Utrecht", rows[0].QuerySelector("th[scope=row]")!.TextContent);
        Assert.Equal(WelcomeRoutes.ShowLetterCode(letters[0].Code), rows[0].QuerySelector("code")!.TextContent);
        Assert.Equal("Nog niet", rows[0].QuerySelectorAll("td")[1].TextContent);
        Assert.StartsWith("Ja, op ", rows[4].QuerySelectorAll("td")[1].TextContent, StringComparison.Ordinal);

        // The second page holds the rest, the filter shows only the used or unused ones.
        var next = await coordinator.GetAsync(page.Html.QuerySelector("nav .pager a")!.GetAttribute("href")!);
        Assert.Equal(30, next.Html.QuerySelectorAll("table tbody tr").Length);
        var used = await coordinator.GetAsync($"/beheer/welkom/utrecht/{batch.Id}?show=used");
        Assert.Equal(["Biltstraat 5, 3581 AB Utrecht", "Biltstraat 121, 3581 AB Utrecht"],
            used.Html.QuerySelectorAll("table tbody th[scope=row]").Select(th => th.TextContent).ToArray());
        Assert.Equal("used", used.Html.QuerySelector("#show option[selected]")!.GetAttribute("value"));
        var unused = await coordinator.GetAsync($"/beheer/welkom/utrecht/{batch.Id}?show=unused&p=1");
        Assert.Equal(28, unused.Html.QuerySelectorAll("table tbody tr").Length);
        Assert.DoesNotContain(unused.Html.QuerySelectorAll("table tbody th[scope=row]"), th => th.TextContent == "Biltstraat 121, 3581 AB Utrecht");
        // Nonsense in the query string is read as the first page of all letters, not an error.
        var odd = await coordinator.GetAsync($"/beheer/welkom/utrecht/{batch.Id}?show=iets&p=-4");
        Assert.Equal(HttpStatusCode.OK, odd.Status);
        Assert.Equal(Groz.Web.Features.Welcome.Manage.BatchModel.PageSize, odd.Html.QuerySelectorAll("table tbody tr").Length);

        // The used ones as a file for a spreadsheet: Dutch ";" with a BOM, one line per letter, the code as printed.
        Assert.Equal($"/beheer/welkom/utrecht/{batch.Id}?handler=csv&show=used", used.Html.QuerySelector("a[download]")!.GetAttribute("href"));
        var file = await coordinator.Http.GetAsync($"/beheer/welkom/utrecht/{batch.Id}?handler=csv&show=used");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
        var bytes = await file.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Adres;Postcode;Plaats;Code;Gebruikt op", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"Biltstraat 5;3581 AB;Utrecht;{WelcomeRoutes.ShowLetterCode(letters[4].Code)};20", lines[1], StringComparison.Ordinal);
        var everything = await coordinator.Http.GetAsync($"/beheer/welkom/utrecht/{batch.Id}?handler=csv");
        Assert.Equal(131, Encoding.UTF8.GetString(await everything.Content.ReadAsByteArrayAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // Another leerregio's coordinator finds it neither under Utrecht nor under their own leerregio.
        using var other = await app.ClientForAsync(DemoData.DemoEmail(GrozRole.Coordinator, "leidsche-rijn"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/beheer/welkom/utrecht/{batch.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/beheer/welkom/leidsche-rijn/{batch.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/beheer/welkom/leidsche-rijn/{batch.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/beheer/welkom/utrecht/{batch.Id}?handler=csv")).StatusCode);
        using var visitor = app.NewClient();
        Assert.NotEqual(HttpStatusCode.OK, (await visitor.Http.GetAsync($"/beheer/welkom/utrecht/{batch.Id}?handler=csv")).StatusCode);
    }
}
