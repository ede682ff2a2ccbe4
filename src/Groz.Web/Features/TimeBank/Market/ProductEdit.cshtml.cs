using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>Add a product or change one's own (the id in the route); the write is <see cref="Marketplace.SaveProductAsync"/>, as in the API.</summary>
[Authorize]
public sealed class ProductEditModel(GrozDbContext db, Marketplace market, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Theme { get; set; }
        public int? Hours { get; set; }
        public int? Minutes { get; set; }
        public bool Active { get; set; } = true;
        public int? SellerAccountId { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [FromRoute] public int? Id { get; set; }
    public List<KeyValuePair<string, string>> Sellers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (Id is { } id)
        {
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.OwnerUserId == User.UserId());
            if (product is null)
            {
                return NotFound();
            }
            Input = new InputModel
            {
                Title = product.Title, Description = product.Description, Theme = product.Theme, Hours = product.PriceMinutes / 60,
                Minutes = product.PriceMinutes % 60, Active = product.Active, SellerAccountId = product.SellerAccountId,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var price = TimeBankPages.ToMinutes(Input.Hours, Input.Minutes, ModelState, l);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await market.SaveProductAsync(User, Id, new ProductInput(Input.Title, Input.Description, Input.Theme, price, Input.Active, Input.SellerAccountId),
            ct: HttpContext.RequestAborted);
        if (result.Status == 404)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Message"] = l["The product has been saved."].Value;
            return Redirect("/tijdbank/winkel/mijn-producten");
        }
        var errors = result.FieldErrors ?? new Dictionary<string, string> { [result.Field ?? ""] = result.Message ?? "" };
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field switch { "" => "", "PriceMinutes" => "Input.Hours", _ => $"Input.{field}" }, message);
        }
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        if (User.HomeLeerregioId() is not { } home || !await market.CanSellAsync(User, home, HttpContext.RequestAborted))
        {
            return false;
        }
        Sellers = (await market.SellerAccountsAsync(User, home, HttpContext.RequestAborted))
            .Select(a => new KeyValuePair<string, string>(a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Name)).ToList();
        return true;
    }
}
