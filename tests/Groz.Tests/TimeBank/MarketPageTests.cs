using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Groz.Tests.Regions;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using static Groz.Tests.TimeBank.TimeBankTestSupport;

namespace Groz.Tests.TimeBank;

/// <summary>Vraag en aanbod, conversations and the winkel as a browser without JavaScript uses them.</summary>
public sealed class MarketPageTests(GrozApp app) : IClassFixture<GrozApp>
{
    private static string Email(GrozRole role, string leerregio = "utrecht") => DemoData.DemoEmail(role, leerregio);

    private Task<int> WijkIdAsync(string code) => app.DbAsync(db => db.Wijken.Where(w => w.Code == code).Select(w => w.Id).SingleAsync());

    [Fact]
    public async Task A_member_posts_an_item_another_finds_it_responds_writes_and_the_exchange_is_asked_and_confirmed()
    {
        using var owner = await app.ClientForAsync(Email(GrozRole.Volunteer));
        var form = await owner.GetAsync("/tijdbank/vraag-en-aanbod/bewerken");
        Assert.Equal(HttpStatusCode.OK, form.Status);

        // Everything missing: each problem at its field and in the summary; nothing stored.
        var before = await app.DbAsync(db => db.Offers.CountAsync());
        var empty = await owner.SubmitAsync(form, new Dictionary<string, string> { ["Input.Title"] = "", ["Input.Description"] = "", ["Input.Theme"] = "", ["Input.StartDate"] = "2027-05-02", ["Input.EndDate"] = "2027-05-01" });
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        foreach (var id in new[] { "Input_Kind", "Input_Title", "Input_Description", "Input_Theme", "Input_EndDate" })
        {
            Assert.NotNull(empty.Html.QuerySelector($".error-summary a[href='#{id}']"));
        }
        Assert.Equal("true", empty.Html.QuerySelector("#Input_Title")!.GetAttribute("aria-invalid"));
        Assert.Equal(before, await app.DbAsync(db => db.Offers.CountAsync()));

        var posted = await owner.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Kind"] = "Offer", ["Input.Title"] = "Lampen ophangen en kleine klussen", ["Input.Description"] = "Ik heb gereedschap en een trap.",
            ["Input.Theme"] = "vitaal-werken", ["Input.WijkId"] = (await WijkIdAsync("WK034405")).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Availability"] = "Zaterdag", ["Input.StartDate"] = "", ["Input.EndDate"] = "",
        });
        Assert.StartsWith("/tijdbank/vraag-en-aanbod/", posted.Location, StringComparison.Ordinal);
        var offerId = int.Parse(posted.Location!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

        // Another member finds it with the GET form and responds.
        using var responder = await app.ClientForAsync(Email(GrozRole.Resident));
        var found = await responder.GetAsync($"/tijdbank/vraag-en-aanbod?q=lampen&soort=Offer&thema=vitaal-werken&wijk={await WijkIdAsync("WK034405")}");
        Assert.NotNull(found.Html.QuerySelector($"a[href='/tijdbank/vraag-en-aanbod/{offerId}']"));
        var none = await responder.GetAsync("/tijdbank/vraag-en-aanbod?q=lampen&thema=leefstijl");
        Assert.Null(none.Html.QuerySelector($"a[href='/tijdbank/vraag-en-aanbod/{offerId}']"));
        var detail = await responder.GetAsync($"/tijdbank/vraag-en-aanbod/{offerId}");
        Assert.DoesNotContain("@", detail.Html.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var opened = await responder.SubmitAsync(detail, new Dictionary<string, string>());
        Assert.StartsWith("/tijdbank/gesprekken/", opened.Location, StringComparison.Ordinal);
        var conversationUrl = opened.Location!;
        var conversation = await responder.GetAsync(conversationUrl);
        Assert.Equal(HttpStatusCode.OK, conversation.Status);

        // A message is plain text: markup is shown, never run.
        var written = await responder.SubmitAsync(conversation, new Dictionary<string, string> { ["Input.Text"] = "Kunt u zaterdag? <script>alert(1)</script>" }, "main form[action*='handler=message']");
        conversation = await responder.FollowAsync(written);
        Assert.Contains("Kunt u zaterdag? <script>alert(1)</script>", conversation.Html.QuerySelector(".message-text")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(conversation.Html.QuerySelectorAll(".messages script"));
        var tooLong = await responder.SubmitAsync(conversation, new Dictionary<string, string> { ["Input.Text"] = new string('a', 2001) }, "main form[action*='handler=message']");
        Assert.Equal("true", tooLong.Html.QuerySelector("#Input_Text")!.GetAttribute("aria-invalid"));

        // The owner sees it as unread; a third member and a coordinator get 404.
        var list = await owner.GetAsync("/tijdbank/gesprekken");
        Assert.NotNull(list.Html.QuerySelector(".unread-marker"));
        foreach (var stranger in new[] { Email(GrozRole.Student), Email(GrozRole.Coordinator) })
        {
            using var other = await app.ClientForAsync(stranger);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(conversationUrl)).Status);
        }
        using (var foreign = await app.ClientForAsync(Email(GrozRole.Resident, "leidsche-rijn")))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await foreign.GetAsync($"/tijdbank/vraag-en-aanbod/{offerId}")).Status);
        }

        // The responder shares their e-mail address on purpose.
        var shared = await responder.SubmitAsync(conversation, new Dictionary<string, string>(), "main form[action*='handler=share']");
        var ownerView = await owner.GetAsync(conversationUrl);
        Assert.NotNull(ownerView.Html.QuerySelector($"a[href='mailto:{Email(GrozRole.Resident)}']"));
        Assert.Equal(HttpStatusCode.Redirect, shared.Status);

        // The owner (the provider) asks for payment; the responder confirms it; both statements show it.
        var (provider, receiver) = (await app.MemberAccountAsync(GrozRole.Volunteer), await app.MemberAccountAsync(GrozRole.Resident));
        var asked = await owner.SubmitAsync(ownerView, new Dictionary<string, string> { ["Exchange.Hours"] = "1", ["Exchange.Minutes"] = "30", ["Exchange.Description"] = "Twee lampen opgehangen" },
            "main form[action*='handler=exchange']");
        Assert.Equal(HttpStatusCode.Redirect, asked.Status);
        Assert.Equal(provider.BalanceMinutes, await app.BalanceAsync(provider.Id));
        conversation = await responder.GetAsync(conversationUrl);
        var confirmed = await responder.SubmitAsync(conversation, new Dictionary<string, string>(), "main form[action*='handler=confirm']");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.Status);
        Assert.Equal(provider.BalanceMinutes + 90, await app.BalanceAsync(provider.Id));
        Assert.Equal(receiver.BalanceMinutes - 90, await app.BalanceAsync(receiver.Id));
        Assert.Contains("Twee lampen opgehangen", (await owner.GetAsync("/tijdbank")).Html.QuerySelector("table.statement tbody")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Twee lampen opgehangen", (await responder.GetAsync("/tijdbank")).Html.QuerySelector("table.statement tbody")!.TextContent, StringComparison.Ordinal);
        var transfer = await app.DbAsync(db => db.Transfers.SingleAsync(t => t.Description == "Twee lampen opgehangen"));
        Assert.Equal(((int?)offerId, "vitaal-werken", TransferStatus.Completed), (transfer.OfferId, transfer.Theme, transfer.Status));

        // The owner closes the item: it leaves the list.
        detail = await owner.GetAsync($"/tijdbank/vraag-en-aanbod/{offerId}");
        await owner.SubmitAsync(detail, new Dictionary<string, string>(), "main form[action*='handler=close']");
        found = await responder.GetAsync("/tijdbank/vraag-en-aanbod?q=lampen");
        Assert.Null(found.Html.QuerySelector($"a[href='/tijdbank/vraag-en-aanbod/{offerId}']"));
    }

    [Fact]
    public async Task A_member_buys_in_the_winkel_and_a_bad_quantity_gets_a_message_at_the_field()
    {
        var product = await app.DbAsync(db => db.Products.Where(p => p.Title == "Band plakken" && db.Users.Any(u => u.Id == p.OwnerUserId && u.Email == Email(GrozRole.Entrepreneur, "utrecht"))).SingleAsync());
        using var client = await app.ClientForAsync(Email(GrozRole.Student));
        var shop = await client.GetAsync("/tijdbank/winkel");
        Assert.Equal(HttpStatusCode.OK, shop.Status);
        var (buyer, seller) = (await app.MemberAccountAsync(GrozRole.Student), await app.MemberAccountAsync(GrozRole.Entrepreneur));
        var selector = $"main form[action*='productId={product.Id}']";

        var ledger = await app.LedgerAsync();
        var bad = await client.SubmitAsync(shop, new Dictionary<string, string> { ["quantity"] = "0" }, selector);
        Assert.Equal("true", bad.Html.QuerySelector($"#quantity-{product.Id}")!.GetAttribute("aria-invalid"));
        Assert.NotNull(bad.Html.QuerySelector($".error-summary a[href='#quantity-{product.Id}']"));
        Assert.Equal(ledger, await app.LedgerAsync());

        var bought = await client.SubmitAsync(shop, new Dictionary<string, string> { ["quantity"] = "2" }, selector);
        Assert.Equal("/tijdbank/winkel", bought.Location);
        Assert.Equal(buyer.BalanceMinutes - 2 * product.PriceMinutes, await app.BalanceAsync(buyer.Id));
        Assert.Equal(seller.BalanceMinutes + 2 * product.PriceMinutes, await app.BalanceAsync(seller.Id));

        // The entrepreneur sees no buy button for their own products, and manages them.
        using var entrepreneur = await app.ClientForAsync(Email(GrozRole.Entrepreneur));
        Assert.Null((await entrepreneur.GetAsync("/tijdbank/winkel")).Html.QuerySelector(selector));
        var mine = await entrepreneur.GetAsync("/tijdbank/winkel/mijn-producten");
        Assert.Contains("Band plakken", mine.Text, StringComparison.Ordinal);
        var edit = await entrepreneur.GetAsync($"/tijdbank/winkel/product/{product.Id}");
        var zero = await entrepreneur.SubmitAsync(edit, new Dictionary<string, string> { ["Input.Hours"] = "0", ["Input.Minutes"] = "0" });
        Assert.Equal("true", zero.Html.QuerySelector("#Input_Hours")!.GetAttribute("aria-invalid"));
        Assert.Equal(product.PriceMinutes, await app.DbAsync(db => db.Products.Where(p => p.Id == product.Id).Select(p => p.PriceMinutes).SingleAsync()));
        // A member who is no entrepreneur cannot open the management pages.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/tijdbank/winkel/mijn-producten")).Status);
    }

    [Fact]
    public async Task Demo_data_has_items_in_every_wijk_a_conversation_and_products()
    {
        var wijken = await app.DbAsync(db => db.Wijken.Select(w => w.Id).ToListAsync());
        var covered = await app.DbAsync(db => db.Offers.Select(o => o.WijkId).Distinct().ToListAsync());
        Assert.All(wijken, w => Assert.Contains(w, covered));
        Assert.True(await app.DbAsync(db => db.Messages.CountAsync()) >= 3);
        Assert.True(await app.DbAsync(db => db.Products.CountAsync(p => p.Active)) >= 3);
    }

    [Fact]
    public async Task Export_holds_items_messages_and_purchases_and_erasure_closes_items_and_blanks_messages_but_keeps_the_ledger()
    {
        var email = Email(GrozRole.InformalCarer, "leidsche-rijn");
        var userId = await app.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var part = scope.ServiceProvider.GetServices<IPersonalDataPart>().OfType<MarketPersonalData>().Single();
        var json = System.Text.Json.JsonSerializer.Serialize(await part.ExportAsync(userId, default));
        Assert.Contains("Iemand om mijn moeder naar de huisarts te brengen", json, StringComparison.Ordinal);
        Assert.Contains("De volgende afspraak is donderdag", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Ik haal haar om 9.40 uur op", json, StringComparison.Ordinal); // the other member's message

        var transfers = await app.DbAsync(db => db.Transfers.CountAsync());
        await part.EraseAsync(userId, default);
        Assert.False(await app.DbAsync(db => db.Offers.AnyAsync(o => o.OwnerUserId == userId && o.Status == OfferStatus.Open)));
        Assert.All(await app.DbAsync(db => db.Messages.Where(m => m.AuthorUserId == userId).Select(m => m.Text).ToListAsync()), t => Assert.Equal(MarketPersonalData.ErasedText, t));
        Assert.Equal(transfers, await app.DbAsync(db => db.Transfers.CountAsync()));
    }
}
