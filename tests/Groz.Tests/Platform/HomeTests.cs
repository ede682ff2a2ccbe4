using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Home;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Platform;

public sealed class HomeTests(GrozApp app) : IClassFixture<GrozApp>
{
    private static string? Definition(Page page, string term) =>
        page.Html.QuerySelectorAll("#my-wijk ~ dl dt").FirstOrDefault(dt => dt.TextContent == term)?.NextElementSibling?.TextContent;

    [Fact]
    public async Task My_wijk_shows_the_member_count_from_the_database_and_the_buurtassistent()
    {
        using var client = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.Resident, "utrecht");
        await client.SignInAsync(email);
        var wijkId = await app.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.WijkId!.Value).SingleAsync());
        var members = await app.DbAsync(db => db.Users.CountAsync(u => u.WijkId == wijkId && u.ErasedAt == null));
        Assert.True(members >= IndexModel.SuppressBelow, "the demo wijk has all demo accounts of its leerregio");

        var home = await client.GetAsync("/");
        Assert.Equal(members.ToString(System.Globalization.CultureInfo.GetCultureInfo("nl-NL")), Definition(home, "Leden van Groz in deze wijk"));
        Assert.Equal("Samira El Amrani", Definition(home, "Uw buurtassistent"));
    }

    [Fact]
    public async Task Fewer_than_ten_members_are_not_counted_out_loud()
    {
        using var client = app.NewClient();
        var email = DemoData.DemoEmail(GrozRole.Student, "leidsche-rijn");
        // Move one member to a wijk where nobody else lives.
        var emptyWijk = await app.DbAsync(db => db.Wijken.Where(w => w.Code == "WK034410").Select(w => w.Id).SingleAsync());
        await app.DbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.WijkId, emptyWijk)));
        await client.SignInAsync(email);
        var home = await client.GetAsync("/");
        Assert.Equal("minder dan 10", Definition(home, "Leden van Groz in deze wijk"));
    }
}
