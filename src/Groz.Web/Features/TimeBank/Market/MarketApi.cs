using System.Security.Claims;
using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>
/// Vraag en aanbod, conversations and the winkel under /api/v1/timebank. Every write goes through
/// <see cref="Marketplace"/> (the pages' write too) and <see cref="TimeBankApi.IdempotentAsync{T}"/> (Idempotency-Key).
/// </summary>
public static class MarketApi
{
    public sealed record OfferDto(int Id, string Kind, string Status, string Title, string Description, string Theme, int WijkId, string Wijk,
        string Availability, DateOnly? StartDate, DateOnly? EndDate, string OwnerName, bool Mine, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
    public sealed record MessageDto(long Id, string Kind, bool Mine, string AuthorName, string Text, long? TransferId, DateTimeOffset At);
    public sealed record ConversationDto(int Id, int OfferId, string OfferTitle, string OtherName, bool Unread, DateTimeOffset LastMessageAt, MessageDto[]? Messages);
    public sealed record ProductDto(int Id, string Title, string Description, string Theme, int PriceMinutes, bool Active, int SellerAccountId, string SellerName, bool Mine);
    public sealed record PurchaseDto(long TransferId, int ProductId, int Quantity, int UnitPriceMinutes, int TotalMinutes, TimeBankApi.TransferDto Transfer);

    public sealed record NewOffer(OfferKind? Kind, string? Title, string? Description, string? Theme, int? WijkId, string? Availability, DateOnly? StartDate, DateOnly? EndDate);
    /// <summary>For PATCH: what is left out stays as it is.</summary>
    public sealed record OfferChanges(OfferKind? Kind, string? Title, string? Description, string? Theme, int? WijkId, string? Availability, DateOnly? StartDate, DateOnly? EndDate);
    public sealed record NewMessage(string? Text);
    public sealed record NewExchange(int? Minutes, string? Description);
    public sealed record NewProduct(string? Title, string? Description, string? Theme, int? PriceMinutes, bool? Active, int? SellerAccountId);
    public sealed record NewPurchase(int? ProductId, int? Quantity);

    public static WebApplication MapMarketApi(this WebApplication app)
    {
        var api = app.MapApiV1("timebank", "TimeBank").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/offers", ListOffersAsync)
            .WithSummary("Vraag en aanbod of the member's leerregio, paged: open items that have not ended, filtered by text (title and description), kind, theme, wijk and current (already started).");
        api.MapGet("/offers/{id:int}", GetOfferAsync).WithSummary("One item (also a closed one) for members of its leerregio.");
        // Validated by hand (DisableValidation), as POST /transfers: messages in the caller's language, under the JSON names.
        api.MapPost("/offers", (NewOffer input, HttpContext http, Marketplace market, GrozDbContext db, TimeProvider time) =>
                WriteOfferAsync(http, db, time, market, null, input, "offer:new:"))
            .DisableValidation().WithSummary("Post an offer or a request. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPut("/offers/{id:int}", (int id, NewOffer input, HttpContext http, Marketplace market, GrozDbContext db, TimeProvider time) =>
                WriteOfferAsync(http, db, time, market, id, input, $"offer:put:{id}:"))
            .DisableValidation().WithSummary("Replace one's own open item. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPatch("/offers/{id:int}", PatchOfferAsync)
            .DisableValidation().WithSummary("Change some fields of one's own open item. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/offers/{id:int}/close", CloseOfferAsync)
            .WithSummary("Close one's own item: it is no longer listed. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/offers/{id:int}/respond", RespondAsync)
            .WithSummary("Respond to an item: opens a private conversation with its owner, or returns the one you already have. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/conversations", ListConversationsAsync).WithSummary("My conversations, newest message first, with an unread marker.");
        api.MapGet("/conversations/{id:int}", GetConversationAsync)
            .WithSummary("One of my conversations with its messages (marks it read). Only its two members can read it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/conversations/{id:int}/messages", PostMessageAsync).DisableValidation()
            .WithSummary("Write a message (plain text, at most 2000 characters). Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/conversations/{id:int}/exchange", RecordExchangeAsync).DisableValidation()
            .WithSummary("Record the exchange about the conversation's item: the receiver of help pays the provider; the provider's record is a payment request the receiver confirms (POST /transfers/{id}/confirm). Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/products", ListProductsAsync).WithSummary("Products and services of the winkel of the member's leerregio, with a price in minutes (active ones; add mine=true for one's own, inactive too).");
        api.MapPost("/products", (NewProduct input, HttpContext http, Marketplace market, GrozDbContext db, TimeProvider time) =>
                WriteProductAsync(http, db, time, market, null, input, "product:new:"))
            .DisableValidation().WithSummary("List a product or service (entrepreneurs and organisations). Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPut("/products/{id:int}", (int id, NewProduct input, HttpContext http, Marketplace market, GrozDbContext db, TimeProvider time) =>
                WriteProductAsync(http, db, time, market, id, input, $"product:put:{id}:"))
            .DisableValidation().WithSummary("Change one's own product (also: active or not). Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/purchases", BuyAsync).DisableValidation()
            .WithSummary("Buy a product: a Purchase transfer from one's own account to the seller's, at the price of now. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    // ---- offers ----

    private static async Task<Results<Ok<TimeBankApi.Paged<OfferDto>>, ProblemHttpResult>> ListOffersAsync(HttpContext http, Marketplace market, GrozDbContext db,
        string? q, OfferKind? kind, string? theme, int? wijkId, bool current = false, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > 200)
        {
            return (ProblemHttpResult)Errors.Problem(http, 400, "invalid-paging", "page ≥ 1, pageSize 1–200");
        }
        var query = market.Search(market.Listed(market.VisibleOffers(http.User)), q, kind, theme, wijkId, current);
        var total = await query.CountAsync();
        var items = await query.OrderByDescending(o => o.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();
        return TypedResults.Ok(new TimeBankApi.Paged<OfferDto>(await OfferDtosAsync(db, http.User, items), page, pageSize, total));
    }

    private static async Task<Results<Ok<OfferDto>, NotFound>> GetOfferAsync(int id, HttpContext http, Marketplace market, GrozDbContext db)
    {
        var offer = await market.VisibleOffers(http.User).FirstOrDefaultAsync(o => o.Id == id);
        return offer is null ? TypedResults.NotFound() : TypedResults.Ok((await OfferDtosAsync(db, http.User, [offer]))[0]);
    }

    private static async Task<IResult> WriteOfferAsync(HttpContext http, GrozDbContext db, TimeProvider time, Marketplace market, int? id, NewOffer input, string what)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var offerInput = new OfferInput(input.Kind, input.Title, input.Description, input.Theme, input.WijkId, input.Availability, input.StartDate, input.EndDate);
        return await TimeBankApi.IdempotentAsync<Offer>(http, db, time, what + JsonSerializer.Serialize(input),
            save => market.SaveOfferAsync(http.User, id, offerInput, save, http.RequestAborted),
            async o => (await OfferDtosAsync(db, http.User, [o]))[0], o => $"/api/v1/timebank/offers/{o.Id}", id is null ? 201 : 200);
    }

    private static async Task<IResult> PatchOfferAsync(int id, OfferChanges input, HttpContext http, Marketplace market, GrozDbContext db, TimeProvider time)
    {
        var current = await market.VisibleOffers(http.User).FirstOrDefaultAsync(o => o.Id == id);
        if (current is null)
        {
            return Errors.Problem(http, 404, "unknown-offer");
        }
        var merged = new NewOffer(input.Kind ?? current.Kind, input.Title ?? current.Title, input.Description ?? current.Description, input.Theme ?? current.Theme,
            input.WijkId ?? current.WijkId, input.Availability ?? current.Availability, input.StartDate ?? current.StartDate, input.EndDate ?? current.EndDate);
        return await WriteOfferAsync(http, db, time, market, id, merged, $"offer:patch:{id}:");
    }

    private static async Task<IResult> CloseOfferAsync(int id, HttpContext http, Marketplace market, GrozDbContext db, TimeProvider time)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        return await TimeBankApi.IdempotentAsync<Offer>(http, db, time, $"offer:close:{id}",
            save => market.CloseOfferAsync(http.User, id, save, http.RequestAborted),
            async o => (await OfferDtosAsync(db, http.User, [o]))[0], null, 200);
    }

    internal static async Task<List<OfferDto>> OfferDtosAsync(GrozDbContext db, ClaimsPrincipal user, List<Offer> offers)
    {
        var (owners, wijken) = (offers.Select(o => o.OwnerUserId).Distinct().ToList(), offers.Select(o => o.WijkId).Distinct().ToList());
        var names = await db.Users.AsNoTracking().Where(u => owners.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        var wijkNames = await db.Wijken.AsNoTracking().Where(w => wijken.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name);
        var me = user.UserId();
        return offers.Select(o => new OfferDto(o.Id, o.Kind.ToString(), o.Status.ToString(), o.Title, o.Description, o.Theme, o.WijkId, wijkNames.GetValueOrDefault(o.WijkId, ""),
            o.Availability, o.StartDate, o.EndDate, names.GetValueOrDefault(o.OwnerUserId, ""), o.OwnerUserId == me, o.CreatedAt, o.UpdatedAt)).ToList();
    }

    // ---- conversations ----

    private static async Task<IResult> RespondAsync(int id, HttpContext http, Marketplace market, GrozDbContext db, TimeProvider time)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        return await TimeBankApi.IdempotentAsync<Conversation>(http, db, time, $"respond:{id}",
            save => market.RespondAsync(http.User, id, save, http.RequestAborted),
            async c => (await ConversationDtosAsync(db, http.User, [c]))[0], c => $"/api/v1/timebank/conversations/{c.Id}", 200);
    }

    private static async Task<Ok<List<ConversationDto>>> ListConversationsAsync(HttpContext http, Marketplace market, GrozDbContext db)
    {
        var mine = await market.MyConversations(http.User).OrderByDescending(c => c.LastMessageAt).Take(200).ToListAsync();
        return TypedResults.Ok(await ConversationDtosAsync(db, http.User, mine));
    }

    private static async Task<Results<Ok<ConversationDto>, NotFound>> GetConversationAsync(int id, HttpContext http, Marketplace market, GrozDbContext db)
    {
        var conversation = await market.FindConversationAsync(http.User, id);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }
        var dto = (await ConversationDtosAsync(db, http.User, [conversation]))[0];
        var messages = await MessageDtosAsync(db, http.User, conversation.Id);
        await market.MarkReadAsync(http.User, conversation);
        return TypedResults.Ok(dto with { Messages = [.. messages] });
    }

    private static async Task<IResult> PostMessageAsync(int id, NewMessage input, HttpContext http, Marketplace market, GrozDbContext db, TimeProvider time)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        return await TimeBankApi.IdempotentAsync<Message>(http, db, time, $"message:{id}:" + JsonSerializer.Serialize(input),
            save => market.PostMessageAsync(http.User, id, input.Text, save, http.RequestAborted),
            m => Task.FromResult<object>(new MessageDto(m.Id, m.Kind.ToString(), true, http.User.FindFirst("name")?.Value ?? "", m.Text, m.TransferId, m.At)),
            m => $"/api/v1/timebank/conversations/{id}");
    }

