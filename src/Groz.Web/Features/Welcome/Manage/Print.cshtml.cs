using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace Groz.Web.Features.Welcome.Manage;

/// <summary>
/// The letters of one batch, one A4 page each when printed (print CSS), in Dutch and English, each with its code, the
/// link and a QR code of the link. Browsers print to PDF as well, so no PDF library is needed.
/// </summary>
[Authorize]
public sealed class PrintModel(GrozDbContext db, WelcomeLetters letters, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Letter(string Street, string HouseNumber, string Postcode, string City, string Wijk, string Code, string Url, string Qr);

    public string Slug { get; private set; } = "";
    public List<Letter> Letters { get; private set; } = [];
    public IStringLocalizer Localizer => l;

    public async Task<IActionResult> OnGetAsync(string slug, int id)
    {
        var batch = await db.WelcomeLetterBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, HttpContext.RequestAborted);
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, HttpContext.RequestAborted);
        if (batch is null || lr is null || batch.LeerregioId != lr.Id || !WelcomeLetters.MayManage(User, lr.Id))
        {
            return NotFound();
        }
        Slug = slug;
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == lr.Id).ToDictionaryAsync(w => w.Id, w => w.Name, HttpContext.RequestAborted);
        foreach (var x in await letters.LettersAsync(id, HttpContext.RequestAborted))
        {
            var url = AccountLinks.Absolute(HttpContext, $"/welkom/brief/{x.Code}");
            using var qr = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
            Letters.Add(new Letter(x.Street, x.HouseNumber, x.Postcode, x.City, wijken.GetValueOrDefault(x.WijkId, ""), WelcomeRoutes.ShowLetterCode(x.Code), url,
                "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(qr).GetGraphic(6))));
        }
        return Page();
    }

    public string Nl(string key, params object[] args) => WelcomeRoutes.In(l, "nl", key, args);

    public string En(string key, params object[] args) => WelcomeRoutes.In(l, "en", key, args);
}
