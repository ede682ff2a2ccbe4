using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.TimeBank;

/// <summary>Vraag en aanbod, conversations, exchanges from a conversation and purchases through the API: rules, isolation, privacy and bad input.</summary>
public sealed class MarketApiTests(TimeBankApp app) : IClassFixture<TimeBankApp>
{
    private const string Api = "/api/v1/timebank";

    private Task<int> WijkIdAsync(string code) => app.DbAsync(db => db.Wijken.Where(w => w.Code == code).Select(w => w.Id).SingleAsync());

    private async Task<object> OfferBody(string title, OfferKind kind = OfferKind.Offer, string theme = "leefstijl", string wijk = "WK034408", string? start = null, string? end = null) =>
        new { kind = kind.ToString(), title, description = "Beschrijving van " + title, theme, wijkId = await WijkIdAsync(wijk), availability = "Avonden", startDate = start, endDate = end };

    private async Task<int> PostOfferAsync(GrozRole owner, string title, OfferKind kind = OfferKind.Offer, string theme = "leefstijl", string? end = null)
    {
        var reply = await app.SendAsync(HttpMethod.Post, $"{Api}/offers", await app.TokenAsync(owner), await OfferBody(title, kind, theme, end: end), Guid.NewGuid().ToString("N"));
        Assert.True(reply.Status == HttpStatusCode.Created, reply.ToString());
        return reply.Json.GetProperty("id").GetInt32();
    }

    private async Task<int> RespondAsync(GrozRole responder, int offerId)
    {
        var reply = await app.SendAsync(HttpMethod.Post, $"{Api}/offers/{offerId}/respond", await app.TokenAsync(responder), key: Guid.NewGuid().ToString("N"));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply.Json.GetProperty("id").GetInt32();
    }

    private Task<Reply> Post(GrozRole who, string url, object? body = null, string? leerregio = null) => PostAs(who, url, body, leerregio);

    private async Task<Reply> PostAs(GrozRole who, string url, object? body, string? leerregio) =>
        await app.SendAsync(HttpMethod.Post, url, await app.TokenAsync(who, leerregio ?? "utrecht"), body, Guid.NewGuid().ToString("N"));

    private Task<int> CountAsync() => app.DbAsync(async db => await db.Offers.CountAsync() * 1_000_000 + await db.Messages.CountAsync() * 1000 + await db.Products.CountAsync());

    [Fact]
    public async Task Offers_are_posted_searched_changed_and_closed_by_their_owner_and_stay_inside_the_leerregio()
    {
        var id = await PostOfferAsync(GrozRole.Resident, "Samen zwemmen in het Krommerijnbad", OfferKind.Request, "leefstijl");
        var offer = await app.DbAsync(db => db.Offers.SingleAsync(o => o.Id == id));
        Assert.Equal((OfferKind.Request, OfferStatus.Open, "leefstijl"), (offer.Kind, offer.Status, offer.Theme));

        var token = await app.TokenAsync(GrozRole.Volunteer);
        async Task<List<int>> FindAsync(string query) =>
            (await app.GetAsync($"{Api}/offers?{query}", token)).Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(id, await FindAsync("q=krommerijn"));
        Assert.Contains(id, await FindAsync("q=zwemmen&kind=Request&theme=leefstijl&wijkId=" + await WijkIdAsync("WK034408")));
        Assert.DoesNotContain(id, await FindAsync("q=zwemmen&kind=Offer"));
        Assert.DoesNotContain(id, await FindAsync("q=zwemmen&theme=ondernemen"));
        Assert.DoesNotContain(id, await FindAsync("q=zwemmen&wijkId=" + await WijkIdAsync("WK034405")));
        var one = await app.GetAsync($"{Api}/offers/{id}", token);
        Assert.Equal("Fatima de Vries", one.Json.GetProperty("ownerName").GetString());
        Assert.DoesNotContain("@", one.Text, StringComparison.Ordinal);

        // Another leerregio does not see it, cannot respond, cannot change it.
        var other = await app.TokenAsync(GrozRole.Resident, "leidsche-rijn");
        Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{Api}/offers/{id}", other)).Status);
        Assert.DoesNotContain(id, (await app.GetAsync($"{Api}/offers?q=zwemmen", other)).Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAs(GrozRole.Resident, $"{Api}/offers/{id}/respond", null, "leidsche-rijn")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAs(GrozRole.Resident, $"{Api}/offers/{id}/close", null, "leidsche-rijn")).Status);

