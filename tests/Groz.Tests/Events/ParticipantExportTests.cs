using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using MiniExcelLibs;

namespace Groz.Tests.Events;

/// <summary>The participant list as CSV and XLSX: per date and per event, formula-safe, only for its organisers.</summary>
public sealed class ParticipantExportTests(EventsApp app) : IClassFixture<EventsApp>
{
    private async Task<(Event Event, DateTimeOffset First, DateTimeOffset Second)> SetUpAsync()
    {
        var now = app.Clock.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, 9, 0, 0, TimeSpan.Zero).AddDays(3);
        var e = await app.EventAsync(capacity: 2, rule: "FREQ=WEEKLY;COUNT=4", start: start, title: "Exportwandeling");
        var first = await app.GuestAsync(e.Id, "Anna Export", start);
        await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, e.Id, new RegistrationInput(start, "=HYPERLINK(\"http://x\")", "formule@example.net", "+31 6 12345678")));
        await app.GuestAsync(e.Id, "Wachtende Export", start);
        await app.GuestAsync(e.Id, "Volgende Week", start.AddDays(7));
        var coordinator = await app.PrincipalAsync(EventsApp.Email(GrozRole.Coordinator));
        Assert.True((await app.WithAsync(r => r.SetAttendanceAsync(coordinator, first.Registration.Id, true))).Succeeded);
        return (e, start, start.AddDays(7));
    }

    private async Task<(HttpStatusCode Status, byte[] Body, string? Type)> GetFileAsync(string url, string token)
    {
        using var http = app.NewHttp();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_api_exports_one_date_as_csv_with_status_waitlist_position_and_check_in_and_formulas_escaped()
    {
        var (e, first, _) = await SetUpAsync();
        var token = await app.TokenAsync(GrozRole.Coordinator);
        var at = Uri.EscapeDataString(first.ToString("O"));
        var (status, body, type) = await GetFileAsync($"{EventsApp.Api}/{e.Id}/registrations/export?format=csv&occurrenceStartsAt={at}", token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/csv", type);
        var lines = Encoding.UTF8.GetString(body).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("Datum;Naam;", lines[0], StringComparison.Ordinal);
        Assert.Contains("Anna Export", lines[1], StringComparison.Ordinal);
        Assert.Contains(";ja;", lines[1], StringComparison.Ordinal);
        // The guest's "name" that is a formula, and the phone number starting with "+", come out as text.
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", lines[2], StringComparison.Ordinal);
        Assert.Contains(";'+31 6 12345678;", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("Volgende Week", StringComparison.Ordinal));
        var waiting = lines[3].Split(';');
        Assert.Equal("Wachtende Export", waiting[1]);
        Assert.Equal("1", waiting[6]);
        Assert.Equal("nee", waiting[7]);
    }

    [Fact]
    public async Task The_api_exports_every_date_as_xlsx_with_the_formula_as_a_text_cell()
    {
        var (e, _, second) = await SetUpAsync();
        var token = await app.TokenAsync(GrozRole.Coordinator);
        var (status, body, type) = await GetFileAsync($"{EventsApp.Api}/{e.Id}/registrations/export?format=xlsx", token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Groz.Web.Features.TimeBank.StatementExport.XlsxType, type);
        using var stream = new MemoryStream(body);
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal("Volgende Week", rows[3]["Naam"]);
        Assert.Equal(Recurrence.Local(second), (DateTime)rows[3]["Datum"]!);
        Assert.Equal("=HYPERLINK(\"http://x\")", rows[1]["Naam"]);
        // The cell is a string, not a formula: no <f> element in the sheet.
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(body));
        using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        Assert.DoesNotContain("<x:f>", (await sheet.ReadToEndAsync()).Replace("<f>", "<x:f>", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_leerregio_a_resident_and_a_bad_format_get_nothing()
    {
        var (e, _, _) = await SetUpAsync();
        var other = await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn");
        Assert.Equal(HttpStatusCode.NotFound, (await GetFileAsync($"{EventsApp.Api}/{e.Id}/registrations/export?format=csv", other)).Status);
        var resident = await app.TokenAsync(GrozRole.Resident);
        Assert.Equal(HttpStatusCode.NotFound, (await GetFileAsync($"{EventsApp.Api}/{e.Id}/registrations/export", resident)).Status);
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetFileAsync($"{EventsApp.Api}/{e.Id}/registrations/export?format=pdf", coordinator)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetFileAsync($"{EventsApp.Api}/999999/registrations/export", coordinator)).Status);
        using var anonymous = app.NewHttp();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{EventsApp.Api}/{e.Id}/registrations/export")).StatusCode);
    }

    [Fact]
    public async Task The_organiser_downloads_from_the_check_in_page_and_another_leerregio_gets_404()
    {
        var (e, first, _) = await SetUpAsync();
        using var client = app.NewClient();
        await app.SignInWithTwoFactorAsync(client, EventsApp.Email(GrozRole.Coordinator));
        var page = await client.GetAsync($"/beheer/activiteiten/utrecht/{e.Id}/deelnemers?op={EventPages.Ticks(first)}");
        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        var link = page.Html.QuerySelectorAll("a[download]").Select(a => a.GetAttribute("href")!).First(h => h.Contains("format=csv", StringComparison.Ordinal));
        var file = await client.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Contains("Anna Export", await file.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The printable list: a tick-box column for paper, and the forms marked not to print.
        Assert.NotNull(page.Html.QuerySelector("table.checkin th.print-only"));
        Assert.NotNull(page.Html.QuerySelector("form.no-print"));

        using var other = app.NewClient();
        await app.SignInWithTwoFactorAsync(other, EventsApp.Email(GrozRole.Coordinator, "leidsche-rijn"));
        var refused = await other.Http.GetAsync($"/beheer/activiteiten/utrecht/{e.Id}/deelnemers?handler=Export&format=csv");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var refusedOwnSlug = await other.Http.GetAsync($"/beheer/activiteiten/leidsche-rijn/{e.Id}/deelnemers?handler=Export&format=xlsx");
        Assert.Equal(HttpStatusCode.NotFound, refusedOwnSlug.StatusCode);
    }
}
