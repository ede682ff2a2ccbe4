using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Groz.Tests.Support;
using Groz.Tests.TimeBank;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Knowledge;

/// <summary>The app with a small upload limit, so that an oversized file is cheap to make.</summary>
public sealed class KnowledgeApp : TimeBankApp
{
    public const int MaxUpload = 300_000;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Knowledge:MaxUploadBytes", MaxUpload.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public int StoredFiles => Directory.Exists(UploadDirectory) ? Directory.GetFiles(UploadDirectory).Length : 0;

    public Task<int> DocumentCountAsync() => DbAsync(db => db.KnowledgeDocuments.CountAsync());

    public Task<int> VersionCountAsync() => DbAsync(db => db.KnowledgeVersions.CountAsync());
}

/// <summary>Files made in the test: a Word file with OpenXml, a zip bomb, disguised files.</summary>
public static class Files
{
    public static byte[] Docx(string text)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body(new Paragraph(new Run(new Text(text)))));
        }
        return ms.ToArray();
    }

    /// <summary>A .docx-shaped zip whose one extra part unpacks from a few kB to 50 MB of zeros.</summary>
    public static byte[] ZipBombDocx()
    {
        var docx = Docx("klein");
        using var ms = new MemoryStream();
        ms.Write(docx);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.CreateEntry("word/media/bomb.bin", CompressionLevel.SmallestSize);
            using var s = entry.Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 50; i++)
            {
                s.Write(zeros);
            }
        }
        return ms.ToArray();
    }

    /// <summary>A Windows executable's start (MZ header) under a .pdf name.</summary>
    public static byte[] Exe() => [.. "MZ"u8.ToArray(), .. new byte[400], .. "This program cannot be run in DOS mode."u8.ToArray()];

    public static byte[] PdfWithJavaScript()
    {
        var pdf = Encoding.Latin1.GetString(KnowledgeSamples.Pdf("Gewoon een document"));
        // An OpenAction with JavaScript, as a malicious PDF carries it (the scan looks for the names, also #-escaped).
        return Encoding.Latin1.GetBytes(pdf.Replace("%%EOF", "9 0 obj << /Type /Action /S /Java#53cript /JS (app.alert(1)) >> endobj\n%%EOF", StringComparison.Ordinal));
    }
}

