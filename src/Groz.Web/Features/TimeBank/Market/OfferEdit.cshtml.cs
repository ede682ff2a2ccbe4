using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank;

/// <summary>Post a new item of vraag en aanbod, or change one's own (the id in the route). The write is <see cref="Marketplace.SaveOfferAsync"/>, as in the API.</summary>
[Authorize]
public sealed class OfferEditModel(GrozDbContext db, Marketplace market, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        public OfferKind? Kind { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Theme { get; set; }
        public int? WijkId { get; set; }
        public string? Availability { get; set; }
        public string? StartDate { get; set; }
        public string? EndDate { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    [FromRoute] public int? Id { get; set; }
    public List<KeyValuePair<string, string>> Wijken { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        if (Id is { } id)
        {
            var offer = await market.VisibleOffers(User).FirstOrDefaultAsync(o => o.Id == id && o.OwnerUserId == User.UserId() && o.Status == OfferStatus.Open);
            if (offer is null)
            {
                return NotFound();
            }
            Input = new InputModel
            {
                Kind = offer.Kind, Title = offer.Title, Description = offer.Description, Theme = offer.Theme, WijkId = offer.WijkId, Availability = offer.Availability,
                StartDate = offer.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), EndDate = offer.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
        }
        else
        {
            Input.WijkId = User.HomeWijkId();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var start = MarketPages.ParseDate(Input.StartDate, "Input.StartDate", ModelState, l);
        var end = MarketPages.ParseDate(Input.EndDate, "Input.EndDate", ModelState, l);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await market.SaveOfferAsync(User, Id, new OfferInput(Input.Kind, Input.Title, Input.Description, Input.Theme, Input.WijkId, Input.Availability, start, end),
            ct: HttpContext.RequestAborted);
        if (result.Status == 404)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Message"] = Id is null ? l["Your item has been posted."].Value : l["Your changes have been saved."].Value;
            return Redirect($"/tijdbank/vraag-en-aanbod/{result.Value!.Id}");
        }
        MarketPages.AddErrors(ModelState, result);
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        if (User.HomeLeerregioId() is not { } home)
        {
            return false;
        }
        Wijken = await MarketPages.WijkOptionsAsync(db, home, HttpContext.RequestAborted);
        return true;
    }
}
