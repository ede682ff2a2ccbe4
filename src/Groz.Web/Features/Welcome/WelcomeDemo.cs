using System.Text;
using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Welcome;

/// <summary>
/// Demo Welkom in de wijk: a few routes in each demo leerregio (so the Monitor's "new residents reached" has values) and
/// a letter batch each, imported through the same CSV path a coordinator uses, with invented streets and one broken row
/// (a postcode outside the leerregio) to show how skipped rows are reported.
/// </summary>
public static class WelcomeDemo
{
    private static readonly Dictionary<string, string> Letters = new()
    {
        ["leidsche-rijn"] = "straat;huisnummer;toevoeging;postcode;plaats\n"
            + "Nieuwbouwlaan;12;;3541 AB;Utrecht\nNieuwbouwlaan;14;A;3541 AB;Utrecht\nParkwijkpad;3;;3542 CD;Utrecht\n"
            + "Veldhuizerweg;88;;3452 EF;Utrecht\nKanaalstraat;1;;3526 KA;Utrecht\n",
        ["utrecht"] = "straat,huisnummer,postcode,plaats\nLinnaeuslaan,5,3526 KB,Utrecht\nBiltstraat,200,3581 AA,Utrecht\nBatauweg,17,3431 AB,Nieuwegein\n",
    };

    private static readonly (string Wijk, string Interests, string Situations)[] Routes =
    [
        ("WK034409", "leefstijl,zorg-voor-elkaar", "just-moved,children"),
        ("WK034409", "sociale-basis", "just-moved"),
        ("WK034410", "leefstijl", "older"),
        ("WK034408", "zorg-voor-elkaar,vitaal-werken", "new-to-nl,work"),
        ("WK034405", "leefstijl", ""),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        if (await db.WelcomeRoutes.AnyAsync(ct) || await db.WelcomeLetterBatches.AnyAsync(ct))
        {
            return;
        }
        var routes = services.GetRequiredService<WelcomeRoutes>();
        foreach (var (wijk, interests, situations) in Routes)
        {
            var (choice, errors) = await routes.CheckAsync(new WelcomeInput { Wijk = wijk, Interests = [.. interests.Split(',')], Situations = [.. situations.Split(',', StringSplitOptions.RemoveEmptyEntries)] }, ct);
            if (choice is not null)
            {
                await routes.CreateAsync(choice, ct);
            }
        }
        var letters = services.GetRequiredService<WelcomeLetters>();
        foreach (var (slug, csv) in Letters)
        {
            if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, ct) is { } lr)
            {
                await letters.ImportAsync(lr.Id, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "nieuwe-adressen-" + slug + ".csv", null, ct);
            }
        }
    }
}
