using System.Net;
using Groz.Tests.TimeBank;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Features.SocialMap;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.HelpRequests;

/// <summary>
/// Vitaal werken: an entrepreneur (or anyone signed in) asks for a vitality programme for their staff; it sits in the
/// same queue and statuses; only a coordinator of the leerregio matches it with published Wijkportaal providers; the
/// asker is told by e-mail; bad input and wrong people change nothing.
/// </summary>
public sealed class VitalWorkTests(HelpReportingApp app) : IClassFixture<HelpReportingApp>
{
    private const string Ask = "/api/v1/helprequests/vital-work";

    private async Task<object> ValidAsync(string wijk = "Utrecht Oost") => new
    {
        wijkId = await app.WijkIdAsync(wijk), companyName = "Bakkerij Yilmaz", kvkNumber = "1234 5678", staffCount = 14,
        wish = "Een beweegprogramma voor ons team <script>alert(1)</script>", contactPreference = "Email", contactEmail = "mehmet@example.org", processingConsent = true,
    };

    private Task<Reply> PostAsync(string token, object body) => app.SendAsync(HttpMethod.Post, Ask, token, body, Guid.NewGuid().ToString("N"));

    private Task<(Guid Org, Guid Service)> ProviderAsync(string leerregio) => app.DbAsync(async db =>
    {
        var id = await db.Leerregios.Where(l => l.Slug == leerregio).Select(l => l.Id).SingleAsync();
        var service = await db.SmServices.Where(s => s.LeerregioId == id && s.Publication == Publication.Published && s.OrganizationId != null
                && db.SmOrganizations.Any(o => o.Id == s.OrganizationId && o.Publication == Publication.Published))
            .OrderBy(s => s.Name).Select(s => new { s.Id, s.OrganizationId }).FirstAsync();
        return (service.OrganizationId!.Value, service.Id);
    });

