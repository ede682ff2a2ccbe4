using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank;

/// <summary>
/// Vraag en aanbod, conversations and purchases in "my data". Erasing closes the member's items and replaces the text
/// of their messages (the other member keeps the conversation, without what the erased member wrote, and without their
/// shared e-mail address); purchases and their transfers stay, because the ledger is append-only and others' balances
/// depend on it (the account itself becomes "former member" in <see cref="TimeBankPersonalData"/>).
/// </summary>
public sealed class MarketPersonalData(GrozDbContext db, TimeProvider time) : IPersonalDataPart
{
    public const string ErasedText = "[verwijderd]";

    public string Name => "timebank-market";

    public async Task<object?> ExportAsync(string userId, CancellationToken ct)
    {
        var offers = await db.Offers.AsNoTracking().Where(o => o.OwnerUserId == userId).OrderBy(o => o.Id).ToListAsync(ct);
        var conversations = await db.Conversations.AsNoTracking().Where(c => c.OwnerUserId == userId || c.ResponderUserId == userId).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.OfferId, c.CreatedAt }).ToListAsync(ct);
        // Own messages only: what the other member wrote is their personal data, not this member's.
        var messages = await db.Messages.AsNoTracking().Where(m => m.AuthorUserId == userId).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.ConversationId, m.Kind, m.Text, m.TransferId, m.At }).ToListAsync(ct);
        var purchases = await db.Purchases.AsNoTracking().Where(p => p.BuyerUserId == userId).OrderBy(p => p.TransferId)
            .Join(db.Products, p => p.ProductId, x => x.Id, (p, x) => new { p.TransferId, p.ProductId, Product = x.Title, p.Quantity, p.UnitPriceMinutes, p.At })
            .ToListAsync(ct);
        var products = await db.Products.AsNoTracking().Where(p => p.OwnerUserId == userId).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Title, p.Description, p.Theme, p.PriceMinutes, p.Active, p.CreatedAt }).ToListAsync(ct);
        return new
        {
            offers = offers.Select(o => new
            {
                o.Id, Kind = o.Kind.ToString(), Status = o.Status.ToString(), o.Title, o.Description, o.Theme, o.WijkId, o.Availability, o.StartDate, o.EndDate, o.CreatedAt,
            }),
            conversations,
            messages = messages.Select(m => new { m.Id, m.ConversationId, Kind = m.Kind.ToString(), m.Text, m.TransferId, m.At }),
            purchases,
            products,
        };
    }

    public async Task EraseAsync(string userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await db.Offers.Where(o => o.OwnerUserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OfferStatus.Closed).SetProperty(o => o.UpdatedAt, now), ct);
        await db.Messages.Where(m => m.AuthorUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, ErasedText), ct);
        await db.Products.Where(p => p.OwnerUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Active, false).SetProperty(p => p.UpdatedAt, now), ct);
    }
}
