using System.Net;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Events;

/// <summary>Leerregio isolation and who may manage what, through the API and the pages.</summary>
public sealed class EventAccessTests(EventsApp app) : IClassFixture<EventsApp>
{
    private async Task<object> BodyAsync(Event e) => new
    {
        title = "Overgenomen", description = e.Description, theme = e.Theme, wijkId = e.WijkId, start = "2027-03-02T10:00", end = "2027-03-02T11:00",
        capacity = 1, address = "Elders", registrationRequired = true,
    };

    [Fact]
    public async Task Another_leerregio_cannot_change_see_the_participants_of_or_check_in_at_an_activity()
    {
        var e = await app.EventAsync(capacity: 5);
        var guest = await app.GuestAsync(e.Id, "Karin Gast");
        var other = await app.TokenAsync(GrozRole.Coordinator, "leidsche-rijn");
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Put, $"{EventsApp.Api}/{e.Id}", other, await BodyAsync(e))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{EventsApp.Api}/{e.Id}/registrations", other)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Post, $"{EventsApp.Api}/registrations/{guest.Registration.Id}/attendance", other, new { attended = true })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Delete, $"{EventsApp.Api}/registrations/{guest.Registration.Id}", other)).Status);
        // Creating in a wijk of another leerregio is refused: the leerregio follows the wijk, and they do not manage it.
        var create = await app.SendAsync(HttpMethod.Post, EventsApp.Api, other, await BodyAsync(e), Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Forbidden, create.Status);
        var unchanged = await app.DbAsync(db => db.Events.AsNoTracking().SingleAsync(x => x.Id == e.Id));
        Assert.Equal(e.Title, unchanged.Title);
        Assert.Equal(RegistrationStatus.Registered, (await app.RegistrationsAsync(e.Id)).Single().Status);

        // A resident of the same leerregio is no organiser either.
        var resident = await app.TokenAsync(GrozRole.Resident);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Put, $"{EventsApp.Api}/{e.Id}", resident, await BodyAsync(e))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(HttpMethod.Post, EventsApp.Api, resident, await BodyAsync(e), Guid.NewGuid().ToString("N"))).Status);
    }

    [Fact]
    public async Task A_member_of_the_organising_organisation_manages_its_activity_and_nothing_else()
    {
        var volunteerEmail = EventsApp.Email(GrozRole.Volunteer);
        var (org, otherOrg) = await app.DbAsync(async db =>
        {
            var orgs = await db.SmOrganizations.Where(o => db.Leerregios.Any(l => l.Id == o.LeerregioId && l.Slug == "utrecht")).OrderBy(o => o.Name).Select(o => o.Id).Take(2).ToListAsync();
            db.SmOrganizationMembers.Add(new Groz.Web.Features.SocialMap.OrganizationMember
            {
                LeerregioId = await db.Leerregios.Where(l => l.Slug == "utrecht").Select(l => l.Id).SingleAsync(), OrganizationId = orgs[0],
                UserId = await db.Users.Where(u => u.Email == volunteerEmail).Select(u => u.Id).SingleAsync(),
            });
            await db.SaveChangesAsync();
            return (orgs[0], orgs[1]);
        });
        var own = await app.EventAsync();
        var foreign = await app.EventAsync();
        await app.DbAsync(async db =>
        {
            await db.Events.Where(x => x.Id == own.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OrganizationId, org));
            await db.Events.Where(x => x.Id == foreign.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.OrganizationId, otherOrg));
        });
        var organiser = await app.TokenAsync(volunteerEmail);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync($"{EventsApp.Api}/{own.Id}/registrations", organiser)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{EventsApp.Api}/{foreign.Id}/registrations", organiser)).Status);
        var wijkId = (await app.WijkAsync()).WijkId;
        object New(Guid? organisation) => new
        {
            title = "Tuinieren", description = "Samen in de moestuin.", theme = "leefstijl", wijkId, start = "2027-04-06T14:00", end = "2027-04-06T16:00",
            address = "Moestuin", registrationRequired = false, organizationId = organisation,
        };
        var forOwn = await app.SendAsync(HttpMethod.Post, EventsApp.Api, organiser, New(org), Guid.NewGuid().ToString("N"));
        Assert.True(forOwn.Status == HttpStatusCode.Created, forOwn.ToString());
        var forOther = await app.SendAsync(HttpMethod.Post, EventsApp.Api, organiser, New(otherOrg), Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.BadRequest, forOther.Status);
        Assert.True(forOther.Json.GetProperty("errors").TryGetProperty("organizationId", out _));
    }

    [Fact]
    public async Task Drafts_are_hidden_from_the_public_and_the_manage_pages_from_residents()
    {
        var draft = await app.EventAsync(title: "Nog geheim");
        await app.DbAsync(db => db.Events.Where(x => x.Id == draft.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, EventStatus.Draft)));
        using var anonymous = app.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/activiteiten/{draft.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{EventsApp.Api}/{draft.Id}", null)).Status);
        Assert.DoesNotContain("Nog geheim", (await anonymous.GetAsync("/activiteiten")).Text, StringComparison.Ordinal);
        var register = await app.WithAsync(r => r.RegisterAsync(EventsApp.Anonymous, draft.Id, new RegistrationInput(null, "Lies", "lies@example.net")));
        Assert.Equal(404, register.Status);

        using var resident = app.NewClient();
        await resident.SignInAsync(EventsApp.Email(GrozRole.Resident));
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync("/beheer/activiteiten/utrecht")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/beheer/activiteiten/utrecht/{draft.Id}/deelnemers")).Status);

        using var coordinator = app.NewClient();
        await app.SignInWithTwoFactorAsync(coordinator, EventsApp.Email(GrozRole.Coordinator));
        Assert.Contains("Nog geheim", (await coordinator.GetAsync($"/activiteiten/{draft.Id}")).Text, StringComparison.Ordinal);
        // The coordinator of utrecht does not manage leidsche-rijn.
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync("/beheer/activiteiten/leidsche-rijn")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/beheer/activiteiten/leidsche-rijn/{draft.Id}/deelnemers")).Status);
    }

    [Fact]
    public async Task Demo_data_has_activities_in_both_leerregios_with_a_weekly_walking_group()
    {
        var demo = await app.DbAsync(db => db.Events.AsNoTracking().Where(e => e.Title.StartsWith("Wandelgroep: ")).ToListAsync());
        Assert.Equal(2, demo.Select(e => e.LeerregioId).Distinct().Count());
        Assert.All(demo, e => Assert.True(Recurrence.IsValid(e.RecurrenceRule!, e.StartsAt)));
        Assert.All(demo, e => Assert.Equal(DayOfWeek.Tuesday, Recurrence.Local(e.StartsAt).DayOfWeek));
        var perLeerregio = await app.DbAsync(db => db.Events.GroupBy(e => e.LeerregioId).Select(g => g.Count()).ToListAsync());
        Assert.All(perLeerregio, n => Assert.True(n >= 5));
        using var client = app.NewClient();
        Assert.Contains("Wandelgroep: samen een rondje door de wijk", (await client.GetAsync("/activiteiten")).Text, StringComparison.Ordinal);
    }
}
