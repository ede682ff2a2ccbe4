using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Tests.TimeBank;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Knowledge;

/// <summary>
/// The learning environment: bouwsteen updates with attachments, responses, follows and the weekly digest, and the page
/// per leerregio. Through the API and the pages, with permission matrices, isolation between leerregio's and bad input.
/// </summary>
public sealed class LearningTests(KnowledgeApp app) : IClassFixture<KnowledgeApp>
{
    private static MultipartFormDataContent UpdateForm(string leerregio, string? bouwsteen, string? text, params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (k, v) in new[] { ("leerregio", leerregio), ("bouwsteen", bouwsteen), ("text", text) })
        {
            if (v is not null)
            {
                form.Add(new StringContent(v), k);
            }
        }
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(part, "files", name);
        }
        return form;
    }

    private async Task<HttpResponseMessage> SendAsync(GrozRole role, HttpMethod method, string url, HttpContent? content = null, string leerregio = "utrecht")
    {
        using var client = app.NewClient();
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(role, leerregio));
        return await client.Http.SendAsync(request);
    }

    private Task<HttpResponseMessage> JsonAsync(GrozRole role, HttpMethod method, string url, object? body, string leerregio = "utrecht") =>
        SendAsync(role, method, url, body is null ? null : System.Net.Http.Json.JsonContent.Create(body), leerregio);

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private Task<int> DocumentAsync(string title, string leerregio = "utrecht", KnowledgeSharing sharing = KnowledgeSharing.Leerregio,
        BouwsteenKind? bouwsteen = null, params string[] themes) => app.DbAsync(async db =>
    {
        var lr = await db.Leerregios.Where(l => l.Slug == leerregio).Select(l => l.Id).SingleAsync();
        var now = app.Clock.GetUtcNow();
        var d = new KnowledgeDocument
        {
            LeerregioId = lr, Title = title, Kind = DocumentKind.PilotIdea, Sharing = sharing, Format = KnowledgeFormat.Markdown, CurrentVersion = 1,
            CreatedByUserId = "test", Bouwsteen = bouwsteen, Themes = [.. themes], CreatedAt = now, UpdatedAt = now,
            Versions = [new KnowledgeVersion { Number = 1, CreatedByUserId = "test", Markdown = "Tekst", CreatedAt = now }],
        };
        db.KnowledgeDocuments.Add(d);
        await db.SaveChangesAsync();
        return d.Id;
    });

    private Task<(int Updates, int Attachments, int Comments)> CountsAsync() => app.DbAsync(async db =>
        (await db.BouwsteenUpdates.CountAsync(), await db.Set<UpdateAttachment>().CountAsync(), await db.Set<KnowledgeComment>().CountAsync()));

    [Theory]
    [InlineData(GrozRole.Resident, "utrecht", 403)]
    [InlineData(GrozRole.Volunteer, "utrecht", 403)]
    [InlineData(GrozRole.Researcher, "utrecht", 403)]
    [InlineData(GrozRole.Professional, "utrecht", 201)]
    [InlineData(GrozRole.Coordinator, "utrecht", 201)]
    [InlineData(GrozRole.Coordinator, "leidsche-rijn", 403)]
    public async Task Permission_matrix_for_posting_an_update_in_utrecht(GrozRole role, string from, int expected)
    {
        var before = await CountsAsync();
        var response = await SendAsync(role, HttpMethod.Post, "/api/v1/knowledge/updates", UpdateForm("utrecht", "Samenwerking", $"Matrix {role} {from}"), from);
        await BodyAsync(response, (HttpStatusCode)expected);
        Assert.Equal(before.Updates + (expected == 201 ? 1 : 0), (await CountsAsync()).Updates);
        // The post page follows the same rule.
        using var client = app.NewClient();
        if (GrozRoles.RequiresTwoFactor(role))
        {
            await app.SignInWithTwoFactorAsync(client, TimeBankApp.Email(role, from));
        }
        else
        {
            await client.SignInAsync(TimeBankApp.Email(role, from));
        }
        Assert.Equal(expected == 201 ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync("/leren/utrecht/bericht")).Status);
    }

    [Fact]
    public async Task An_update_carries_checked_attachments_shown_on_the_leerregio_page_and_disguised_files_are_refused()
    {
        var text = "Eerste bijeenkomst van de bouwsteen Monitoring " + Guid.NewGuid().ToString("N")[..6];
        var created = await BodyAsync(await SendAsync(GrozRole.Professional, HttpMethod.Post, "/api/v1/knowledge/updates",
            UpdateForm("utrecht", "Monitoring", text, ("verslag.pdf", KnowledgeSamples.Pdf("Verslag van de bijeenkomst")))), HttpStatusCode.Created);
        var attachment = Assert.Single(created.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/pdf", attachment.GetProperty("contentType").GetString());

        using var visitor = app.NewClient();
        var download = await visitor.Http.GetAsync(attachment.GetProperty("download").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        // The page of the leerregio shows it under its bouwsteen, for everyone.
        var page = await visitor.GetAsync("/leren/utrecht");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var article = page.Html.QuerySelector($"#update-{created.GetProperty("id").GetInt32()}");
        Assert.NotNull(article);
        Assert.Contains(text, article.TextContent, StringComparison.Ordinal);
        Assert.NotNull(article.QuerySelector($"a[href='{attachment.GetProperty("download").GetString()}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/leren/onbekend")).Status);

        // A program named .pdf, and four files: refused with the field named, nothing stored.
        var before = (await CountsAsync(), app.StoredFiles);
        var exe = await BodyAsync(await SendAsync(GrozRole.Professional, HttpMethod.Post, "/api/v1/knowledge/updates",
            UpdateForm("utrecht", "Monitoring", "Met een programma", ("verslag.pdf", Files.Exe()))), HttpStatusCode.BadRequest);
        Assert.True(exe.GetProperty("errors").TryGetProperty("attachments", out _));
        var pdf = KnowledgeSamples.Pdf("x");
        await BodyAsync(await SendAsync(GrozRole.Professional, HttpMethod.Post, "/api/v1/knowledge/updates",
            UpdateForm("utrecht", "Monitoring", "Vier", ("a.pdf", pdf), ("b.pdf", pdf), ("c.pdf", pdf), ("d.pdf", pdf))), HttpStatusCode.BadRequest);
        var bad = await BodyAsync(await SendAsync(GrozRole.Professional, HttpMethod.Post, "/api/v1/knowledge/updates",
            UpdateForm("utrecht", "Onbekend", "")), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("bouwsteen", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("text", out _));
        await BodyAsync(await SendAsync(GrozRole.Professional, HttpMethod.Post, "/api/v1/knowledge/updates", UpdateForm("nergens", "Monitoring", "x")), HttpStatusCode.NotFound);
        Assert.Equal(before, (await CountsAsync(), app.StoredFiles));
    }

    [Fact]
    public async Task Responses_stay_within_who_may_read_and_are_deleted_by_author_or_coordinator_only()
    {
        var own = await DocumentAsync("Alleen voor Utrecht");
        var shared = await DocumentAsync("Voor iedereen", sharing: KnowledgeSharing.AllLeerregios);
        var url = $"/api/v1/knowledge/documents/{own}/comments";

        var mine = await BodyAsync(await JsonAsync(GrozRole.Resident, HttpMethod.Post, url, new { text = "Goed idee! <script>alert(1)</script> **echt**" }), HttpStatusCode.Created);
        var id = mine.GetProperty("id").GetInt32();
        // Isolation: a member of the other leerregio cannot see or answer a document that is not shared.
        await BodyAsync(await JsonAsync(GrozRole.Resident, HttpMethod.Post, url, new { text = "Ik ook" }, "leidsche-rijn"), HttpStatusCode.NotFound);
        await BodyAsync(await JsonAsync(GrozRole.Resident, HttpMethod.Get, url, null, "leidsche-rijn"), HttpStatusCode.NotFound);
        // A shared document: leerregio's learn from each other.
        await BodyAsync(await JsonAsync(GrozRole.Resident, HttpMethod.Post, $"/api/v1/knowledge/documents/{shared}/comments", new { text = "Dit proberen wij ook" }, "leidsche-rijn"), HttpStatusCode.Created);

        // Bad input: empty and too long; nothing changes.
        var before = await CountsAsync();
        var empty = await BodyAsync(await JsonAsync(GrozRole.Resident, HttpMethod.Post, url, new { text = "  " }), HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("text", out _));
        await BodyAsync(await JsonAsync(GrozRole.Resident, HttpMethod.Post, url, new { text = new string('a', LearningEnvironment.MaxCommentChars + 1) }), HttpStatusCode.BadRequest);
        await BodyAsync(await JsonAsync(GrozRole.Resident, HttpMethod.Post, "/api/v1/knowledge/documents/999999/comments", new { text = "x" }), HttpStatusCode.NotFound);
        Assert.Equal(before, await CountsAsync());

        // On the page: the Markdown is rendered, the script is not; a visitor sees no names.
        using (var client = app.NewClient())
        {
            await client.SignInAsync(TimeBankApp.Email(GrozRole.Volunteer));
            var page = await client.GetAsync($"/kennisbank/{own}");
            var comment = page.Html.QuerySelector($"#reactie-{id}");
            Assert.NotNull(comment);
            Assert.Equal("echt", comment.QuerySelector(".kb-comment strong")?.TextContent);
            Assert.Null(comment.QuerySelector("script"));
            // Not the volunteer's own: no delete button.
            Assert.Null(comment.QuerySelector("form"));
        }
        using (var visitor = app.NewClient())
        {
            var page = await visitor.GetAsync($"/kennisbank/{shared}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Null(page.Html.QuerySelector(".kb-comment-list"));
        }

        // Delete: another resident may not (404, the same as unknown), a coordinator of the other leerregio neither; the author may.
        await BodyAsync(await JsonAsync(GrozRole.Volunteer, HttpMethod.Delete, $"/api/v1/knowledge/comments/{id}", null), HttpStatusCode.NotFound);
        await BodyAsync(await JsonAsync(GrozRole.Coordinator, HttpMethod.Delete, $"/api/v1/knowledge/comments/{id}", null, "leidsche-rijn"), HttpStatusCode.NotFound);
        await BodyAsync(await JsonAsync(GrozRole.Resident, HttpMethod.Delete, $"/api/v1/knowledge/comments/{id}", null), HttpStatusCode.NoContent);
        // A coordinator of the leerregio removes someone else's response.
        var other = await BodyAsync(await JsonAsync(GrozRole.Volunteer, HttpMethod.Post, url, new { text = "Weg ermee" }), HttpStatusCode.Created);
        await BodyAsync(await JsonAsync(GrozRole.Coordinator, HttpMethod.Delete, $"/api/v1/knowledge/comments/{other.GetProperty("id").GetInt32()}", null), HttpStatusCode.NoContent);
        var left = await BodyAsync(await JsonAsync(GrozRole.Resident, HttpMethod.Get, url, null), HttpStatusCode.OK);
        Assert.Equal(0, left.GetArrayLength());
    }

    [Fact]
    public async Task A_response_on_an_update_through_the_page_with_a_clear_message_when_empty()
    {
        var created = await BodyAsync(await SendAsync(GrozRole.Coordinator, HttpMethod.Post, "/api/v1/knowledge/updates", UpdateForm("utrecht", "Bekostiging", "Nieuwe fondsen gevonden")), HttpStatusCode.Created);
        var updateId = created.GetProperty("id").GetInt32();
        using var client = app.NewClient();
        await client.SignInAsync(TimeBankApp.Email(GrozRole.Resident));
        var page = await client.GetAsync("/leren/utrecht");
        var form = $"#update-{updateId} form[method=post]";
        var refused = await client.SubmitAsync(page, new Dictionary<string, string> { ["Comment.Text"] = "" }, form);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.NotNull(refused.Html.QuerySelector($"#error-comment-{updateId}"));
        Assert.NotNull(refused.Html.QuerySelector($".error-summary a[href='#comment-{updateId}']"));
        var before = await CountsAsync();
        var posted = await client.FollowAsync(await client.SubmitAsync(await client.GetAsync("/leren/utrecht"), new Dictionary<string, string> { ["Comment.Text"] = "Welke fondsen?" }, form));
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.Equal(before.Comments + 1, (await CountsAsync()).Comments);
        Assert.Contains("Welke fondsen?", posted.Html.QuerySelector($"#update-{updateId}")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follows_are_checked_and_the_follow_page_saves_and_stops()
    {
        await BodyAsync(await JsonAsync(GrozRole.Student, HttpMethod.Put, "/api/v1/knowledge/follows/planet/Mars", null), HttpStatusCode.BadRequest);
        await BodyAsync(await JsonAsync(GrozRole.Student, HttpMethod.Put, "/api/v1/knowledge/follows/theme/onbekend", null), HttpStatusCode.BadRequest);
        await BodyAsync(await JsonAsync(GrozRole.Student, HttpMethod.Put, "/api/v1/knowledge/follows/bouwsteen/DataIct", null), HttpStatusCode.OK);
        await BodyAsync(await JsonAsync(GrozRole.Student, HttpMethod.Put, "/api/v1/knowledge/follows/bouwsteen/DataIct", null), HttpStatusCode.OK);
        var list = await BodyAsync(await JsonAsync(GrozRole.Student, HttpMethod.Get, "/api/v1/knowledge/follows", null), HttpStatusCode.OK);
        Assert.Equal("DataIct", Assert.Single(list.EnumerateArray()).GetProperty("code").GetString());

        using var client = app.NewClient();
        await client.SignInAsync(TimeBankApp.Email(GrozRole.Student));
        var page = await client.GetAsync("/kennisbank/volgen");
        Assert.True(page.Html.QuerySelector("#bouwsteen-DataIct")?.HasAttribute("checked"));
        var saved = await client.FollowAsync(await client.SubmitAsync(page, new Dictionary<string, string> { ["Themes"] = "leefstijl" }, "main form.stack"));
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        var userId = await app.DbAsync(db => db.Users.Where(u => u.Email == TimeBankApp.Email(GrozRole.Student)).Select(u => u.Id).SingleAsync());
        Assert.Equal(2, await app.DbAsync(db => db.Set<KnowledgeFollow>().CountAsync(f => f.UserId == userId)));
        await client.SubmitAsync(saved, new Dictionary<string, string>(), "main form[action*='handler=stop']");
        Assert.Equal(0, await app.DbAsync(db => db.Set<KnowledgeFollow>().CountAsync(f => f.UserId == userId)));
        // Visitors are sent to sign in.
        using var visitor = app.NewClient();
        Assert.Contains("/account/inloggen", (await visitor.GetAsync("/kennisbank/volgen")).Location ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_weekly_digest_sends_what_is_new_once_nothing_when_empty_and_never_the_same_item_twice()
    {
        var email = TimeBankApp.Email(GrozRole.Volunteer, "leidsche-rijn");
        await BodyAsync(await JsonAsync(GrozRole.Volunteer, HttpMethod.Put, "/api/v1/knowledge/follows/theme/zorg-voor-elkaar", null, "leidsche-rijn"), HttpStatusCode.OK);
        await BodyAsync(await JsonAsync(GrozRole.Volunteer, HttpMethod.Put, "/api/v1/knowledge/follows/bouwsteen/LerendVermogen", null, "leidsche-rijn"), HttpStatusCode.OK);
        app.Clock.Offset += TimeSpan.FromMinutes(1);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await DocumentAsync("Mantelzorgcafé " + tag, "leidsche-rijn", KnowledgeSharing.Leerregio, null, "zorg-voor-elkaar");
        await DocumentAsync("Gedeeld leerplan " + tag, "utrecht", KnowledgeSharing.AllLeerregios, BouwsteenKind.LerendVermogen);
        // Not for this member: Utrecht's own, and a theme not followed.
        await DocumentAsync("Alleen Utrecht " + tag, "utrecht", KnowledgeSharing.Leerregio, BouwsteenKind.LerendVermogen, "zorg-voor-elkaar");
        await DocumentAsync("Ander thema " + tag, "leidsche-rijn", KnowledgeSharing.Leerregio, null, "leefstijl");
        await BodyAsync(await SendAsync(GrozRole.Professional, HttpMethod.Post, "/api/v1/knowledge/updates", UpdateForm("utrecht", "LerendVermogen", "Leerkring gestart " + tag)), HttpStatusCode.Created);

        app.Clock.Offset += TimeSpan.FromDays(1);
        await DigestAsync();
        var digests = Digests(email);
        var mail = Assert.Single(digests);
        Assert.Contains("Mantelzorgcafé " + tag, mail, StringComparison.Ordinal);
        Assert.Contains("Gedeeld leerplan " + tag, mail, StringComparison.Ordinal);
        Assert.Contains("Leerkring gestart " + tag, mail, StringComparison.Ordinal);
        Assert.DoesNotContain("Alleen Utrecht " + tag, mail, StringComparison.Ordinal);
        Assert.DoesNotContain("Ander thema " + tag, mail, StringComparison.Ordinal);
        Assert.Contains(KnowledgeDigest.FollowPage, mail, StringComparison.Ordinal);

        // Two runs at once the same day, and a week later with nothing new: nothing more.
        await Task.WhenAll(DigestAsync(), DigestAsync());
        app.Clock.Offset += TimeSpan.FromDays(8);
        await DigestAsync();
        Assert.Single(Digests(email));

        // Something new: a new digest with only that.
        await DocumentAsync("Buurtzorg in de praktijk " + tag, "leidsche-rijn", KnowledgeSharing.Leerregio, null, "zorg-voor-elkaar");
        app.Clock.Offset += TimeSpan.FromHours(1);
        await DigestAsync();
        var all = Digests(email);
        Assert.Equal(2, all.Count);
        Assert.Contains("Buurtzorg in de praktijk " + tag, all[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Mantelzorgcafé " + tag, all[0], StringComparison.Ordinal);
    }

    private async Task DigestAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<KnowledgeDigest>().RunAsync();
    }

    private List<string> Digests(string email)
    {
        using var client = app.NewClient();
        return [.. client.MailsTo(email).Where(m => m.Subject?.StartsWith("Kennisbank", StringComparison.Ordinal) == true).Select(m => m.TextBody ?? "")];
    }

    [Fact]
    public async Task The_leerregio_page_shows_shared_documents_to_everyone_and_its_own_only_to_members()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await DocumentAsync("Gedeeld stappenplan " + tag, "utrecht", KnowledgeSharing.AllLeerregios);
        await DocumentAsync("Intern verslag " + tag, "utrecht", KnowledgeSharing.Leerregio);
        using var visitor = app.NewClient();
        var page = await visitor.GetAsync("/leren/utrecht");
        Assert.Contains("Gedeeld stappenplan " + tag, page.Html.QuerySelector(".learn-shared")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Intern verslag " + tag, page.Text, StringComparison.Ordinal);
        using var member = app.NewClient();
        await member.SignInAsync(TimeBankApp.Email(GrozRole.Resident));
        var mine = await member.GetAsync("/leren/utrecht");
        Assert.Contains("Intern verslag " + tag, mine.Html.QuerySelector(".learn-recent")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Intern verslag " + tag, mine.Html.QuerySelector(".learn-shared")!.TextContent, StringComparison.Ordinal);
        // A member of the other leerregio sees Utrecht's shared documents, not its internal ones.
        using var other = app.NewClient();
        await other.SignInAsync(TimeBankApp.Email(GrozRole.Resident, "leidsche-rijn"));
        Assert.DoesNotContain("Intern verslag " + tag, (await other.GetAsync("/leren/utrecht")).Text, StringComparison.Ordinal);
    }
}
