using System.Net;
using System.Text;
using System.Text.Json;
using Groz.Tests.TimeBank;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.HelpRequests;

/// <summary>The real app with the Tijdbank test helpers, plus members the demo data lacks: a volunteer and a buurtassistent of another wijk.</summary>
public class HelpApp : TimeBankApp
{
    public const string Api = "/api/v1/helprequests";
    public const string OtherWijkVolunteer = "vrijwilliger.kanaleneiland@example.org";
    public const string OtherWijkAssistant = "buurtassistent.kanaleneiland@example.org";

    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _made;

    /// <summary>Utrecht Oost: the wijk of the demo buurtassistent, resident and volunteer of leerregio utrecht.</summary>
    public Task<int> HomeWijkAsync(string leerregio = "utrecht") => DbAsync(db =>
        db.Wijken.Where(w => db.Leerregios.Any(l => l.Id == w.LeerregioId && l.Slug == leerregio)).OrderBy(w => w.Code).Select(w => w.Id).FirstAsync());

    public Task<int> KanaleneilandAsync() => DbAsync(db => db.Wijken.Where(w => w.Code == "WK034408").Select(w => w.Id).SingleAsync());

    public Task<string> UserIdAsync(string email) => DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    public async Task EnsureOtherWijkMembersAsync()
    {
        await _once.WaitAsync();
        try
        {
            if (_made)
            {
                return;
            }
            var wijk = await KanaleneilandAsync();
            await using var scope = Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
            var db = scope.ServiceProvider.GetRequiredService<Groz.Web.Data.GrozDbContext>();
            var leerregio = await db.Wijken.Where(w => w.Id == wijk).Select(w => w.LeerregioId).SingleAsync();
            foreach (var (email, role) in new[] { (OtherWijkVolunteer, GrozRole.Volunteer), (OtherWijkAssistant, GrozRole.Buurtassistent) })
            {
                var user = new GrozUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Kees Kanaleneiland", LeerregioId = leerregio, WijkId = wijk, Interests = "zorg-voor-elkaar" };
                Assert.True((await users.CreateAsync(user, Groz.Web.Data.DemoData.DemoPassword)).Succeeded);
                db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, LeerregioId = leerregio, WijkId = role == GrozRole.Buurtassistent ? wijk : null });
            }
            await db.SaveChangesAsync();
            _made = true;
        }
        finally
        {
            _once.Release();
        }
    }

    public Task<Reply> PostAsync(string url, string? token, object? body = null) => SendAsync(HttpMethod.Post, url, token, body ?? new { }, Guid.NewGuid().ToString("N"));

    /// <summary>A new question of the demo resident of utrecht (or another asker) in the home wijk; returns its id.</summary>
    public async Task<int> AskAsync(string? email = null, string description = "Wie kan op vrijdag boodschappen voor mij doen?", string? health = null)
    {
        var token = await TokenAsync(email ?? Email(GrozRole.Resident));
        var reply = await PostAsync(Api, token, new
        {
            category = "Groceries", description, healthDetails = health, shareHealthConsent = health is not null, contactPreference = "Phone",
            contactPhone = "06 12345678", wijkId = await HomeWijkAsync(),
        });
        Assert.True(reply.Status == HttpStatusCode.Created, reply.ToString());
        return (int)reply.Id;
    }

    public async Task<string> AssistantAsync() => await TokenAsync(Email(GrozRole.Buurtassistent));

    /// <summary>A question triaged and the demo volunteer asked; returns the request id and the ask's e-mail link.</summary>
    public async Task<(int Id, string Link)> AskedAsync(string? health = null)
    {
        var id = await AskAsync(health: health);
        var assistant = await AssistantAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"{Api}/{id}/triage", assistant, new { category = "Groceries", urgency = "Normal" })).Status);
        var volunteer = await UserIdAsync(Email(GrozRole.Volunteer));
        var asked = await PostAsync($"{Api}/{id}/asks", assistant, new { volunteerUserIds = new[] { volunteer } });
        Assert.True(asked.Status == HttpStatusCode.OK, asked.ToString());
        using var client = NewClient();
        return (id, client.LinkInLatestMail(Email(GrozRole.Volunteer)));
    }

    public async Task<int> MatchedAsync(string? health = null)
    {
        var (id, _) = await AskedAsync(health);
        var volunteer = await TokenAsync(Email(GrozRole.Volunteer));
        var askId = await DbAsync(db => db.HelpMatchAsks.Where(a => a.HelpRequestId == id).Select(a => a.Id).SingleAsync());
        var accepted = await PostAsync($"{Api}/asks/{askId}/accept", volunteer);
        Assert.True(accepted.Status == HttpStatusCode.OK, accepted.ToString());
        return id;
    }

    public Task<int> ViewsAsync(int id) => DbAsync(db =>
        db.AuditLog.CountAsync(a => a.Action == "helprequest.viewed" && a.SubjectType == nameof(HelpRequest) && a.SubjectId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Everything about one request in one string: equal before and after means a refused call changed nothing.</summary>
    public Task<string> SnapshotAsync(int id) => DbAsync(async db =>
    {
        var r = await db.HelpRequests.AsNoTracking().SingleAsync(x => x.Id == id);
        var s = new StringBuilder(JsonSerializer.Serialize(r));
        s.Append(await db.HelpStatusChanges.CountAsync(x => x.HelpRequestId == id)).Append('|')
            .Append(await db.HelpNotes.CountAsync(x => x.HelpRequestId == id)).Append('|')
            .Append(await db.HelpMatchAsks.CountAsync(x => x.HelpRequestId == id)).Append('|')
            .Append(await db.HelpConsents.CountAsync(x => x.HelpRequestId == id && x.WithdrawnAt == null)).Append('|')
            .Append(await db.Transfers.CountAsync());
        return s.ToString();
    });
}
