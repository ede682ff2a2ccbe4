using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank;

/// <summary>Demo vraag en aanbod, one conversation and the demo entrepreneur's products, made through <see cref="Marketplace"/> itself.</summary>
public static class MarketDemo
{
    private sealed record Item(OfferKind Kind, GrozRole Owner, string Title, string Description, string Theme, string Availability);

    private static readonly Item[] Items =
    [
        new(OfferKind.Offer, GrozRole.Volunteer, "Hulp met de computer en DigiD", "Ik help u met inloggen bij DigiD, e-mail en videobellen met de kleinkinderen. Bij u thuis of in het buurthuis.", "zorg-voor-elkaar", "Dinsdag- en donderdagmiddag"),
        new(OfferKind.Request, GrozRole.Resident, "Wie wandelt er mee in het park?", "Ik wil meer bewegen, maar alleen lukt het niet. Wie loopt een keer per week een half uur met mij mee?", "leefstijl", "Ochtenden"),
        new(OfferKind.Offer, GrozRole.Student, "Huiswerkhulp rekenen en Nederlands", "Student aan de pabo. Ik help kinderen van groep 5 tot en met de brugklas met rekenen en taal.", "sociale-basis", "Woensdagmiddag"),
        new(OfferKind.Request, GrozRole.InformalCarer, "Iemand om mijn moeder naar de huisarts te brengen", "Mijn moeder moet elke maand naar de huisarts. Ik werk op die dagen. Wie kan haar met de auto brengen en halen?", "zorg-voor-elkaar", "Eén keer per maand, overdag"),
        new(OfferKind.Offer, GrozRole.Professional, "Samen gezond koken", "Ik ben diëtist en kook graag met buren: gezond, goedkoop en lekker. We eten daarna samen.", "leefstijl", "Vrijdagavond"),
        new(OfferKind.Request, GrozRole.Volunteer, "Hulp bij het opknappen van de buurttuin", "De buurttuin heeft handen nodig: onkruid wieden, bankjes schilderen. Ook een uurtje helpt.", "vitaal-werken", "Zaterdagochtend"),
        new(OfferKind.Offer, GrozRole.Entrepreneur, "Kleine reparaties aan de fiets", "Band plakken, remmen afstellen, een nieuwe lamp. Ik heb een fietsenwinkel in de wijk.", "ondernemen", "Maandag tot en met vrijdag na 17.00 uur"),
        new(OfferKind.Request, GrozRole.Student, "Wie leert mij fietsen repareren?", "Ik wil zelf mijn fiets kunnen maken. Wie laat mij zien hoe dat gaat?", "vitaal-werken", "Weekend"),
    ];

    private static readonly (string Title, string Description, string Theme, int Minutes)[] Products =
    [
        ("Fiets nakijken", "Remmen, banden, verlichting en ketting nagekeken en afgesteld.", "ondernemen", 45),
        ("Band plakken", "Een lekke band geplakt terwijl u wacht.", "ondernemen", 30),
        ("Groentetas van de markt", "Een tas seizoensgroente voor een gezin, op vrijdag op te halen.", "leefstijl", 60),
    ];

    public static async Task SeedAsync(IServiceProvider services, Leerregio leerregio, List<GrozUser> members, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        var market = services.GetRequiredService<Marketplace>();
        GrozUser Owner(GrozRole role) => members.Single(u => u.Email == DemoData.DemoEmail(role, leerregio.Slug));
        ClaimsPrincipal As(GrozUser user, params GrozRole[] roles)
        {
            List<Claim> claims = [new(ClaimTypes.NameIdentifier, user.Id), new(Access.LeerregioClaim, leerregio.Id.ToString(CultureInfo.InvariantCulture))];
            claims.AddRange(roles.Select(r => new Claim(Access.RoleClaim, Access.Encode(r, leerregio.Id, null))));
            return new ClaimsPrincipal(new ClaimsIdentity(claims, "demo"));
        }

        // Items spread over the wijken (the demo members all live in the first; an item may be for any wijk of the leerregio).
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregio.Id).OrderBy(w => w.Code).Select(w => w.Id).ToListAsync(ct);
        var perWijk = Math.Max(2, Items.Length / wijken.Count);
        Offer? demoRequest = null;
        for (var i = 0; i < Items.Length; i++)
        {
            var item = Items[i];
            var result = await market.SaveOfferAsync(As(Owner(item.Owner)), null,
                new OfferInput(item.Kind, item.Title, item.Description, item.Theme, wijken[i / perWijk % wijken.Count], item.Availability, null, null), ct: ct);
            var offer = result.Value ?? throw new InvalidOperationException("Demo item refused: " + result.Message);
            if (item.Owner == GrozRole.InformalCarer)
            {
                demoRequest = offer;
            }
        }

        // One conversation: the student responds to the informal carer's request.
        var (carer, student) = (Owner(GrozRole.InformalCarer), Owner(GrozRole.Student));
        var conversation = (await market.RespondAsync(As(student), demoRequest!.Id, ct: ct)).Value!;
        await market.PostMessageAsync(As(student), conversation.Id, "Hallo! Ik heb een auto en kan op dinsdag of donderdag. Welke dag moet uw moeder naar de huisarts?", ct: ct);
        await market.PostMessageAsync(As(carer), conversation.Id, "Wat fijn! De volgende afspraak is donderdag om 10.00 uur. Zij woont vlak bij het winkelcentrum.", ct: ct);
        await market.PostMessageAsync(As(student), conversation.Id, "Donderdag kan ik. Ik haal haar om 9.40 uur op.", ct: ct);

        var entrepreneur = As(Owner(GrozRole.Entrepreneur), GrozRole.Entrepreneur);
        foreach (var (title, description, theme, minutes) in Products)
        {
            var saved = await market.SaveProductAsync(entrepreneur, null, new ProductInput(title, description, theme, minutes, Active: true, SellerAccountId: null), ct: ct);
            _ = saved.Value ?? throw new InvalidOperationException("Demo product refused: " + saved.Message);
        }
    }
}
