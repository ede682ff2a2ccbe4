using Groz.Web.Features.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Monitoring;

/// <summary>A database made by an older release gets the catalog's current wording, keeping ids and values.</summary>
public sealed class CatalogTests(MonitoringApp app) : IClassFixture<MonitoringApp>
{
    [Fact]
    public async Task An_indicator_stored_with_older_wording_is_brought_up_to_date_and_keeps_its_id()
    {
        await app.DbAsync(db => IndicatorCatalog.EnsureAsync(db));
        var (id, count) = await app.DbAsync(async db =>
        {
            var d = await db.Indicators.SingleAsync(x => x.Code == IndicatorCatalog.EventsAttendance);
            // As the first release of the Activiteiten indicator stored it: a bare count, and no English wording.
            d.Unit = "aanwezigen";
            d.NumeratorEn = null;
            d.Computed = false;
            await db.SaveChangesAsync();
            return (d.Id, await db.Indicators.CountAsync());
        });

        await app.DbAsync(db => IndicatorCatalog.EnsureAsync(db));

        var current = IndicatorCatalog.All().Single(x => x.Code == IndicatorCatalog.EventsAttendance);
        var stored = await app.DbAsync(db => db.Indicators.AsNoTracking().SingleAsync(x => x.Code == IndicatorCatalog.EventsAttendance));
        Assert.Equal(id, stored.Id);
        Assert.Equal(current.Unit, stored.Unit);
        Assert.Equal(current.NumeratorEn, stored.NumeratorEn);
        Assert.True(stored.Computed);
        Assert.Equal(count, await app.DbAsync(db => db.Indicators.CountAsync()));
    }
}