    [Fact]
    public async Task An_entrepreneur_asks_a_coordinator_matches_with_providers_and_it_counts_in_the_report()
    {
        var entrepreneur = await app.TokenAsync(GrozRole.Entrepreneur);
        var asked = await PostAsync(entrepreneur, await ValidAsync());
        Assert.Equal(HttpStatusCode.Created, asked.Status);
        var id = (int)asked.Id;
        Assert.Equal("VitalWork", asked.Json.GetProperty("kind").GetString());
        Assert.Equal("New", asked.Json.GetProperty("status").GetString());
        var row = await app.DbAsync(db => db.VitalWorkDetails.AsNoTracking().SingleAsync(d => d.HelpRequestId == id));
        Assert.Equal(("Bakkerij Yilmaz", "12345678", 14), (row.CompanyName, row.KvkNumber, row.StaffCount));
        Assert.Equal(1, await app.DbAsync(db => db.HelpConsents.CountAsync(c => c.HelpRequestId == id && c.Kind == HelpConsentKind.Processing && c.TextVersion == Groz.Web.Features.HelpRequests.HelpRequests.ConsentTextVersion)));

        // In the same queue as the personal questions.
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var queue = await app.GetAsync("/api/v1/helprequests/queue?leerregio=utrecht&pageSize=200", coordinator);
        Assert.Contains(queue.Json.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);

        // Referral before triage skips a step.
        var (org, service) = await ProviderAsync("utrecht");
        var early = await app.SendAsync(HttpMethod.Post, $"/api/v1/helprequests/{id}/vital-referrals", coordinator,
            new { picks = new[] { new { kind = "Education", organizationId = org } } }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Conflict, early.Status);

        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Post, $"/api/v1/helprequests/{id}/triage", coordinator,
            new { category = "Other", urgency = "Normal" }, Guid.NewGuid().ToString("N"))).Status);

        // A buurtassistent of the wijk triages too, but matching vitality questions is the coordinator's.
        var assistant = await app.SendAsync(HttpMethod.Post, $"/api/v1/helprequests/{id}/vital-referrals", await app.TokenAsync(GrozRole.Buurtassistent),
            new { picks = new[] { new { kind = "Education", organizationId = org } } }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Forbidden, assistant.Status);

        var providers = await app.GetAsync("/api/v1/helprequests/vital-providers?leerregio=utrecht", coordinator);
        Assert.Contains(providers.Json.EnumerateArray(), p => p.GetProperty("organizationId").GetGuid() == org);

        var referred = await app.SendAsync(HttpMethod.Post, $"/api/v1/helprequests/{id}/vital-referrals", coordinator,
            new { picks = new object[] { new { kind = "Education", organizationId = org }, new { kind = "Freelancer", serviceId = service } } }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.OK, referred.Status);
        Assert.Equal("Referred", referred.Json.GetProperty("status").GetString());
        var referrals = await app.DbAsync(db => db.VitalWorkReferrals.AsNoTracking().Where(v => v.HelpRequestId == id).OrderBy(v => v.Id).ToListAsync());
        Assert.Equal(2, referrals.Count);
        Assert.Equal((VitalProviderKind.Freelancer, service, org), (referrals[1].ProviderKind, referrals[1].ServiceId!.Value, referrals[1].OrganizationId!.Value));
        Assert.Equal(HelpStatus.Referred, (await app.DbAsync(db => db.HelpStatusChanges.Where(s => s.HelpRequestId == id).OrderByDescending(s => s.Id).FirstAsync())).To);
        Assert.Contains(Directory.GetFiles(app.OutboxDirectory), f => File.ReadAllText(f).Contains("mehmet@example.org", StringComparison.Ordinal));

        // The asker sees their details and providers; another member does not know the request exists; staff views are audited.
        var mine = await app.GetAsync($"/api/v1/helprequests/{id}/vital-work", entrepreneur);
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.Equal(2, mine.Json.GetProperty("referrals").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"/api/v1/helprequests/{id}/vital-work", await app.TokenAsync(GrozRole.Resident))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"/api/v1/helprequests/{id}/vital-work", await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"))).Status);
        var views = await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "helprequest.viewed" && a.SubjectId == id.ToString()));
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"/api/v1/helprequests/{id}/vital-work", coordinator)).Status);
        Assert.Equal(views + 1, await app.DbAsync(db => db.AuditLog.CountAsync(a => a.Action == "helprequest.viewed" && a.SubjectId == id.ToString())));

        var today = HelpReportingApp.Day(app.Clock.GetUtcNow());
        var report = (await app.GetAsync($"/api/v1/helprequests/reports?leerregio=utrecht&from={today}&to={today}", coordinator)).Json;
        var vital = report.GetProperty("kinds").EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "VitalWork");
        Assert.True(vital.GetProperty("referredToServices").GetInt32() >= 1);
    }

    [Fact]
    public async Task Anyone_signed_in_may_ask_not_only_entrepreneurs()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(await app.TokenAsync(GrozRole.Resident, "leidsche-rijn"), await ValidAsync())).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.SendAsync(HttpMethod.Post, Ask, null, await ValidAsync(), "x")).Status);
    }

    [Theory]
    [InlineData("companyName", "", "companyName")]
    [InlineData("kvkNumber", "123", "kvkNumber")]
    [InlineData("kvkNumber", "1234567a", "kvkNumber")]
    [InlineData("staffCount", 0, "staffCount")]
    [InlineData("wijkId", 999999, "wijkId")]
    [InlineData("processingConsent", false, "processingConsent")]
    [InlineData("contactEmail", "geen-adres", "contactEmail")]
    public async Task Bad_input_is_refused_field_by_field_and_nothing_is_stored(string field, object value, string errorField)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(await ValidAsync())!.AsObject();
        body[field] = System.Text.Json.JsonSerializer.SerializeToNode(value);
        var before = await app.DbAsync(db => db.HelpRequests.CountAsync());
        var reply = await app.SendAsync(HttpMethod.Post, Ask, await app.TokenAsync(GrozRole.Entrepreneur), null, Guid.NewGuid().ToString("N"), body.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty(errorField, out _) || reply.Json.GetProperty("errors").TryGetProperty(char.ToUpperInvariant(errorField[0]) + errorField[1..], out _), reply.Text);
        Assert.Equal(before, await app.DbAsync(db => db.HelpRequests.CountAsync()));
    }

    [Fact]
    public async Task An_oversized_wish_is_refused()
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(await ValidAsync())!.AsObject();
        body["wish"] = new string('x', HelpRequest.MaxDescription + 1);
        var reply = await app.SendAsync(HttpMethod.Post, Ask, await app.TokenAsync(GrozRole.Entrepreneur), null, Guid.NewGuid().ToString("N"), body.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }

    [Fact]
    public async Task Providers_of_another_leerregio_and_personal_requests_are_refused()
    {
        var coordinator = await app.TokenAsync(GrozRole.Coordinator);
        var asked = await PostAsync(await app.TokenAsync(GrozRole.Entrepreneur), await ValidAsync());
        var id = (int)asked.Id;
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Post, $"/api/v1/helprequests/{id}/triage", coordinator,
            new { category = "Other", urgency = "Normal" }, Guid.NewGuid().ToString("N"))).Status);
        var (foreignOrg, _) = await ProviderAsync("leidsche-rijn");
        var foreign = await app.SendAsync(HttpMethod.Post, $"/api/v1/helprequests/{id}/vital-referrals", coordinator,
            new { picks = new[] { new { kind = "Professional", organizationId = foreignOrg } } }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.Status);
        Assert.Equal("/problems/unknown-provider", foreign.ProblemType);
        var (org, _) = await ProviderAsync("utrecht");
        var noKind = await app.SendAsync(HttpMethod.Post, $"/api/v1/helprequests/{id}/vital-referrals", coordinator,
            new { picks = new[] { new { organizationId = org } } }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.BadRequest, noKind.Status);
        var otherCoordinator = await app.SendAsync(HttpMethod.Post, $"/api/v1/helprequests/{id}/vital-referrals", await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn"),
            new { picks = new[] { new { kind = "Professional", organizationId = org } } }, Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.NotFound, otherCoordinator.Status);
        Assert.Equal(HelpStatus.Triaged, await app.DbAsync(db => db.HelpRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
        Assert.Equal(0, await app.DbAsync(db => db.VitalWorkReferrals.CountAsync(v => v.HelpRequestId == id)));
    }
}
