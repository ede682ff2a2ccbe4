using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>The winkel: products and services of local entrepreneurs for hours; buying one is a Purchase transfer (<see cref="Marketplace.BuyAsync"/>).</summary>
[Authorize]
public sealed class ShopModel(GrozDbContext db, Marketplace market, IStringLocalizer<SharedResource> l) : PageModel
{
    public List<MarketApi.ProductDto> Products { get; private set; } = [];
    public bool CanSell { get; private set; }
    public bool IsMember { get; private set; }
    /// <summary>The product whose form had a problem, so that its quantity field shows it.</summary>
    public int? FailedProductId { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostBuyAsync(int productId, string? quantity)
    {
        var key = $"quantity-{productId}";
        if (!int.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            count = 0;
        }
        var result = await market.BuyAsync(User, productId, count, ct: HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            var t = result.Value!;
            var title = await db.Products.Where(p => p.Id == productId).Select(p => p.Title).SingleAsync(HttpContext.RequestAborted);
            TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["You bought {0} × {1} for {2}."], count, title, Minutes.Format(t.Minutes, Localization.IsDutch));
            return Redirect("/tijdbank/winkel");
        }
        FailedProductId = productId;
        ModelState.AddModelError(key, result.Message ?? "");
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        if (User.HomeLeerregioId() is not { } home)
        {
            return;
        }
        IsMember = true;
        var products = await market.VisibleProducts(User).Where(p => p.LeerregioId == home && p.Active).OrderBy(p => p.Title).ThenBy(p => p.Id).Take(500).ToListAsync(HttpContext.RequestAborted);
        Products = await MarketApi.ProductDtosAsync(db, User, products);
        CanSell = await market.CanSellAsync(User, home, HttpContext.RequestAborted);
    }
}