public sealed class KnowledgeTests(KnowledgeApp app) : IClassFixture<KnowledgeApp>
{
    private static MultipartFormDataContent Form(IDictionary<string, string> fields, byte[]? file = null, string fileName = "bestand.pdf")
    {
        var form = new MultipartFormDataContent();
        foreach (var (k, v) in fields)
        {
            foreach (var part in k == "themes" ? v.Split(',') : [v])
            {
                form.Add(new StringContent(part), k);
            }
        }
        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(content, "file", fileName);
        }
        return form;
    }

    private static Dictionary<string, string> Fields(string title, string sharing = "Leerregio", string leerregio = "utrecht", string kind = "ProjectPlan") => new()
    {
        ["leerregio"] = leerregio, ["title"] = title, ["kind"] = kind, ["sharing"] = sharing, ["themes"] = "leefstijl,sociale-basis",
    };

    private async Task<HttpResponseMessage> PostAsync(GrozRole role, string url, MultipartFormDataContent form, string leerregio = "utrecht")
    {
        using var client = app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(role, leerregio));
        return await client.Http.SendAsync(request);
    }

    private async Task<JsonElement> GetJsonAsync(GrozRole role, string url, string leerregio = "utrecht", HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var client = app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(role, leerregio));
        var response = await client.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<int> CreateAsync(string title, byte[] file, string fileName, string sharing = "Leerregio")
    {
        var response = await PostAsync(GrozRole.Coordinator, "/api/v1/knowledge/documents", Form(Fields(title, sharing), file, fileName));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task Search_finds_a_word_inside_an_uploaded_pdf_and_a_docx_with_a_snippet()
    {
        await CreateAsync("Plan met pdf", KnowledgeSamples.Pdf("Dit plan gaat over de zwemvijver bij het park."), "plan.pdf");
        await CreateAsync("Plan met docx", Files.Docx("In de wijk komt een groentetuinproject voor iedereen."), "plan.docx");

        var pdf = await GetJsonAsync(GrozRole.Resident, "/api/v1/knowledge/documents?q=zwemvijver");
        var hit = Assert.Single(pdf.GetProperty("items").EnumerateArray());
        Assert.Equal("Plan met pdf", hit.GetProperty("title").GetString());
        Assert.Contains("zwemvijver", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        var docx = await GetJsonAsync(GrozRole.Resident, "/api/v1/knowledge/documents?q=groentetuinproject");
        Assert.Equal("Plan met docx", Assert.Single(docx.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());

        // The page finds it too, for a member of the leerregio, and marks the word.
        using var client = app.NewClient();
        await client.SignInAsync(TimeBankApp.Email(GrozRole.Resident));
        var page = await client.GetAsync("/kennisbank?q=zwemvijver");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("zwemvijver", page.Html.QuerySelector(".kb-results mark")?.TextContent);
    }

    [Theory]
    [InlineData("exe", "upload-unknown-type", 415)]
    [InlineData("script", "upload-pdf-script", 422)]
    [InlineData("large", "upload-too-large", 413)]
    [InlineData("bomb", "upload-zip-bomb", 422)]
    [InlineData("fakedocx", "upload-unknown-type", 415)]
    public async Task Disguised_and_dangerous_files_are_refused_and_nothing_is_stored(string what, string code, int status)
    {
        var file = what switch
        {
            "exe" => Files.Exe(),
            "script" => Files.PdfWithJavaScript(),
            "large" => [.. KnowledgeSamples.Pdf("groot"), .. new byte[KnowledgeApp.MaxUpload]],
            "bomb" => Files.ZipBombDocx(),
            _ => Encoding.UTF8.GetBytes("PK\u0003\u0004 not really a zip"),
        };
        var (docs, versions, stored) = (await app.DocumentCountAsync(), await app.VersionCountAsync(), app.StoredFiles);
        var response = await PostAsync(GrozRole.Coordinator, "/api/v1/knowledge/documents", Form(Fields("Verdacht " + what), file, what == "bomb" ? "plan.docx" : "plan.pdf"));
        Assert.Equal(status, (int)response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("/problems/" + code, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal((docs, versions, stored), (await app.DocumentCountAsync(), await app.VersionCountAsync(), app.StoredFiles));
    }

    [Fact]
    public async Task A_disguised_file_on_the_page_gets_a_clear_message_linked_to_the_file_field()
    {
        using var client = app.NewClient();
        await app.SignInWithTwoFactorAsync(client, TimeBankApp.Email(GrozRole.Coordinator));
        var form = await client.GetAsync("/kennisbank/beheer/utrecht");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var token = ((AngleSharp.Html.Dom.IHtmlInputElement)form.Html.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!).Value;
        var before = await app.DocumentCountAsync();
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Programma"), "Input.Title" },
            { new StringContent("PilotIdea"), "Input.Kind" },
            { new StringContent("Leerregio"), "Input.Sharing" },
            { new ByteArrayContent(Files.PdfWithJavaScript()), "Upload", "programma.pdf" },
        };
        var response = await client.Http.PostAsync("/kennisbank/beheer/utrecht", content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.Contains("JavaScript", doc.QuerySelector("#Upload-error")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Upload-error", doc.QuerySelector("#Upload")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal(before, await app.DocumentCountAsync());

        // The same form with a real PDF makes the document and shows it.
        content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Programma najaar"), "Input.Title" },
            { new StringContent("PilotIdea"), "Input.Kind" },
            { new StringContent("Leerregio"), "Input.Sharing" },
            { new ByteArrayContent(KnowledgeSamples.Pdf("Programma met wandelingen")), "Upload", "programma.pdf" },
        };
        response = await client.Http.PostAsync("/kennisbank/beheer/utrecht", content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var detail = await client.GetAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("Programma najaar", detail.Html.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task A_new_version_keeps_the_old_one_downloadable_and_search_follows_the_new_text()
    {
        var id = await CreateAsync("Begroting buurthuis", KnowledgeSamples.Pdf("Eerste begroting met kapstokken."), "begroting.pdf");
        var bad = await PostAsync(GrozRole.Coordinator, $"/api/v1/knowledge/documents/{id}/versions", Form(new Dictionary<string, string>(), KnowledgeSamples.Pdf("x")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var response = await PostAsync(GrozRole.Professional, $"/api/v1/knowledge/documents/{id}/versions",
            Form(new Dictionary<string, string> { ["changeNote"] = "Paraplubakken toegevoegd" }, KnowledgeSamples.Pdf("Tweede begroting met paraplubakken."), "begroting-2.pdf"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var doc = await GetJsonAsync(GrozRole.Resident, $"/api/v1/knowledge/documents/{id}");
        Assert.Equal(2, doc.GetProperty("currentVersion").GetInt32());
        var versions = doc.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([2, 1], versions.Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal("Paraplubakken toegevoegd", versions[0].GetProperty("changeNote").GetString());

        using var client = app.NewClient();
        await client.SignInAsync(TimeBankApp.Email(GrozRole.Resident));
        var old = await client.Http.GetAsync(versions[1].GetProperty("download").GetString());
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal("application/pdf", old.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", old.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", old.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(KnowledgeSamples.Pdf("Eerste begroting met kapstokken.").Length, (await old.Content.ReadAsByteArrayAsync()).Length);

        Assert.Empty((await GetJsonAsync(GrozRole.Resident, "/api/v1/knowledge/documents?q=kapstokken")).GetProperty("items").EnumerateArray());
        Assert.Single((await GetJsonAsync(GrozRole.Resident, "/api/v1/knowledge/documents?q=paraplubakken")).GetProperty("items").EnumerateArray());
        // The detail page lists both versions with a download each.
        var page = await client.GetAsync($"/kennisbank/{id}");
        Assert.Equal(2, page.Html.QuerySelectorAll("table tbody tr").Length);
    }

    [Fact]
    public async Task Shared_documents_reach_every_leerregio_and_visitors_others_stay_in_their_leerregio()
    {
        var own = await CreateAsync("Alleen Utrecht plan", KnowledgeSamples.Pdf("Geheim woord vlinderstruik."), "a.pdf");
        var shared = await CreateAsync("Gedeeld plan", KnowledgeSamples.Pdf("Gedeeld woord bijenhotel."), "b.pdf", sharing: "AllLeerregios");
        var ownVersion = await app.DbAsync(db => db.KnowledgeVersions.Where(v => v.DocumentId == own).Select(v => v.Id).SingleAsync());

        Assert.Empty((await GetJsonAsync(GrozRole.Resident, "/api/v1/knowledge/documents?q=vlinderstruik", "leidsche-rijn")).GetProperty("items").EnumerateArray());
        Assert.Single((await GetJsonAsync(GrozRole.Resident, "/api/v1/knowledge/documents?q=bijenhotel", "leidsche-rijn")).GetProperty("items").EnumerateArray());
        await GetJsonAsync(GrozRole.Resident, $"/api/v1/knowledge/documents/{own}", "leidsche-rijn", HttpStatusCode.NotFound);

        using var other = app.NewClient();
        await other.SignInAsync(TimeBankApp.Email(GrozRole.Resident, "leidsche-rijn"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/kennisbank/{own}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/kennisbank/bestand/{ownVersion}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/kennisbank/{shared}")).Status);

        using var visitor = app.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/kennisbank/{own}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/kennisbank/{shared}")).Status);
        var list = await visitor.GetAsync("/kennisbank?q=bijenhotel");
        Assert.Single(list.Html.QuerySelectorAll(".kb-results li"));
    }

    [Theory]
    [InlineData(GrozRole.Resident, "utrecht", 403)]
    [InlineData(GrozRole.Volunteer, "utrecht", 403)]
    [InlineData(GrozRole.Researcher, "utrecht", 403)]
    [InlineData(GrozRole.Professional, "utrecht", 201)]
    [InlineData(GrozRole.Coordinator, "utrecht", 201)]
    [InlineData(GrozRole.Coordinator, "leidsche-rijn", 403)]
    public async Task Permission_matrix_for_adding_a_document_to_utrecht(GrozRole role, string from, int expected)
    {
        var before = await app.DocumentCountAsync();
        var response = await PostAsync(role, "/api/v1/knowledge/documents", Form(Fields("Matrix " + role + from), KnowledgeSamples.Pdf("matrix")), from);
        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(before + (expected == 201 ? 1 : 0), await app.DocumentCountAsync());
        // The manage page follows the same rule.
        using var client = app.NewClient();
        if (GrozRoles.RequiresTwoFactor(role))
        {
            await app.SignInWithTwoFactorAsync(client, TimeBankApp.Email(role, from));
        }
        else
        {
            await client.SignInAsync(TimeBankApp.Email(role, from));
        }
        Assert.Equal(expected == 201 ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync("/kennisbank/beheer/utrecht")).Status);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_and_changes_nothing()
    {
        var before = await app.DocumentCountAsync();
        var missing = await PostAsync(GrozRole.Coordinator, "/api/v1/knowledge/documents", Form(new Dictionary<string, string> { ["leerregio"] = "utrecht", ["kind"] = "Nonsense", ["sharing"] = "7", ["themes"] = "onbekend" }, KnowledgeSamples.Pdf("x")));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using (var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()))
        {
            var errors = problem.RootElement.GetProperty("errors");
            foreach (var field in new[] { "title", "kind", "sharing", "themes" })
            {
                Assert.True(errors.TryGetProperty(field, out _), field);
            }
        }
        var unknown = await PostAsync(GrozRole.Coordinator, "/api/v1/knowledge/documents", Form(Fields("x", leerregio: "atlantis"), KnowledgeSamples.Pdf("x")));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var nothing = await PostAsync(GrozRole.Coordinator, "/api/v1/knowledge/documents", Form(Fields("Zonder bestand")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.StatusCode);
        var deadlineOnPlan = await PostAsync(GrozRole.Coordinator, "/api/v1/knowledge/documents",
            Form(new Dictionary<string, string>(Fields("Plan")) { ["subsidyDeadline"] = "2026-13-01" }, KnowledgeSamples.Pdf("x")));
        Assert.Equal(HttpStatusCode.BadRequest, deadlineOnPlan.StatusCode);
        var search = await GetJsonAsync(GrozRole.Resident, "/api/v1/knowledge/documents?kind=Roman&theme=x", expected: HttpStatusCode.BadRequest);
        Assert.Equal("/problems/validation", search.GetProperty("type").GetString());
        Assert.Equal(before, await app.DocumentCountAsync());
    }

    [Fact]
    public async Task Markdown_is_rendered_without_scripts_or_unsafe_links()
    {
        var response = await PostAsync(GrozRole.Coordinator, "/api/v1/knowledge/documents", Form(new Dictionary<string, string>(Fields("Pagina", "AllLeerregios"))
        {
            ["markdown"] = "# Kop\n\n<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[klik](javascript:alert(3)) en [goed](https://example.org)\n\n<a href=\"https://example.org\" onclick=\"x()\">a</a>",
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        using var visitor = app.NewClient();
        var page = await visitor.GetAsync($"/kennisbank/{id}");
        var article = page.Html.QuerySelector("article.kb-page")!;
        Assert.Null(article.QuerySelector("script, img, [onclick], [onerror]"));
        Assert.Equal("Kop", article.QuerySelector("h2")?.TextContent);
        Assert.DoesNotContain("javascript:", article.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.All(article.QuerySelectorAll("a[href]"), a => Assert.Contains("noopener", a.GetAttribute("rel"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_data_has_documents_in_both_leerregios_and_a_subsidy_with_a_deadline()
    {
        var perLeerregio = await app.DbAsync(db => db.KnowledgeDocuments.Where(d => d.CreatedByUserId != "" && d.Title != "")
            .GroupBy(d => d.LeerregioId).Select(g => g.Count()).ToListAsync());
        Assert.True(perLeerregio.Count >= 2 && perLeerregio.All(n => n >= 2));
        var subsidy = await app.DbAsync(db => db.KnowledgeDocuments.FirstAsync(d => d.Kind == DocumentKind.Subsidy && d.SubsidyDeadline != null));
        Assert.Equal(25000m, subsidy.SubsidyAmount);
        // The demo PDF's text is searchable from the start.
        Assert.NotEmpty((await GetJsonAsync(GrozRole.Resident, "/api/v1/knowledge/documents?q=huiskamer")).GetProperty("items").EnumerateArray());
    }
}