    private static async Task<IResult> RecordExchangeAsync(int id, NewExchange input, HttpContext http, Marketplace market, GrozDbContext db, TimeProvider time)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (input.Minutes is null || input.Description is null)
        {
            var errors = new Dictionary<string, string[]>();
            if (input.Minutes is null) errors["minutes"] = [l["Fill in a number of minutes above zero."]];
            if (input.Description is null) errors["description"] = [l["Describe in a few words what the hours are for (at most 500 characters)."]];
            return TypedResults.ValidationProblem(errors, type: Errors.TypeUri("validation"), title: Errors.Title(http, "validation"));
        }
        return await TimeBankApi.IdempotentAsync<Transfer>(http, db, time, $"exchange:{id}:" + JsonSerializer.Serialize(input),
            save => market.RecordExchangeAsync(http.User, id, input.Minutes.Value, input.Description, save, http.RequestAborted),
            t => Task.FromResult<object>(TimeBankApi.ToDto(t)), t => $"/api/v1/timebank/transfers/{t.Id}");
    }

    internal static async Task<List<ConversationDto>> ConversationDtosAsync(GrozDbContext db, ClaimsPrincipal user, List<Conversation> conversations)
    {
        var me = user.UserId()!;
        var others = conversations.Select(c => c.OwnerUserId == me ? c.ResponderUserId : c.OwnerUserId).Distinct().ToList();
        var offerIds = conversations.Select(c => c.OfferId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => others.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        var titles = await db.Offers.AsNoTracking().Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Title);
        return conversations.Select(c => new ConversationDto(c.Id, c.OfferId, titles.GetValueOrDefault(c.OfferId, ""),
            names.GetValueOrDefault(c.OwnerUserId == me ? c.ResponderUserId : c.OwnerUserId, ""), Marketplace.IsUnread(c, me), c.LastMessageAt, null)).ToList();
    }

    /// <summary>Only call for a conversation the user takes part in (<see cref="Marketplace.FindConversationAsync"/>).</summary>
    internal static async Task<List<MessageDto>> MessageDtosAsync(GrozDbContext db, ClaimsPrincipal user, int conversationId)
    {
        var me = user.UserId();
        return await db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId).OrderBy(m => m.Id)
            .Join(db.Users, m => m.AuthorUserId, u => u.Id, (m, u) => new { m, u.DisplayName })
            .Select(x => new MessageDto(x.m.Id, x.m.Kind.ToString(), x.m.AuthorUserId == me, x.DisplayName, x.m.Text, x.m.TransferId, x.m.At))
            .ToListAsync();
    }

    // ---- products and purchases ----

    private static async Task<Ok<List<ProductDto>>> ListProductsAsync(HttpContext http, Marketplace market, GrozDbContext db, bool mine = false)
    {
        var me = http.User.UserId();
        var query = market.VisibleProducts(http.User);
        query = mine ? query.Where(p => p.OwnerUserId == me) : query.Where(p => p.Active);
        var products = await query.OrderBy(p => p.Title).ThenBy(p => p.Id).Take(500).ToListAsync();
        return TypedResults.Ok(await ProductDtosAsync(db, http.User, products));
    }

    private static async Task<IResult> WriteProductAsync(HttpContext http, GrozDbContext db, TimeProvider time, Marketplace market, int? id, NewProduct input, string what)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var productInput = new ProductInput(input.Title, input.Description, input.Theme, input.PriceMinutes, input.Active ?? true, input.SellerAccountId);
        return await TimeBankApi.IdempotentAsync<Product>(http, db, time, what + JsonSerializer.Serialize(input),
            save => market.SaveProductAsync(http.User, id, productInput, save, http.RequestAborted),
            async p => (await ProductDtosAsync(db, http.User, [p]))[0], p => $"/api/v1/timebank/products/{p.Id}", id is null ? 201 : 200);
    }

    private static async Task<IResult> BuyAsync(NewPurchase input, HttpContext http, Marketplace market, GrozDbContext db, TimeProvider time)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (input.ProductId is null)
        {
            var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["productId"] = [l["This product does not exist."]] },
                type: Errors.TypeUri("validation"), title: Errors.Title(http, "validation"));
        }
        var quantity = input.Quantity ?? 1;
        return await TimeBankApi.IdempotentAsync<Transfer>(http, db, time, "purchase:" + JsonSerializer.Serialize(input),
            save => market.BuyAsync(http.User, input.ProductId.Value, quantity, save, http.RequestAborted),
            t => Task.FromResult<object>(new PurchaseDto(t.Id, input.ProductId.Value, quantity, t.Minutes / quantity, t.Minutes, TimeBankApi.ToDto(t))),
            t => $"/api/v1/timebank/transfers/{t.Id}");
    }

    internal static async Task<List<ProductDto>> ProductDtosAsync(GrozDbContext db, ClaimsPrincipal user, List<Product> products)
    {
        var ids = products.Select(p => p.SellerAccountId).Distinct().ToList();
        var names = await db.TimeAccounts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name);
        var me = user.UserId();
        return products.Select(p => new ProductDto(p.Id, p.Title, p.Description, p.Theme, p.PriceMinutes, p.Active, p.SellerAccountId,
            names.GetValueOrDefault(p.SellerAccountId, ""), p.OwnerUserId == me)).ToList();
    }
}
