using Groz.Tests.Events;
using Groz.Web.Features.Events;
using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Monitoring;

/// <summary>
/// Attendance at activities (per 1,000 residents) and at the proeverij, and the proeverij effect as Events measures it,
/// from known registrations in a month far from the demo data.
/// </summary>
public sealed class EventIndicatorTests(EventsApp app) : IClassFixture<EventsApp>
{
    private Task<IndicatorValue?> ValueAsync(string code, string area, DateOnly month) => app.DbAsync(db =>
        db.IndicatorValues.Where(v => v.Indicator!.Code == code && v.AreaCode == area && v.PeriodStart == month && v.PeriodKind == PeriodKind.Month).SingleOrDefaultAsync());

    private Task AttendAsync(int eventId, params string[] names) => app.DbAsync(db =>
        db.EventRegistrations.Where(r => r.EventId == eventId && names.Contains(r.GuestName!)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RegistrationStatus.Attended)));

    [Fact]
    public async Task Attendance_and_the_proeverij_effect_follow_the_registrations()
    {
        app.Clock.Offset = TimeSpan.FromDays(400);
        try
        {
            var walk = await app.EventAsync(wijk: "WK034405");
            foreach (var name in new[] { "Ada Loop", "Bo Loop", "Cor Loop", "Dirk Loop" })
            {
                await app.GuestAsync(walk.Id, name);
            }
            await AttendAsync(walk.Id, "Ada Loop", "Bo Loop", "Cor Loop");

            var fair = await app.FairAsync(wijk: "WK034408");
            var session = await app.SessionAsync(fair, 0, 0);
            await app.GuestAsync(session.Id, "Eva Proef");
            await app.GuestAsync(session.Id, "Fay Proef");
            await AttendAsync(session.Id, "Eva Proef", "Fay Proef");

            // After the fair Eva signs up for an activity of the stand's organisation: one of two visitors had an effect.
            app.Clock.Offset = TimeSpan.FromDays(409);
            var later = await app.EventAsync(wijk: "WK034405", title: "Yoga in het park");
            await app.DbAsync(db => db.Events.Where(e => e.Id == later.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.OrganizationId, fair.Stands[0].OrganizationId)));
            await app.GuestAsync(later.Id, "Eva Proef");

            var month = PlatformIndicators.MonthOf(fair.Proeverij.StartsAt);
            Assert.Equal(month, PlatformIndicators.MonthOf(walk.StartsAt));
            var leerregioId = fair.Proeverij.LeerregioId;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<PlatformIndicators>().ComputeAsync(leerregioId, month);
            }
            var residents = await app.DbAsync(db => db.Wijken.Where(w => w.Code == "WK034405").Select(w => w.Residents!.Value).SingleAsync());
            var oost = await ValueAsync(IndicatorCatalog.EventsAttendance, "WK034405", month);
            Assert.Equal((3, 3m, (decimal)residents, Math.Round(3000m / residents, 2)), (oost!.N, oost.Numerator!.Value, oost.Denominator!.Value, oost.Value!.Value));
            Assert.Equal(0, (await ValueAsync(IndicatorCatalog.EventsAttendance, "WK034408", month))!.N);
            Assert.Equal(3, (await ValueAsync(IndicatorCatalog.EventsAttendance, "utrecht", month))!.N);

            Assert.Equal(2m, (await ValueAsync(IndicatorCatalog.ProeverijAttendance, "WK034408", month))!.Value);
            Assert.Equal(0m, (await ValueAsync(IndicatorCatalog.ProeverijAttendance, "WK034405", month))!.Value);
            Assert.Equal(2m, (await ValueAsync(IndicatorCatalog.ProeverijAttendance, "utrecht", month))!.Value);

            var effect = await ValueAsync(IndicatorCatalog.ProeverijEffectCode, "utrecht", month);
            var measured = await app.DbAsync(db => ProeverijEffect.MeasureAsync(db, fair.Proeverij.Id, app.Clock.GetUtcNow()));
            Assert.Equal((2, 1), (measured!.Visitors, measured.Either));
            Assert.Equal((2, 1m, 2m, 50m), (effect!.N, effect.Numerator!.Value, effect.Denominator!.Value, effect.Value!.Value));
            // Only the leerregio: a fair draws from every wijk.
            Assert.Null(await ValueAsync(IndicatorCatalog.ProeverijEffectCode, "WK034408", month));
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
    }
}
