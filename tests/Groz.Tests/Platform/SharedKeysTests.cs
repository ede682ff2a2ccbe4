using System.Net;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Platform;

/// <summary>Instances are stateless: the data-protection keys live in the database, so any instance reads another's cookies.</summary>
public sealed class SharedKeysTests(GrozApp app) : IClassFixture<GrozApp>
{
    [Fact]
    public async Task A_session_made_by_one_instance_is_valid_on_another_instance_with_the_same_database()
    {
        var email = DemoData.DemoEmail(GrozRole.Resident, "leidsche-rijn");
        var cookies = new CookieContainer();
        using var first = new FormClient(app.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies)), app);
        Assert.Equal("/", (await first.SignInAsync(email)).Location);
        Assert.True(await app.DbAsync(db => db.DataProtectionKeys.AnyAsync()), "the key ring is stored in the database");

        var second = GrozApp.SecondInstanceOf(app);
        await ((IAsyncLifetime)second).InitializeAsync();
        try
        {
            using var other = second.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies));
            var response = await other.GetAsync("/account");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(email, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)second).DisposeAsync();
        }
    }
}
