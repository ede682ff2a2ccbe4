using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge;

/// <summary>
/// Demo Kennisbank: per leerregio a few documents through the same write as the pages: Markdown pages, a PDF project
/// plan with a second version, statutes, and a subsidy option whose deadline is 30 days from seeding; some shared with
/// all leerregio's, some only for their own.
/// </summary>
public static class KnowledgeDemo
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        var library = services.GetRequiredService<KnowledgeLibrary>();
        var time = services.GetRequiredService<TimeProvider>();
        if (await db.KnowledgeDocuments.AnyAsync(ct))
        {
            return;
        }
        var today = DateOnly.FromDateTime(TimeBank.TimeBankPages.Local(time.GetUtcNow()));
        foreach (var slug in new[] { "utrecht", "leidsche-rijn" })
        {
            var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, ct);
            var coordinatorId = await db.Users.Where(u => u.Email == DemoData.DemoEmail(GrozRole.Coordinator, slug)).Select(u => u.Id).FirstOrDefaultAsync(ct);
            if (lr is null || coordinatorId is null)
            {
                continue;
            }
            var coordinator = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, coordinatorId), new Claim(Access.RoleClaim, Access.Encode(GrozRole.Coordinator, lr.Id, null)), new Claim(Access.TwoFactorClaim, "1")], "demo"));
            Task<KnowledgeOutcome> Page(string title, DocumentKind kind, KnowledgeSharing sharing, string markdown, string[] themes, BouwsteenKind? b,
                string? summary = null, DateOnly? deadline = null, decimal? amount = null) =>
                library.CreateAsync(coordinator, lr.Id, new DocumentInput
                {
                    Title = title, Kind = kind.ToString(), Sharing = sharing.ToString(), Markdown = markdown, Themes = [.. themes], Bouwsteen = b?.ToString(),
                    Summary = summary, SubsidyDeadline = deadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), SubsidyAmount = amount,
                }, null, ct);
            if (slug == "utrecht")
            {
                await Page("Pilot: wandelmaatjes in Kanaleneiland", DocumentKind.PilotIdea, KnowledgeSharing.AllLeerregios,
                    "## Het idee\n\nBewoners die alleen wonen wandelen twee keer per week samen met een buurtgenoot.\n\n## Wat we nodig hebben\n\n* vijf vrijwilligers\n* een vaste startplek bij het buurthuis\n* een buurtassistent die koppelt\n\nMeer over bewegen in de wijk: [Wijkportaal](/wijkportaal).",
                    ["leefstijl", "zorg-voor-elkaar"], BouwsteenKind.Samenwerking, "Samen wandelen tegen eenzaamheid: zo begonnen we.");
                var plan = await library.CreateAsync(coordinator, lr.Id, new DocumentInput
                {
                    Title = "Projectplan buurtkamer Utrecht Oost", Kind = nameof(DocumentKind.ProjectPlan), Sharing = nameof(KnowledgeSharing.Leerregio),
                    Themes = ["sociale-basis"], Bouwsteen = nameof(BouwsteenKind.Bekostiging), Summary = "Een buurtkamer waar bewoners elkaar ontmoeten.",
                }, new UploadedFile("projectplan-buurtkamer.pdf", KnowledgeSamples.Pdf("Projectplan buurtkamer Utrecht Oost",
                    "Doel: een huiskamer in de wijk, open op werkdagen.", "Begroting: huur, koffie en een coordinator voor acht uur per week.")), ct);
                var doc = await db.KnowledgeDocuments.Include(d => d.Versions).FirstAsync(d => d.Id == plan.DocumentId, ct);
                await library.AddVersionAsync(coordinator, doc, new VersionInput { ChangeNote = "Begroting 2027 toegevoegd" },
                    new UploadedFile("projectplan-buurtkamer.pdf", KnowledgeSamples.Pdf("Projectplan buurtkamer Utrecht Oost (versie 2)",
                        "Doel: een huiskamer in de wijk, open op werkdagen.", "Begroting 2027: huur, koffie, coordinator en een vrijwilligersvergoeding.")), ct);
                await Page("Subsidie Samen Gezond in de Wijk", DocumentKind.Subsidy, KnowledgeSharing.AllLeerregios,
                    "Voor initiatieven van bewoners die samen werken aan gezondheid. Aanvragen kan tot de deadline.\n\n1. Schrijf een plan van één pagina.\n2. Laat een partner meetekenen.\n3. Stuur het in bij de gemeente.",
                    ["financiering", "leefstijl"], BouwsteenKind.Bekostiging, "Tot 25.000 euro voor bewonersinitiatieven.", today.AddDays(30), 25000m);
                await Page("Statuten wijkcoöperatie (voorbeeld)", DocumentKind.Statutes, KnowledgeSharing.AllLeerregios,
                    "## Artikel 1: Naam\n\nDe coöperatie heet *Wijkcoöperatie Samen Sterk*.\n\n## Artikel 2: Doel\n\nDe coöperatie zorgt dat bewoners elkaar helpen en dat zorg dichtbij blijft.",
                    ["ondernemen", "zorg-voor-elkaar"], BouwsteenKind.Samenwerking);
            }
            else
            {
                await Page("Evaluatie welkomstmaatjes Leidsche Rijn", DocumentKind.Evaluation, KnowledgeSharing.AllLeerregios,
                    "## Wat werkte\n\nNieuwe bewoners kregen in de eerste maand bezoek van een buurtgenoot. Van de 40 gezinnen deden er 28 mee.\n\n## Wat we anders doen\n\nWe beginnen eerder: al bij de sleuteloverdracht.",
                    ["zorg-voor-elkaar", "sociale-basis"], BouwsteenKind.LerendVermogen, "Wat we leerden van een jaar welkomstmaatjes.");
                await Page("Presentatie Gezonde Wijkalliantie", DocumentKind.Presentation, KnowledgeSharing.Leerregio,
                    "## De alliantie\n\nPartners in Leidsche Rijn en Vleuten-De Meern werken samen aan een gezonde wijk.\n\n* huisartsen\n* welzijn\n* gemeente",
                    ["sociale-basis"], BouwsteenKind.Samenwerking);
            }
        }
    }
}