        // Only the owner changes or closes it.
        var put = await app.SendAsync(HttpMethod.Put, $"{Api}/offers/{id}", token, await OfferBody("Van iemand anders"), "k1");
        Assert.Equal(HttpStatusCode.Forbidden, put.Status);
        Assert.Equal("/problems/not-your-offer", put.ProblemType);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(GrozRole.Volunteer, $"{Api}/offers/{id}/close")).Status);
        var patch = await app.SendAsync(HttpMethod.Patch, $"{Api}/offers/{id}", await app.TokenAsync(GrozRole.Resident), new { title = "Samen zwemmen op zaterdag" }, "k2");
        Assert.True(patch.Status == HttpStatusCode.OK, patch.ToString());
        Assert.Equal(("Samen zwemmen op zaterdag", "Request"), (patch.Json.GetProperty("title").GetString(), patch.Json.GetProperty("kind").GetString()));

        var closed = await Post(GrozRole.Resident, $"{Api}/offers/{id}/close");
        Assert.Equal("Closed", closed.Json.GetProperty("status").GetString());
        Assert.DoesNotContain(id, await FindAsync("q=zwemmen"));
        var late = await Post(GrozRole.Volunteer, $"{Api}/offers/{id}/respond");
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Equal("/problems/offer-closed", late.ProblemType);

        // An item whose end date has passed is not listed.
        var ended = await PostOfferAsync(GrozRole.Resident, "Zwemles voorbij", end: app.Clock.GetUtcNow().UtcDateTime.Date.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(ended, await FindAsync("q=zwemles"));
    }

    public static TheoryData<string, string, string> BadOffers => new()
    {
        { "empty title", """{"kind":"Offer","title":"  ","description":"d","theme":"leefstijl","wijkId":WIJK}""", "title" },
        { "unknown theme", """{"kind":"Offer","title":"t","description":"d","theme":"sport","wijkId":WIJK}""", "theme" },
        { "foreign wijk", """{"kind":"Offer","title":"t","description":"d","theme":"leefstijl","wijkId":FOREIGN}""", "wijkId" },
        { "end before start", """{"kind":"Offer","title":"t","description":"d","theme":"leefstijl","wijkId":WIJK,"startDate":"2027-05-02","endDate":"2027-05-01"}""", "endDate" },
        { "no kind", """{"title":"t","description":"d","theme":"leefstijl","wijkId":WIJK}""", "kind" },
        { "title too long", """{"kind":"Offer","title":"LONG","description":"d","theme":"leefstijl","wijkId":WIJK}""", "title" },
    };

    [Theory]
    [MemberData(nameof(BadOffers))]
    public async Task Bad_items_get_a_validation_problem_at_the_field_and_nothing_is_stored(string name, string json, string field)
    {
        var before = await CountAsync();
        json = json.Replace("FOREIGN", (await WijkIdAsync("WK034409")).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("WIJK", (await WijkIdAsync("WK034408")).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("LONG", new string('x', 121), StringComparison.Ordinal);
        var reply = await app.SendAsync(HttpMethod.Post, $"{Api}/offers", await app.TokenAsync(GrozRole.Resident), key: Guid.NewGuid().ToString("N"), rawJson: json);
        Assert.True(reply.Status == HttpStatusCode.BadRequest, $"{name}: {reply}");
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty(field, out _), $"{name}: {reply}");
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_conversation_is_readable_by_its_two_members_only()
    {
        var offer = await PostOfferAsync(GrozRole.Resident, "Hulp bij het invullen van formulieren");
        var conversation = await RespondAsync(GrozRole.Volunteer, offer);
        Assert.Equal(conversation, await RespondAsync(GrozRole.Volunteer, offer)); // responding twice reopens it
        Assert.Equal(HttpStatusCode.Conflict, (await Post(GrozRole.Resident, $"{Api}/offers/{offer}/respond")).Status); // not to one's own item

        var sent = await Post(GrozRole.Volunteer, $"{Api}/conversations/{conversation}/messages", new { text = "Ik kan dinsdag <b>langskomen</b>." });
        Assert.Equal(HttpStatusCode.Created, sent.Status);
        var mine = (await app.GetAsync($"{Api}/conversations", await app.TokenAsync(GrozRole.Resident))).Json.EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == conversation);
        Assert.True(mine.GetProperty("unread").GetBoolean());
        Assert.Equal("Joost Bakker", mine.GetProperty("otherName").GetString());
        var read = await app.GetAsync($"{Api}/conversations/{conversation}", await app.TokenAsync(GrozRole.Resident));
        Assert.Equal("Ik kan dinsdag <b>langskomen</b>.", read.Json.GetProperty("messages")[0].GetProperty("text").GetString());
        Assert.False((await app.GetAsync($"{Api}/conversations", await app.TokenAsync(GrozRole.Resident))).Json.EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == conversation).GetProperty("unread").GetBoolean());
        // The other member got a notice by mail: a link, never the message.
        var mail = app.Services.GetRequiredService<Groz.Web.Infrastructure.Mailer>().ReadOutbox().First(m => m.To.Mailboxes.Any(x => x.Address == TimeBankApp.Email(GrozRole.Resident)));
        Assert.Contains($"/tijdbank/gesprekken/{conversation}", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("langskomen", mail.TextBody, StringComparison.Ordinal);

        // Nobody else: not a third member, not a coordinator, not another leerregio.
        var before = await CountAsync();
        foreach (var (role, leerregio) in new[] { (GrozRole.Student, "utrecht"), (GrozRole.Coordinator, "utrecht"), (GrozRole.Administrator, "utrecht"), (GrozRole.Resident, "leidsche-rijn") })
        {
            var token = await app.TokenAsync(role, leerregio);
            Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"{Api}/conversations/{conversation}", token)).Status);
            Assert.DoesNotContain(conversation, (await app.GetAsync($"{Api}/conversations", token)).Json.EnumerateArray().Select(c => c.GetProperty("id").GetInt32()));
            Assert.Equal(HttpStatusCode.NotFound, (await PostAs(role, $"{Api}/conversations/{conversation}/messages", new { text = "Hallo" }, leerregio)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await PostAs(role, $"{Api}/conversations/{conversation}/exchange", new { minutes = 30, description = "x" }, leerregio)).Status);
        }
        var tooLong = await Post(GrozRole.Volunteer, $"{Api}/conversations/{conversation}/messages", new { text = new string('a', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.True(tooLong.Json.GetProperty("errors").TryGetProperty("text", out _), tooLong.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(GrozRole.Volunteer, $"{Api}/conversations/{conversation}/messages", new { text = " " })).Status);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task The_receiver_of_help_pays_from_the_conversation_and_the_transfer_names_the_item_and_theme()
    {
        // The informal carer offers help; the professional responds and receives it, so the professional pays.
        var offer = await PostOfferAsync(GrozRole.InformalCarer, "Boodschappen doen voor u", OfferKind.Offer, "zorg-voor-elkaar");
        var conversation = await RespondAsync(GrozRole.Professional, offer);
        var (provider, receiver) = (await app.MemberAccountAsync(GrozRole.InformalCarer), await app.MemberAccountAsync(GrozRole.Professional));

        var paid = await Post(GrozRole.Professional, $"{Api}/conversations/{conversation}/exchange", new { minutes = 60, description = "Boodschappen gedaan" });
        Assert.True(paid.Status == HttpStatusCode.Created, paid.ToString());
        Assert.Equal(("Completed", receiver.Id, provider.Id), (paid.Json.GetProperty("status").GetString(), paid.Json.GetProperty("fromAccountId").GetInt32(), paid.Json.GetProperty("toAccountId").GetInt32()));
        var transfer = await app.DbAsync(db => db.Transfers.SingleAsync(t => t.Id == paid.Id));
        Assert.Equal((TransferKind.Exchange, (int?)offer, "zorg-voor-elkaar", false), (transfer.Kind, transfer.OfferId, transfer.Theme, transfer.PaymentRequest));
        Assert.Equal(provider.BalanceMinutes + 60, await app.BalanceAsync(provider.Id));
        Assert.Equal(receiver.BalanceMinutes - 60, await app.BalanceAsync(receiver.Id));
        var messages = (await app.GetAsync($"{Api}/conversations/{conversation}", await app.TokenAsync(GrozRole.InformalCarer))).Json.GetProperty("messages");
        Assert.Contains(messages.EnumerateArray(), m => m.GetProperty("kind").GetString() == "Exchange" && m.GetProperty("transferId").GetInt64() == paid.Id);
        await app.AssertLedgerHoldsAsync();
    }

    [Fact]
    public async Task The_provider_asks_for_payment_and_only_the_receiver_confirms_it()
    {
        // A request: the student asks for help, the volunteer gives it and asks to be paid.
        var offer = await PostOfferAsync(GrozRole.Student, "Wie helpt mij verhuizen?", OfferKind.Request, "sociale-basis");
        var conversation = await RespondAsync(GrozRole.Buurtassistent, offer);
        var (provider, receiver) = (await app.MemberAccountAsync(GrozRole.Buurtassistent), await app.MemberAccountAsync(GrozRole.Student));

        var asked = await Post(GrozRole.Buurtassistent, $"{Api}/conversations/{conversation}/exchange", new { minutes = 120, description = "Dozen gedragen" });
        Assert.True(asked.Status == HttpStatusCode.Created, asked.ToString());
        Assert.Equal(("Pending", receiver.Id, provider.Id), (asked.Json.GetProperty("status").GetString(), asked.Json.GetProperty("fromAccountId").GetInt32(), asked.Json.GetProperty("toAccountId").GetInt32()));
        Assert.True(await app.DbAsync(db => db.Transfers.Where(t => t.Id == asked.Id).Select(t => t.PaymentRequest && t.OfferId == offer && t.Theme == "sociale-basis").SingleAsync()));
        Assert.Equal(provider.BalanceMinutes, await app.BalanceAsync(provider.Id));

        // The provider cannot confirm their own request; a stranger does not see it.
        var self = await Post(GrozRole.Buurtassistent, $"{Api}/transfers/{asked.Id}/confirm");
        Assert.Equal(HttpStatusCode.Forbidden, self.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(GrozRole.Resident, $"{Api}/transfers/{asked.Id}/confirm")).Status);
        Assert.Equal(provider.BalanceMinutes, await app.BalanceAsync(provider.Id));

        var confirmed = await Post(GrozRole.Student, $"{Api}/transfers/{asked.Id}/confirm");
        Assert.True(confirmed.Status == HttpStatusCode.OK, confirmed.ToString());
        Assert.Equal("Completed", confirmed.Json.GetProperty("status").GetString());
        Assert.Equal(provider.BalanceMinutes + 120, await app.BalanceAsync(provider.Id));
        Assert.Equal(receiver.BalanceMinutes - 120, await app.BalanceAsync(receiver.Id));
        Assert.Equal(HttpStatusCode.Conflict, (await Post(GrozRole.Student, $"{Api}/transfers/{asked.Id}/confirm")).Status);
        await app.AssertLedgerHoldsAsync();
    }

    [Fact]
    public async Task Entrepreneurs_list_products_members_buy_them_within_the_limits_and_bad_purchases_change_nothing()
    {
        var entrepreneur = await app.TokenAsync(GrozRole.Entrepreneur);
        var created = await app.SendAsync(HttpMethod.Post, $"{Api}/products", entrepreneur,
            new { title = "Koffie en appeltaart", description = "In de lunchroom op de hoek", theme = "ondernemen", priceMinutes = 20 }, "p1");
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var productId = created.Json.GetProperty("id").GetInt32();
        var (seller, buyer) = (await app.MemberAccountAsync(GrozRole.Entrepreneur), await app.MemberAccountAsync(GrozRole.Resident));
        Assert.Equal(seller.Id, created.Json.GetProperty("sellerAccountId").GetInt32());

        // Only entrepreneurs sell; a price is above zero.
        var notSeller = await Post(GrozRole.Resident, $"{Api}/products", new { title = "x", description = "y", theme = "ondernemen", priceMinutes = 20 });
        Assert.Equal(HttpStatusCode.Forbidden, notSeller.Status);
        var free = await app.SendAsync(HttpMethod.Post, $"{Api}/products", entrepreneur, new { title = "Gratis", description = "y", theme = "ondernemen", priceMinutes = 0 }, "p2");
        Assert.Equal(HttpStatusCode.BadRequest, free.Status);
        Assert.True(free.Json.GetProperty("errors").TryGetProperty("priceMinutes", out _));

        var key = Guid.NewGuid().ToString("N");
        var bought = await app.SendAsync(HttpMethod.Post, $"{Api}/purchases", await app.TokenAsync(GrozRole.Resident), new { productId, quantity = 2 }, key);
        Assert.True(bought.Status == HttpStatusCode.Created, bought.ToString());
        var replay = await app.SendAsync(HttpMethod.Post, $"{Api}/purchases", await app.TokenAsync(GrozRole.Resident), new { productId, quantity = 2 }, key);
        Assert.True(replay.Replayed);
        var transferId = bought.Json.GetProperty("transferId").GetInt64();
        Assert.Equal(seller.BalanceMinutes + 40, await app.BalanceAsync(seller.Id));
        Assert.Equal(buyer.BalanceMinutes - 40, await app.BalanceAsync(buyer.Id));
        var purchase = await app.DbAsync(db => db.Purchases.SingleAsync(p => p.TransferId == transferId));
        Assert.Equal((productId, 2, 20), (purchase.ProductId, purchase.Quantity, purchase.UnitPriceMinutes));
        var paid = await app.DbAsync(db => db.Transfers.SingleAsync(t => t.Id == transferId));
        Assert.Equal((TransferKind.Purchase, "ondernemen"), (paid.Kind, paid.Theme));

        // A later price change does not touch what was bought.
        var changed = await app.SendAsync(HttpMethod.Put, $"{Api}/products/{productId}", entrepreneur,
            new { title = "Koffie en appeltaart", description = "In de lunchroom op de hoek", theme = "ondernemen", priceMinutes = 300, active = true }, "p3");
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(20, await app.DbAsync(db => db.Purchases.Where(p => p.TransferId == transferId).Select(p => p.UnitPriceMinutes).SingleAsync()));

        var ledger = await app.LedgerSnapshotAsync();
        async Task RefusedAsync(GrozRole who, object body, HttpStatusCode status, string problem)
        {
            var reply = await Post(who, $"{Api}/purchases", body);
            Assert.True(reply.Status == status && reply.ProblemType == "/problems/" + problem, $"{problem}: {reply}");
        }
        await RefusedAsync(GrozRole.Resident, new { productId, quantity = 0 }, HttpStatusCode.BadRequest, "invalid-quantity");
        await RefusedAsync(GrozRole.Resident, new { productId, quantity = 1_000_000 }, HttpStatusCode.BadRequest, "invalid-quantity");
        await RefusedAsync(GrozRole.Resident, new { productId, quantity = 3 }, HttpStatusCode.BadRequest, "above-maximum"); // 15 h > 10 h per transfer
        await RefusedAsync(GrozRole.Entrepreneur, new { productId, quantity = 1 }, HttpStatusCode.Conflict, "own-product");
        await RefusedAsync(GrozRole.Resident, new { productId = 999_999, quantity = 1 }, HttpStatusCode.NotFound, "unknown-product");
        Assert.Equal(ledger, await app.LedgerSnapshotAsync());
        // The buyer's lower limit holds: 5 h would take the balance below it.
        await app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == buyer.Id).ExecuteUpdateAsync(x => x.SetProperty(a => a.MinMinutes, a => a.BalanceMinutes - 100)));
        ledger = await app.LedgerSnapshotAsync();
        await RefusedAsync(GrozRole.Resident, new { productId, quantity = 1 }, HttpStatusCode.Conflict, "below-limit");
        Assert.Equal(ledger, await app.LedgerSnapshotAsync());
        await app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == buyer.Id).ExecuteUpdateAsync(x => x.SetProperty(a => a.MinMinutes, buyer.MinMinutes)));

        var inactive = await app.SendAsync(HttpMethod.Put, $"{Api}/products/{productId}", entrepreneur,
            new { title = "Koffie en appeltaart", description = "In de lunchroom op de hoek", theme = "ondernemen", priceMinutes = 20, active = false }, "p4");
        Assert.Equal(HttpStatusCode.OK, inactive.Status);
        ledger = await app.LedgerSnapshotAsync();
        await RefusedAsync(GrozRole.Resident, new { productId, quantity = 1 }, HttpStatusCode.Conflict, "product-inactive");
        await RefusedAsync(GrozRole.Resident, new { productId, quantity = 1 }, HttpStatusCode.Conflict, "product-inactive");
        Assert.Equal(ledger, await app.LedgerSnapshotAsync());
        // Another leerregio does not see the product at all.
        var foreign = await PostAs(GrozRole.Resident, $"{Api}/purchases", new { productId, quantity = 1 }, "leidsche-rijn");
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        await app.AssertLedgerHoldsAsync();
    }
}
