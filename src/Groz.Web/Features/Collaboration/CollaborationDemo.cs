using Groz.Web.Data;
using Groz.Web.Features.SocialMap;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Collaboration;

/// <summary>
/// Demo Samenwerking after the Utrecht leerregio's situation: the five bouwstenen with their trekkers and the updates of
/// the bouwsteen Samenwerking (mapping the samenwerkingsverbanden, conversations in buurthuis and buurtteam, coding into
/// themes with urgency per wijk); a few samenwerkingsverbanden among the wijkportaal's organisations, one in Nieuwegein
/// around a leefstijl network and one in Utrecht Oost started by residents; one organisation in none (isolated); a small
/// codebook with coded conversations. Leidsche Rijn gets its professional wijkalliantie (since 2017).
/// </summary>
public static class CollaborationDemo
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        if (await db.Collaborations.AnyAsync(ct))
        {
            await SeedEffectivenessAsync(services, ct);
            return;
        }
        var time = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = DateOnly.FromDateTime(time.UtcDateTime);
        foreach (var lr in await db.Leerregios.AsNoTracking().Where(l => l.Slug == "utrecht" || l.Slug == "leidsche-rijn").ToListAsync(ct))
        {
            var orgs = await db.SmOrganizations.AsNoTracking().Where(o => o.LeerregioId == lr.Id && o.Publication == Publication.Published).OrderBy(o => o.Name).Select(o => o.Id).ToListAsync(ct);
            var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == lr.Id).ToDictionaryAsync(w => w.Name, w => w.Id, ct);
            if (orgs.Count < 8 || wijken.Count == 0)
            {
                continue;
            }
            foreach (var (code, trekker) in Collaborations.BouwsteenCodes)
            {
                db.Bouwstenen.Add(new Bouwsteen { LeerregioId = lr.Id, Code = code, Trekker = trekker });
            }
            await db.SaveChangesAsync(ct);
            Collaboration Make(string name, CollaborationType type, DateOnly start, int[] members, string[] themes, string[] wijkNames, string description) => new()
            {
                LeerregioId = lr.Id, Name = name, Type = type, Status = CollaborationStatus.Active, StartsOn = start, Description = description, ModifiedAt = time,
                ProcessOwnerId = orgs[members[0]],
                Members = [.. members.Select((m, i) => new CollaborationMember { OrganizationId = orgs[m], Role = i == 0 ? "trekker" : "deelnemer" })],
                Themes = [.. themes.Select(t => new CollaborationTheme { ThemeCode = t })],
                Wijken = [.. wijkNames.Where(wijken.ContainsKey).Select(w => new CollaborationWijk { WijkId = wijken[w] })],
            };
            if (lr.Slug == "utrecht")
            {
                var samenwerking = await db.Bouwstenen.FirstAsync(b => b.LeerregioId == lr.Id && b.Code == "samenwerking", ct);
                db.BouwsteenUpdates.AddRange(
                    new BouwsteenUpdate { BouwsteenId = samenwerking.Id, On = new DateOnly(2022, 2, 1), Text = "We hebben in kaart gebracht welke samenwerkingsverbanden er in de wijken zijn, en in de literatuur gezocht wat een samenwerking laat werken. Volgende stap: die verbanden toetsen bij professionals, vrijwilligers en bewoners." },
                    new BouwsteenUpdate { BouwsteenId = samenwerking.Id, On = new DateOnly(2022, 3, 15), Text = "We zaten in het buurthuis en bij het buurtteam en spraken met professionals, de buurtconciërge en vrijwilligers over samenwerken. Het onderwerp leeft bij iedereen." },
                    new BouwsteenUpdate { BouwsteenId = samenwerking.Id, On = new DateOnly(2022, 5, 20), Text = "De gesprekken zijn ingedeeld in thema's en subthema's, met de urgentie per wijk. Sommige thema's spelen maar in één wijk. We bouwen nu een eerste samenwerkingsmodel." });
                db.Collaborations.AddRange(
                    Make("Leefstijlnetwerk Nieuwegein", CollaborationType.Network, new DateOnly(2019, 9, 1), [0, 1, 2, 3], ["leefstijl", "vitaal-werken"], ["Nieuwegein-Noord", "Nieuwegein-Zuid"],
                        "Professioneel netwerk dat begon met bewegen en welzijn op recept en nu werkt aan een brede aanpak van leefstijl."),
                    Make("Wijksamenwerking Utrecht Oost", CollaborationType.Alliance, new DateOnly(2022, 1, 1), [3, 4, 5], ["zorg-voor-elkaar", "sociale-basis"], ["Utrecht Oost"],
                        "Bestuurlijk samenwerkingsverband dat bewoners zelf opzetten; voorbeeld voor andere wijken."),
                    Make("Samen gezond Kanaleneiland", CollaborationType.Project, new DateOnly(2023, 3, 1), [5, 6], ["leefstijl", "zorg-voor-elkaar"], ["Kanaleneiland"],
                        "Buurthuis, buurtteam en vrijwilligers organiseren samen activiteiten dicht bij huis."));
                await db.SaveChangesAsync(ct);
                await SeedConversationsAsync(db, lr.Id, wijken, today, ct);
            }
            else
            {
                db.Collaborations.Add(Make("Gezonde Wijkalliantie Leidsche Rijn en Vleuten-De Meern", CollaborationType.Alliance, new DateOnly(2017, 1, 1), [0, 1, 2, 3, 4],
                    ["zorg-voor-elkaar", "sociale-basis"], ["Leidsche Rijn", "Vleuten-De Meern"],
                    "Partners uit zorg, welzijn, bewonersplatforms en gemeente werken samen tegen eenzaamheid in de snel groeiende wijk."));
                await db.SaveChangesAsync(ct);
            }
        }
        await SeedEffectivenessAsync(services, ct);
    }

    /// <summary>
    /// Answers to the effectiveness check over the last two quarters, so the results table has something to show: the
    /// Nieuwegein network has enough answers in both quarters for the averages to show; Utrecht Oost has too few, so
    /// everyone but the coordinators sees the hiding rule; Leidsche Rijn has one quarter of each. The answers come from
    /// participants without a demo account (the check only keeps an id, never a name). A step of its own with its own
    /// check, so a demo database made before this step gets the answers too.
    /// </summary>
    public static async Task SeedEffectivenessAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        if (await db.EffectivenessAnswers.AnyAsync(ct))
        {
            return;
        }
        var current = Effectiveness.QuarterOf(DateOnly.FromDateTime(TimeBank.TimeBankPages.Local(services.GetRequiredService<TimeProvider>().GetUtcNow())));
        var previous = current.AddMonths(-3);
        (string Name, DateOnly Quarter, int[] Working)[] plan =
        [
            ("Leefstijlnetwerk Nieuwegein", previous, [4, 3, 4, 5, 3, 4]),
            ("Leefstijlnetwerk Nieuwegein", current, [4, 4, 5, 3, 4]),
            ("Wijksamenwerking Utrecht Oost", previous, [3, 2, 4]),
            ("Wijksamenwerking Utrecht Oost", current, [4, 3]),
            ("Gezonde Wijkalliantie Leidsche Rijn en Vleuten-De Meern", previous, [3, 4, 2, 3, 4]),
            ("Gezonde Wijkalliantie Leidsche Rijn en Vleuten-De Meern", current, [4, 3, 3]),
        ];
        string[] helps = ["De vaste overleggen om de twee weken.", "We kennen elkaar nu bij naam.", "Eén trekker die iedereen bij elkaar houdt."];
        string[] hinders = ["Te weinig tijd naast het gewone werk.", "Niet iedereen komt naar de overleggen.", "Het geld is maar voor één jaar."];
        foreach (var (name, quarter, working) in plan)
        {
            if (await db.Collaborations.AsNoTracking().FirstOrDefaultAsync(c => c.Name == name, ct) is not { } c)
            {
                continue;
            }
            db.EffectivenessAnswers.AddRange(working.Select((w, i) => new EffectivenessAnswer
            {
                CollaborationId = c.Id, LeerregioId = c.LeerregioId, Quarter = quarter, UserId = $"demo-deelnemer-{c.Id}-{i + 1}", Working = w,
                Helps = i < helps.Length ? helps[i] : null, Hinders = i % 2 == 0 ? hinders[i / 2 % hinders.Length] : null,
            }));
        }
        await db.SaveChangesAsync(ct);
    }

    private static async Task SeedConversationsAsync(GrozDbContext db, int leerregioId, Dictionary<string, int> wijken, DateOnly today, CancellationToken ct)
    {
        Code Theme(string name, int? parent = null) => new() { LeerregioId = leerregioId, Name = name, ParentId = parent };
        var ontmoeten = Theme("Ontmoeten en eenzaamheid");
        var samenwerken = Theme("Samenwerken in de wijk");
        var bewegen = Theme("Bewegen en gezond eten");
        db.Codes.AddRange(ontmoeten, samenwerken, bewegen);
        await db.SaveChangesAsync(ct);
        var plek = Theme("Een vaste plek om elkaar te zien", ontmoeten.Id);
        var eigenaar = Theme("Niemand is eigenaar van het proces", samenwerken.Id);
        var kennen = Theme("Elkaar kennen en vinden", samenwerken.Id);
        db.Codes.AddRange(plek, eigenaar, kennen);
        await db.SaveChangesAsync(ct);
        NeighbourhoodConversation Talk(string wijk, int daysAgo, ConversationFormat format, PlaceKind place, ParticipantKinds who, int n, string summary, params (string Text, int[] Codes)[] fragments) => new()
        {
            LeerregioId = leerregioId, WijkId = wijken[wijk], HeldOn = today.AddDays(-daysAgo), Format = format, Place = place, Participants = who, ParticipantCount = n,
            Facilitator = "Onderzoeker bouwsteen Samenwerking", Summary = summary, Notes = "Aantekeningen voor de analyse; geen namen van deelnemers.",
            Fragments = [.. fragments.Select(f => new ConversationFragment { LeerregioId = leerregioId, Text = f.Text, Codes = [.. f.Codes.Select(c => new FragmentCode { CodeId = c })] })],
        };
        db.NeighbourhoodConversations.AddRange(
            Talk("Kanaleneiland", 60, ConversationFormat.Conversation, PlaceKind.Buurthuis, ParticipantKinds.Volunteers | ParticipantKinds.Residents, 6,
                "Gesprek in het buurthuis over wat er nodig is om elkaar te ontmoeten.",
                ("Veel ouderen komen alleen naar het buurthuis als er koffie is; daarna zie je ze weken niet.", [ontmoeten.Id, plek.Id]),
                ("Wij weten vaak niet wat het buurtteam doet, en zij niet wat wij doen.", [kennen.Id])),
            Talk("Kanaleneiland", 45, ConversationFormat.Conversation, PlaceKind.Buurtteam, ParticipantKinds.Professionals, 4,
                "Gesprek met professionals van het buurtteam over samenwerken.",
                ("Iedereen vindt samenwerken belangrijk, maar niemand trekt het.", [eigenaar.Id])),
            Talk("Utrecht Oost", 30, ConversationFormat.FocusGroup, PlaceKind.Wijkbijeenkomst, ParticipantKinds.Residents | ParticipantKinds.Professionals, 11,
                "Focusgroep met bewoners en professionals over het wijksamenwerkingsverband.",
                ("Als bewoners zelf aan tafel zitten, gebeurt er ook echt iets.", [samenwerken.Id]),
                ("Een vaste avond in de week om te bewegen zou helpen.", [bewegen.Id])),
            Talk("Nieuwegein-Noord", 20, ConversationFormat.Conversation, PlaceKind.Buurthuis, ParticipantKinds.Residents, 5,
                "Gesprek over bewegen op recept en wat daarna komt.",
                ("Na de cursus wil ik blijven bewegen, maar alleen is dat moeilijk.", [bewegen.Id, ontmoeten.Id])));
        db.ThemeUrgencies.AddRange(
            new ThemeUrgency { LeerregioId = leerregioId, WijkId = wijken["Kanaleneiland"], CodeId = ontmoeten.Id, Level = 5, Rationale = "Veel alleenstaande ouderen; het buurthuis is de enige plek.", SetOn = today },
            new ThemeUrgency { LeerregioId = leerregioId, WijkId = wijken["Kanaleneiland"], CodeId = samenwerken.Id, Level = 4, Rationale = "Professionals en vrijwilligers kennen elkaar nog weinig.", SetOn = today },
            new ThemeUrgency { LeerregioId = leerregioId, WijkId = wijken["Utrecht Oost"], CodeId = samenwerken.Id, Level = 2, Rationale = "Bewoners zijn al goed georganiseerd.", SetOn = today });
        await db.SaveChangesAsync(ct);
        var leefstijl = await db.Collaborations.Where(c => c.LeerregioId == leerregioId && c.Name == "Leefstijlnetwerk Nieuwegein").Select(c => c.Id).FirstAsync(ct);
        db.ThemeActions.Add(new ThemeAction { LeerregioId = leerregioId, CodeId = bewegen.Id, Kind = ActionKind.Collaboration, TargetId = leefstijl, Title = "Leefstijlnetwerk Nieuwegein" });
        await db.SaveChangesAsync(ct);
    }
}
