using System.Net;
using System.Text.Json;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.HelpRequests;

/// <summary>The volunteer's profile: saved through the API and the page, refused whole on bad input, and read by the suggestions.</summary>
public sealed class VolunteerProfileTests(HelpApp app) : IClassFixture<HelpApp>
{
    private const string Url = HelpApp.Api + "/profile";

    private Task<string> ProfileSnapshotAsync(string userId) => app.DbAsync(async db =>
    {
        var p = await db.HelpVolunteerProfiles.AsNoTracking().SingleAsync(x => x.UserId == userId);
        var wijken = await db.Set<HelpVolunteerWijk>().Where(w => w.ProfileId == p.Id).OrderBy(w => w.WijkId).Select(w => w.WijkId).ToListAsync();
        return JsonSerializer.Serialize(p) + string.Join(',', wijken);
    });

    private async Task<JsonElement?> SuggestionAsync(int requestId, string volunteerId)
    {
        var reply = await app.GetAsync($"{HelpApp.Api}/{requestId}/suggestions", await app.AssistantAsync());
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json.EnumerateArray().Where(s => s.GetProperty("userId").GetString() == volunteerId).Select(s => (JsonElement?)s).FirstOrDefault();
    }

    private async Task<int> TriagedAsync(string category, DateOnly? day = null)
    {
        var resident = await app.TokenAsync(HelpApp.Email(GrozRole.Resident));
        var reply = await app.PostAsync(HelpApp.Api, resident, new
        {
            category, description = "Wie helpt mij met een brief van de gemeente?", contactPreference = "Phone", contactPhone = "06 12345678",
            wijkId = await app.HomeWijkAsync(), preferredDate = day,
        });
        Assert.True(reply.Status == HttpStatusCode.Created, reply.ToString());
        var id = (int)reply.Id;
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync($"{HelpApp.Api}/{id}/triage", await app.AssistantAsync(), new { category, urgency = "Normal" })).Status);
        return id;
    }

    [Fact]
    public async Task The_profile_decides_kind_of_help_wijken_days_and_pause_in_the_suggestions()
    {
        var email = HelpApp.Email(GrozRole.Volunteer);
        var token = await app.TokenAsync(email);
        var volunteerId = await app.UserIdAsync(email);
        var home = await app.HomeWijkAsync();
        var kanaleneiland = await app.KanaleneilandAsync();

        var mine = await app.GetAsync(Url, token);
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.True(mine.Json.GetProperty("exists").GetBoolean());
        Assert.DoesNotContain("Paperwork", mine.Json.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));

        var id = await TriagedAsync("Paperwork");
        var before = await SuggestionAsync(id, volunteerId);
        Assert.NotNull(before);
        Assert.False(before.Value.GetProperty("categoryMatch").GetBoolean());

        var saved = await app.SendAsync(HttpMethod.Put, Url, token, new
        {
            categories = new[] { "Paperwork", "Groceries" }, wijkIds = new[] { home }, availability = "Doordeweeks na 16:00", weekdays = Array.Empty<string>(), available = true,
        });
        Assert.True(saved.Status == HttpStatusCode.OK, saved.ToString());
        var after = await SuggestionAsync(id, volunteerId);
        Assert.True(after!.Value.GetProperty("categoryMatch").GetBoolean());
        Assert.Equal(before.Value.GetProperty("score").GetInt32() + 5, after.Value.GetProperty("score").GetInt32());

        // Their usual day: one point more for a question on that day.
        var friday = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        while (friday.DayOfWeek != DayOfWeek.Friday)
        {
            friday = friday.AddDays(1);
        }
        var onFriday = await TriagedAsync("Paperwork", friday);
        var plain = (await SuggestionAsync(onFriday, volunteerId))!.Value.GetProperty("score").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Put, Url, token, new
        {
            categories = new[] { "Paperwork", "Groceries" }, wijkIds = new[] { home }, availability = "", weekdays = new[] { "Friday" }, available = true,
        })).Status);
        Assert.Equal(plain + 1, (await SuggestionAsync(onFriday, volunteerId))!.Value.GetProperty("score").GetInt32());

        // Only in Kanaleneiland: no longer asked in the home wijk.
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Put, Url, token, new
        {
            categories = new[] { "Paperwork" }, wijkIds = new[] { kanaleneiland }, available = true,
        })).Status);
        Assert.Null(await SuggestionAsync(id, volunteerId));
        var refused = await app.PostAsync($"{HelpApp.Api}/{id}/asks", await app.AssistantAsync(), new { volunteerUserIds = new[] { volunteerId } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);

        // Both wijken, then a pause: not suggested and not to be asked.
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Put, Url, token, new
        {
            categories = new[] { "Paperwork" }, wijkIds = new[] { kanaleneiland, home }, available = true,
        })).Status);
        Assert.NotNull(await SuggestionAsync(id, volunteerId));
        var wijken = await app.DbAsync(db => db.HelpVolunteerProfiles.Where(p => p.UserId == volunteerId).Select(p => p.WijkId).SingleAsync());
        Assert.Equal(home, wijken);
        var paused = await app.SendAsync(HttpMethod.Put, Url, token, new { categories = Array.Empty<string>(), wijkIds = new[] { home }, available = false });
        Assert.True(paused.Status == HttpStatusCode.OK, paused.ToString());
        Assert.False(paused.Json.GetProperty("available").GetBoolean());
        Assert.Null(await SuggestionAsync(id, volunteerId));
        refused = await app.PostAsync($"{HelpApp.Api}/{id}/asks", await app.AssistantAsync(), new { volunteerUserIds = new[] { volunteerId } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        // Paused is its own message, not "not in the wijk".
        Assert.Contains("pauze", refused.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("wijk van deze", refused.Text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Put, Url, token, new
        {
            categories = new[] { "Groceries", "Company", "DigitalHelp", "Transport" }, wijkIds = new[] { home }, availability = "Doordeweeks na 16:00 en op zaterdag", available = true,
        })).Status);
    }

    public static TheoryData<string, string> BadInput => new()
    {
        { "wijkIds", """{"categories":["Groceries"],"wijkIds":[],"available":true}""" },
        { "wijkIds", """{"categories":["Groceries"],"wijkIds":[999999],"available":true}""" },
        { "categories", """{"categories":[],"wijkIds":[HOME],"available":true}""" },
        { "availability", """{"categories":["Groceries"],"wijkIds":[HOME],"available":true,"availability":"LONG"}""" },
        { "available", """{"categories":["Groceries"],"wijkIds":[HOME]}""" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_profiles_are_refused_at_their_field_and_change_nothing(string field, string json)
    {
        var email = HelpApp.Email(GrozRole.Volunteer);
        var token = await app.TokenAsync(email);
        var volunteerId = await app.UserIdAsync(email);
        var before = await ProfileSnapshotAsync(volunteerId);
        json = json.Replace("HOME", (await app.HomeWijkAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("LONG", new string('x', 201), StringComparison.Ordinal);
        var reply = await app.SendAsync(HttpMethod.Put, Url, token, rawJson: json);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty(field, out _), reply.ToString());
        Assert.Equal(before, await ProfileSnapshotAsync(volunteerId));
    }

    [Fact]
    public async Task A_wijk_of_another_leerregio_is_refused()
    {
        var token = await app.TokenAsync(HelpApp.Email(GrozRole.Volunteer));
        var other = await app.DbAsync(db => db.Wijken.Where(w => w.Code == "WK034409").Select(w => w.Id).SingleAsync());
        var reply = await app.SendAsync(HttpMethod.Put, Url, token, new { categories = new[] { "Groceries" }, wijkIds = new[] { other }, available = true });
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }

    [Fact]
    public async Task A_member_without_a_profile_saves_one_on_the_page_and_becomes_a_candidate()
    {
        var email = HelpApp.Email(GrozRole.Entrepreneur);
        using var client = app.NewClient();
        await client.SignInAsync(email);
        var page = await client.GetAsync("/hulpvragen/vrijwilliger");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Waar ik graag mee help", page.Text, StringComparison.Ordinal);
        var userId = await app.UserIdAsync(email);

        var bad = await client.SubmitAsync(page, new Dictionary<string, string> { ["Available"] = "true" });
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.Contains("Kies minstens één soort hulp", bad.Text, StringComparison.Ordinal);
        Assert.False(await app.DbAsync(db => db.HelpVolunteerProfiles.AnyAsync(p => p.UserId == userId)));

        var id = await TriagedAsync("DigitalHelp");
        var good = await client.FollowAsync(await client.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Available"] = "true", ["Categories[]"] = "DigitalHelp,Company", ["Weekdays[]"] = "Monday,Saturday", ["Availability"] = "Zaterdagochtend",
        }));
        Assert.Contains("Uw gegevens zijn opgeslagen.", good.Text, StringComparison.Ordinal);
        var p = await app.DbAsync(db => db.HelpVolunteerProfiles.SingleAsync(x => x.UserId == userId));
        Assert.Equal(HelpVolunteering.Bits([HelpCategory.DigitalHelp, HelpCategory.Company]), p.Categories);
        Assert.Equal(HelpVolunteering.Bits([DayOfWeek.Monday, DayOfWeek.Saturday]), p.Weekdays);
        Assert.Equal("Zaterdagochtend", p.Availability);
        var suggestion = await SuggestionAsync(id, userId);
        Assert.True(suggestion!.Value.GetProperty("categoryMatch").GetBoolean());
    }
}
