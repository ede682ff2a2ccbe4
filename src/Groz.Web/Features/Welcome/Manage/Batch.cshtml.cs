using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Welcome.Manage;

/// <summary>
/// Which letter codes of one batch were used: a summary, then the letters a page at a time (a batch can hold thousands),
/// all of them or only the used or unused ones. Coordinators of the batch's leerregio only, like the letters themselves.
/// </summary>
[Authorize]
public sealed class BatchModel(GrozDbContext db, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int PageSize = 100;

    public sealed record Line(string Street, string HouseNumber, string Postcode, string City, string Code, DateTimeOffset? UsedAt);

    /// <summary>all, used or unused; anything else is read as all.</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }
    [BindProperty(Name = "p", SupportsGet = true)] public int PageNumber { get; set; }

    public string Slug { get; private set; } = "";
    public WelcomeLetterBatch Batch { get; private set; } = null!;
    public int Total { get; private set; }
    public int Used { get; private set; }
    public int Matching { get; private set; }
    public int Pages => Math.Max(1, (Matching + PageSize - 1) / PageSize);
    public List<Line> Letters { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, int id) => await LoadAsync(slug, id, paged: true) ? Page() : NotFound();

    /// <summary>
    /// The same list (with the same filter) as a CSV file for a spreadsheet, every letter at once: UTF-8 with a byte order
    /// mark and ";" in Dutch, as Dutch Excel expects. Addresses come from a file: a cell that starts like a formula is
    /// written as text.
    /// </summary>
    public async Task<IActionResult> OnGetCsvAsync(string slug, int id)
    {
        if (!await LoadAsync(slug, id, paged: false))
        {
            return NotFound();
        }
        var dutch = Localization.IsDutch;
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        await using (var csv = new CsvHelper.CsvWriter(writer, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = dutch ? ";" : "," }))
        {
            foreach (var header in new[] { l["Address"].Value, l["Postcode"].Value, l["Place"].Value, l["Code"].Value, l["Used on"].Value })
            {
                csv.WriteField(header);
            }
            await csv.NextRecordAsync();
            foreach (var x in Letters)
            {
                csv.WriteField(TimeBank.StatementExport.AsText($"{x.Street} {x.HouseNumber}"));
                csv.WriteField(x.Postcode);
                csv.WriteField(TimeBank.StatementExport.AsText(x.City));
                csv.WriteField(WelcomeRoutes.ShowLetterCode(x.Code));
                csv.WriteField(x.UsedAt is { } at ? Events.Recurrence.Local(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "");
                await csv.NextRecordAsync();
            }
        }
        return File(buffer.ToArray(), "text/csv; charset=utf-8", $"welkomstbrieven-{slug}-{id.ToString(CultureInfo.InvariantCulture)}-{Show}.csv");
    }

    private async Task<bool> LoadAsync(string slug, int id, bool paged)
    {
        var ct = HttpContext.RequestAborted;
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        var batch = await db.WelcomeLetterBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        if (lr is null || batch is null || batch.LeerregioId != lr.Id || !WelcomeLetters.MayManage(User, lr.Id))
        {
            return false;
        }
        (Slug, Batch) = (slug, batch);
        Show = Show is "used" or "unused" ? Show : "all";
        var all = db.WelcomeLetters.AsNoTracking().Where(x => x.BatchId == id);
        Total = await all.CountAsync(ct);
        Used = await all.CountAsync(x => x.UsedAt != null, ct);
        var shown = Show switch
        {
            "used" => all.Where(x => x.UsedAt != null),
            "unused" => all.Where(x => x.UsedAt == null),
            _ => all,
        };
        Matching = Show switch { "used" => Used, "unused" => Total - Used, _ => Total };
        PageNumber = Math.Clamp(PageNumber, 0, Pages - 1);
        var ordered = shown.OrderBy(x => x.Id);
        // A batch holds at most WelcomeLetters.MaxRows letters, so the file may hold them all.
        Letters = await (paged ? ordered.Skip(PageNumber * PageSize).Take(PageSize) : ordered)
            .Select(x => new Line(x.Street, x.HouseNumber, x.Postcode, x.City, x.Code, x.UsedAt)).ToListAsync(ct);
        return true;
    }

    public string CsvLink => $"/beheer/welkom/{Slug}/{Batch.Id}?handler=csv&show={Show}";

    public string PageLink(int page) => $"/beheer/welkom/{Slug}/{Batch.Id}?show={Show}&p={page.ToString(CultureInfo.InvariantCulture)}";
}
