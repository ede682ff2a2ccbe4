using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Groz.Tests.Regions;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.SocialMap;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.SocialMap;

/// <summary>Curation through the pages and the API: who may suggest, edit, review, publish; history; reminders.</summary>
public sealed class PortalCurationTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static string Email(GrozRole role, string leerregio = "utrecht") => DemoData.DemoEmail(role, leerregio);

    private async Task<FormClient> SignedInAsync(GrozRole role, string leerregio = "utrecht")
    {
        var client = app.NewClient();
        await app.SignInAsDemoAsync(client, role, leerregio);
        return client;
    }

    private Task<int> SearchCountAsync(string q) => Task.Run(async () =>
    {
        var json = JsonNode.Parse(await app.CreateClient().GetStringAsync("/api/v1/socialmap/search?q=" + Uri.EscapeDataString(q)))!;
        return json["total"]!.GetValue<int>();
    });

    [Fact]
    public async Task A_resident_suggests_a_correction_and_the_coordinator_accepts_it_with_history()
    {
        var id = await app.AddServiceAsync(new("Zwemmen voor senioren") { Description = "Banen zwemmen", WijkCode = "WK034408" });
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().GetAsync($"/wijkportaal/voorstellen?dienst={id}")).Status);

        var resident = await SignedInAsync(GrozRole.Resident);
        var sent = await resident.PostFormAsync($"/wijkportaal/voorstellen?dienst={id}", new Dictionary<string, string>
        {
            ["Input.Name"] = "Aquasporten voor senioren", ["Input.Message"] = "<script>alert(1)</script> De naam is veranderd.",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        var suggestion = await app.DbAsync(db => db.SmSuggestions.SingleAsync(s => s.ServiceId == id));
        Assert.Equal(SuggestionStatus.Open, suggestion.Status);
        Assert.Equal(SuggestionKind.Correction, suggestion.Kind);
        Assert.Equal("<script>alert(1)</script> De naam is veranderd.", suggestion.Message);

        // A resident cannot review; the coordinator of the other leerregio does not even see it.
        var review = new Dictionary<string, string> { ["suggestionId"] = suggestion.Id.ToString(), ["accept"] = "true" };
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/wijkportaal/beoordelen")).Status);
        var other = await SignedInAsync(GrozRole.Coordinator, "leidsche-rijn");
        var otherPage = await other.GetAsync("/wijkportaal/beoordelen");
        Assert.DoesNotContain("Aquasporten", otherPage.Text);

        var coordinator = await SignedInAsync(GrozRole.Coordinator);
        var desk = await coordinator.GetAsync("/wijkportaal/beoordelen");
        Assert.Contains("Aquasporten voor senioren", desk.Text);
        var raw = await desk.Response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)", raw);
        var form = $"form:has(input[name=suggestionId][value='{suggestion.Id}'])";
        var accepted = await coordinator.SubmitAsync(desk, new Dictionary<string, string> { ["note"] = "Klopt" }, form, "accept", "true");
        Assert.Equal(HttpStatusCode.Redirect, accepted.Status);

        var service = await app.DbAsync(db => db.SmServices.SingleAsync(s => s.Id == id));
        Assert.Equal("Aquasporten voor senioren", service.Name);
        var history = await app.DbAsync(db => db.SmMetadata.Where(m => m.ResourceId == id).ToListAsync());
        var change = Assert.Single(history, m => m.FieldName == "name");
        Assert.Equal("Zwemmen voor senioren", change.PreviousValue);
        Assert.Equal("Aquasporten voor senioren", change.ReplacementValue);
        // Published history names the role, never the coordinator (Pieter Jansen in the demo data).
        Assert.StartsWith("Coördinator", change.UpdatedBy, StringComparison.Ordinal);
        Assert.DoesNotContain("Jansen", change.UpdatedBy, StringComparison.Ordinal);
        Assert.NotNull(change.UpdatedByUserId);
        Assert.Equal(1, await SearchCountAsync("aquasporten"));
        // Reviewed once: a second decision is refused.
        var again = await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/v1/socialmap/suggestions/{suggestion.Id}/review", new { accept = false },
            await coordinator.AntiforgeryTokenAsync("/wijkportaal/beoordelen"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        // The history is on the detail page.
        var detail = await app.NewClient().GetAsync($"/wijkportaal/dienst/{id}");
        Assert.Contains("Aquasporten voor senioren", detail.Html.QuerySelector(".portal-history")!.TextContent);
    }

    [Fact]
    public async Task A_new_entry_becomes_a_draft_and_is_public_only_once_published()
    {
        var resident = await SignedInAsync(GrozRole.Resident);
        var csrf = await resident.AntiforgeryTokenAsync("/wijkportaal/voorstellen");
        var created = await resident.SendJsonAsync(HttpMethod.Post, "/api/v1/socialmap/suggestions",
            new { name = "Schaakclub De Toren", description = "Elke donderdag schaken in de bibliotheek", url = "https://schaak.example.org" }, csrf);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sid = (await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<Guid>();

        var bad = await resident.SendJsonAsync(HttpMethod.Post, "/api/v1/socialmap/suggestions", new { name = "", url = "javascript:alert(1)", email = "geen-adres" }, csrf);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = (await bad.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.NotNull(problem["errors"]!["name"]);
        Assert.NotNull(problem["errors"]!["url"]);
        Assert.NotNull(problem["errors"]!["email"]);

        var coordinator = await SignedInAsync(GrozRole.Coordinator);
        var token = await coordinator.AntiforgeryTokenAsync("/wijkportaal/beoordelen");
        var reviewed = await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/v1/socialmap/suggestions/{sid}/review", new { accept = true, note = "Welkom" }, token);
        Assert.Equal(HttpStatusCode.OK, reviewed.StatusCode);
        var serviceId = (await reviewed.Content.ReadFromJsonAsync<JsonNode>())!["serviceId"]!.GetValue<Guid>();
        Assert.Equal(0, await SearchCountAsync("schaakclub"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewClient().GetAsync($"/wijkportaal/dienst/{serviceId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/wijkportaal/dienst/{serviceId}")).Status);

        var published = await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/v1/socialmap/services/{serviceId}/publication", new { publication = "Published" }, token);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(1, await SearchCountAsync("schaken"));
        var nonsense = await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/v1/socialmap/services/{serviceId}/publication", new { publication = "7" }, token);
        Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);

        var archived = await coordinator.SendJsonAsync(HttpMethod.Post, $"/api/v1/socialmap/services/{serviceId}/publication", new { publication = "Archived" }, token);
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.Equal(0, await SearchCountAsync("schaken"));
        Assert.Contains(await app.DbAsync(db => db.SmMetadata.Where(m => m.ResourceId == serviceId).Select(m => m.FieldName + "=" + m.ReplacementValue).ToListAsync()),
            x => x == "x_groz_publication=Archived");
    }

    [Fact]
    public async Task Permission_matrix_for_editing_confirming_and_publishing()
    {
        var ours = await app.AddOrganizationAsync("Buurtzorg Oost");
        var theirs = await app.AddOrganizationAsync("Sportclub West");
        var ourService = await app.AddServiceAsync(new("Koffieochtend Oost") { OrganizationId = ours, WijkCode = "WK034405" });
        var theirService = await app.AddServiceAsync(new("Voetbal West") { OrganizationId = theirs, WijkCode = "WK034405" });
        var lrService = await app.AddServiceAsync(new("Moestuin Vleuten", "leidsche-rijn") { WijkCode = "WK034410" });

        var professional = await SignedInAsync(GrozRole.Professional);
        var edit = new { name = "Koffieochtend Oost", description = "Elke vrijdag koffie", status = "active", minimumAge = "", maximumAge = "" };
        async Task<HttpStatusCode> PutAsync(FormClient c, Guid id) =>
            (await c.SendJsonAsync(HttpMethod.Put, $"/api/v1/socialmap/services/{id}", edit, await c.AntiforgeryTokenAsync("/wijkportaal/voorstellen"))).StatusCode;

        // Not yet a member of the organisation: no edit, like anyone else.
        Assert.Equal(HttpStatusCode.NotFound, await PutAsync(professional, ourService));
        Assert.Equal(HttpStatusCode.NotFound, (await professional.GetAsync($"/wijkportaal/dienst/{ourService}/bewerken")).Status);

        var coordinator = await SignedInAsync(GrozRole.Coordinator);
        var desk = await coordinator.GetAsync("/wijkportaal/beoordelen");
        var added = await coordinator.SubmitAsync(desk, new Dictionary<string, string> { ["MemberOrganization"] = ours.ToString(), ["MemberEmail"] = Email(GrozRole.Professional) },
            "form:has(input[name=MemberEmail])");
        Assert.Equal(HttpStatusCode.Redirect, added.Status);

        Assert.Equal(HttpStatusCode.OK, await PutAsync(professional, ourService));
        Assert.Equal(HttpStatusCode.NotFound, await PutAsync(professional, theirService));
        var history = await app.DbAsync(db => db.SmMetadata.Where(m => m.ResourceId == ourService && m.FieldName == "description").SingleAsync());
        Assert.Equal("Medewerker van Buurtzorg Oost", history.UpdatedBy);
        var checkedAt = await app.DbAsync(db => db.SmServices.Where(s => s.Id == ourService).Select(s => s.LastCheckedAt).SingleAsync());
        Assert.NotNull(checkedAt);

        // The professional confirms through the page, but cannot publish or archive.
        var editPage = await professional.GetAsync($"/wijkportaal/dienst/{ourService}/bewerken");
        Assert.Null(editPage.Html.QuerySelector("input[name=publication]"));
        var confirm = await professional.SubmitAsync(editPage, new Dictionary<string, string>(), "form[action*='handler=Confirm']");
        Assert.Equal(HttpStatusCode.Redirect, confirm.Status);
        var token = await professional.AntiforgeryTokenAsync("/wijkportaal/voorstellen");
        Assert.Equal(HttpStatusCode.NotFound,
            (await professional.SendJsonAsync(HttpMethod.Post, $"/api/v1/socialmap/services/{ourService}/publication", new { publication = "Archived" }, token)).StatusCode);

        // Residents and the other leerregio's coordinator cannot edit; the coordinator here can edit anything in the leerregio, not elsewhere.
        var resident = await SignedInAsync(GrozRole.Resident);
        Assert.Equal(HttpStatusCode.NotFound, await PutAsync(resident, ourService));
        var otherCoordinator = await SignedInAsync(GrozRole.Coordinator, "leidsche-rijn");
        Assert.Equal(HttpStatusCode.NotFound, await PutAsync(otherCoordinator, ourService));
        Assert.Equal(HttpStatusCode.OK, await PutAsync(coordinator, theirService));
        Assert.Equal(HttpStatusCode.NotFound, await PutAsync(coordinator, lrService));
        // Anonymous API writes need a sign-in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PutAsJsonAsync($"/api/v1/socialmap/services/{ourService}", edit)).StatusCode);

        // Bad input in an edit: every field problem at once, nothing stored.
        var before = await app.DbAsync(db => db.SmMetadata.CountAsync(m => m.ResourceId == ourService));
        var bad = await coordinator.SendJsonAsync(HttpMethod.Put, $"/api/v1/socialmap/services/{ourService}",
            new { name = new string('x', 400), status = "open", minimumAge = "12", maximumAge = "4", url = "ftp://x" }, await coordinator.AntiforgeryTokenAsync("/wijkportaal/beoordelen"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!.AsObject().Select(e => e.Key).Order().ToList();
        Assert.Equal(["maximumAge", "name", "status", "url"], errors);
        Assert.Equal(before, await app.DbAsync(db => db.SmMetadata.CountAsync(m => m.ResourceId == ourService)));
    }

    [Fact]
    public async Task Owners_get_a_reminder_once_an_entry_is_not_confirmed_for_the_configured_months()
    {
        var now = app.Clock.GetUtcNow();
        var org = await app.AddOrganizationAsync("Stichting Herinnering", email: "info@herinnering.example.org");
        var orphanOrg = await app.AddOrganizationAsync("Stichting Zonder Leden", email: "post@zonderleden.example.org");
        var stale = await app.AddServiceAsync(new("Oud spreekuur") { OrganizationId = org, LastCheckedAt = now.AddMonths(-7) });
        var orphan = await app.AddServiceAsync(new("Oude inloop") { OrganizationId = orphanOrg, LastCheckedAt = now.AddMonths(-8) });
        var fresh = await app.AddServiceAsync(new("Nieuw spreekuur") { OrganizationId = org, LastCheckedAt = now.AddMonths(-2) });
        var coordinator = await SignedInAsync(GrozRole.Coordinator);
        var desk = await coordinator.GetAsync("/wijkportaal/beoordelen");
        await coordinator.SubmitAsync(desk, new Dictionary<string, string> { ["MemberOrganization"] = org.ToString(), ["MemberEmail"] = Email(GrozRole.Professional) },
            "form:has(input[name=MemberEmail])");

        var token = await coordinator.AntiforgeryTokenAsync("/wijkportaal/beoordelen");
        var first = await coordinator.SendJsonAsync(HttpMethod.Post, "/api/v1/socialmap/leerregios/utrecht/reminders", null, token);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var professionalMails = coordinator.MailsTo(Email(GrozRole.Professional));
        Assert.Contains(professionalMails, m => (m.Subject ?? "").Contains("Oud spreekuur", StringComparison.Ordinal) && (m.TextBody ?? "").Contains($"/wijkportaal/dienst/{stale}/bewerken", StringComparison.Ordinal));
        Assert.DoesNotContain(professionalMails, m => (m.Subject ?? "").Contains("Nieuw spreekuur", StringComparison.Ordinal));
        Assert.Contains(coordinator.MailsTo("post@zonderleden.example.org"), m => (m.Subject ?? "").Contains("Oude inloop", StringComparison.Ordinal));
        Assert.Empty(coordinator.MailsTo("info@herinnering.example.org"));

        // Run again the same day: nothing new. Move the clock past the repeat window: reminded again, unless confirmed.
        var count = coordinator.MailsTo(Email(GrozRole.Professional)).Count;
        await coordinator.SendJsonAsync(HttpMethod.Post, "/api/v1/socialmap/leerregios/utrecht/reminders", null, token);
        Assert.Equal(count, coordinator.MailsTo(Email(GrozRole.Professional)).Count);
        try
        {
            app.Clock.Offset = TimeSpan.FromDays(31);
            await app.DbAsync(async db =>
            {
                db.SmServices.Single(s => s.Id == orphan).LastCheckedAt = app.Clock.GetUtcNow();
                await db.SaveChangesAsync();
            });
            var orphanCount = coordinator.MailsTo("post@zonderleden.example.org").Count;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var report = await scope.ServiceProvider.GetRequiredService<PortalCuration>().SendRemindersAsync(await app.LeerregioIdAsync("utrecht"), "https://localhost");
                Assert.True(report.Entries >= 1);
            }
            Assert.Equal(count + 1, coordinator.MailsTo(Email(GrozRole.Professional)).Count);
            Assert.Equal(orphanCount, coordinator.MailsTo("post@zonderleden.example.org").Count);
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
        // A resident may not send reminders.
        var resident = await SignedInAsync(GrozRole.Resident);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.SendJsonAsync(HttpMethod.Post, "/api/v1/socialmap/leerregios/utrecht/reminders", null,
            await resident.AntiforgeryTokenAsync("/wijkportaal/voorstellen"))).StatusCode);
        _ = fresh;
    }

    [Fact]
    public async Task A_members_suggestions_are_in_their_export_and_erasure_empties_their_message()
    {
        var client = await SignedInAsync(GrozRole.Volunteer);
        var sent = await client.PostFormAsync("/wijkportaal/voorstellen", new Dictionary<string, string>
        {
            ["Input.Name"] = "Buurtmoestuin Oost", ["Input.Message"] = "Ik ben daar zelf vrijwilliger, bel me op 06-12345678",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        var userId = await app.DbAsync(db => db.Users.Where(u => u.Email == Email(GrozRole.Volunteer)).Select(u => u.Id).SingleAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var part = scope.ServiceProvider.GetServices<IPersonalDataPart>().OfType<PortalPersonalData>().Single();
        var json = System.Text.Json.JsonSerializer.Serialize(await part.ExportAsync(userId, default));
        Assert.Contains("06-12345678", json, StringComparison.Ordinal);
        await part.EraseAsync(userId, default);
        var left = await app.DbAsync(db => db.SmSuggestions.Where(s => s.SubmittedByUserId == userId).ToListAsync());
        Assert.All(left, s => Assert.Null(s.Message));
        Assert.Contains(left, s => s.Name == "Buurtmoestuin Oost");
    }
}
