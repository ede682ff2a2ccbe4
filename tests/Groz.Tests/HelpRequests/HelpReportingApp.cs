using System.Globalization;
using Groz.Tests.TimeBank;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.HelpRequests;

/// <summary>The app with a movable clock and API tokens (as for the Tijdbank), without the daily retention job: the
/// tests run retention themselves, at the moment they choose.</summary>
public sealed class HelpReportingApp : TimeBankApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("HelpRequests:RetentionJob", "false")];

    public Task<int> LeerregioIdAsync(string slug = "utrecht") => DbAsync(db => db.Leerregios.Where(l => l.Slug == slug).Select(l => l.Id).SingleAsync());

    public Task<int> WijkIdAsync(string name) => DbAsync(db => db.Wijken.Where(w => w.Name == name).Select(w => w.Id).SingleAsync());

    public Task<string> UserIdAsync(GrozRole role, string leerregio = "utrecht") =>
        DbAsync(db => db.Users.Where(u => u.Email == Email(role, leerregio)).Select(u => u.Id).SingleAsync());

    /// <summary>A request written straight into the database, as if it had gone through the workflow: the report reads rows, not the road.</summary>
    public async Task<int> InsertAsync(HelpRequest r, params (HelpStatus To, DateTimeOffset At)[] steps)
    {
        return await DbAsync(async db =>
        {
            db.HelpRequests.Add(r);
            await db.SaveChangesAsync();
            db.HelpStatusChanges.Add(new HelpStatusChange { HelpRequestId = r.Id, LeerregioId = r.LeerregioId, To = HelpStatus.New, At = r.CreatedAt });
            foreach (var (to, at) in steps)
            {
                db.HelpStatusChanges.Add(new HelpStatusChange { HelpRequestId = r.Id, LeerregioId = r.LeerregioId, To = to, At = at });
            }
            await db.SaveChangesAsync();
            return r.Id;
        });
    }

    public static HelpRequest Request(int leerregioId, int wijkId, DateTimeOffset created, HelpCategory category = HelpCategory.Groceries,
        HelpUrgency urgency = HelpUrgency.Normal, HelpRequestKind kind = HelpRequestKind.Personal)
    {
        var target = HelpTarget.Defaults.First(d => d.Urgency == urgency);
        return new HelpRequest
        {
            LeerregioId = leerregioId, WijkId = wijkId, Kind = kind, Category = category, Urgency = urgency,
            Description = "Hulp bij boodschappen", ContactName = "Test Bewoner", ContactPreference = ContactPreference.Phone, ContactPhone = "06 12345678",
            Status = HelpStatus.New, CreatedAt = created, UpdatedAt = created,
            FirstResponseDueAt = created.AddMinutes(target.FirstResponse), MatchDueAt = created.AddMinutes(target.Match),
        };
    }

    /// <summary>The Dutch calendar day of <paramref name="t"/>, as the report counts days: between 23:00 and 24:00 UTC in
    /// winter the UTC date is still yesterday's (a test asking for "today" then found nothing).</summary>
    public static string Day(DateTimeOffset t) => Groz.Web.Features.TimeBank.TimeBankPages.Local(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
