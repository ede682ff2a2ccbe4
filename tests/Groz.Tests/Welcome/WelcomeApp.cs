using Groz.Tests.Regions;
using Groz.Tests.SocialMap;
using Groz.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Welcome;

/// <summary>
/// The app with an empty social map and calendar (the route tests count exact matches) and a movable clock (retention,
/// the Monitor's months). Demo routes and letters stay: tests that count them look at their own.
/// </summary>
public sealed class WelcomeApp : PortalApp
{
    protected override async Task AfterSeedingAsync()
    {
        await base.AfterSeedingAsync();
        await DbAsync(async db =>
        {
            // Drafts are never listed: simpler than deleting events that registrations and proeverij rows point at.
            await db.Events.ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EventStatus.Draft));
        });
    }

    public async Task<int> AddEventAsync(string title, string wijkCode, string theme, DateTimeOffset startsAt, string? rule = null,
        EventStatus status = EventStatus.Published, string? targetGroup = null)
    {
        var wijk = await DbAsync(db => db.Wijken.AsNoTracking().SingleAsync(w => w.Code == wijkCode));
        var user = await DbAsync(db => db.Users.Select(u => u.Id).FirstAsync());
        return await DbAsync(async db =>
        {
            var e = new Event
            {
                LeerregioId = wijk.LeerregioId, WijkId = wijk.Id, Title = title, Description = title, Theme = theme, StartsAt = startsAt, EndsAt = startsAt.AddHours(1),
                RecurrenceRule = rule, Status = status, CreatedByUserId = user, CreatedAt = startsAt.AddDays(-30), UpdatedAt = startsAt.AddDays(-30),
                TargetGroupTermId = targetGroup is null ? null : Groz.Web.Features.SocialMap.SocialMapTaxonomies.TargetGroupTermId(targetGroup),
            };
            db.Events.Add(e);
            await db.SaveChangesAsync();
            return e.Id;
        });
    }
}
