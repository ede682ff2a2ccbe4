using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Data;

/// <summary>
/// The demo leerregio's of a fresh installation, and (outside Production) one demo account per role in each.
/// Area codes follow the CBS format of the 2024 division; resident numbers are rounded demo figures.
/// All people are invented.
/// </summary>
public sealed class DemoData(GrozDbContext db, UserManager<GrozUser> users, TimeProvider time, IHostEnvironment env, ILogger<DemoData> logger, IServiceProvider services)
{
    public const int DivisionYear = 2024;
    /// <summary>The password of every demo account; README lists the accounts. Never seeded in Production.</summary>
    public const string DemoPassword = "Samen gezond in de wijk";

    internal sealed record DemoWijk(string Gemeente, string Code, string Name, int Residents, string Postcodes, (string Code, string Name, int Residents)[] Buurten);

    internal static readonly (string Code, string Name)[] Gemeenten = [("GM0344", "Utrecht"), ("GM0356", "Nieuwegein")];

    internal static readonly (string Slug, string Name, string Description, DemoWijk[] Wijken)[] Leerregios =
    [
        ("utrecht", "Leerregio Utrecht", "Kanaleneiland, Utrecht Oost en Nieuwegein: de eerste GROZ-leerregio.",
        [
            new("GM0344", "WK034408", "Kanaleneiland", 29000, "3525 3526",
                [("BU03440801", "Kanaleneiland-Noord", 9500), ("BU03440802", "Kanaleneiland-Zuid", 10500), ("BU03440803", "Transwijk", 9000)]),
            new("GM0344", "WK034405", "Utrecht Oost", 33000, "3581 3584 3585",
                [("BU03440501", "Oudwijk", 8000), ("BU03440502", "Abstede", 7000), ("BU03440503", "Rijnsweerd", 9000), ("BU03440504", "Galgenwaard", 9000)]),
            new("GM0356", "WK035601", "Nieuwegein-Noord", 20000, "3431 3432 3433 3434 3435",
                [("BU03560101", "Batau-Noord", 7000), ("BU03560102", "Galecop", 6500), ("BU03560103", "Jutphaas-Wijkersloot", 6500)]),
            new("GM0356", "WK035602", "Nieuwegein-Zuid", 18000, "3436 3437 3438 3439",
                [("BU03560201", "Vreeswijk", 6000), ("BU03560202", "Fokkesteeg", 6000), ("BU03560203", "Hoog Zandveld", 6000)]),
        ]),
        ("leidsche-rijn", "Leerregio Leidsche Rijn / Vleuten-De Meern", "Een jonge, snel groeiende wijk waar nieuwe bewoners elkaar nog moeten vinden.",
        [
            new("GM0344", "WK034409", "Leidsche Rijn", 52000, "3541 3542 3543 3544 3545",
                [("BU03440901", "Terwijde", 13000), ("BU03440902", "Parkwijk", 12000), ("BU03440903", "Langerak", 14000), ("BU03440904", "Leidsche Rijn Centrum", 13000)]),
            new("GM0344", "WK034410", "Vleuten-De Meern", 45000, "3451 3452 3453 3454",
                [("BU03441001", "Vleuten", 15000), ("BU03441002", "De Meern", 16000), ("BU03441003", "Veldhuizen", 14000)]),
        ]),
    ];

    /// <summary>First names and surnames of the demo accounts, one per role (invented).</summary>
    private static readonly Dictionary<GrozRole, (string Local, string Name)> DemoPeople = new()
    {
        [GrozRole.Resident] = ("bewoner", "Fatima de Vries"),
        [GrozRole.Volunteer] = ("vrijwilliger", "Joost Bakker"),
        [GrozRole.InformalCarer] = ("mantelzorger", "Anouk Visser"),
        [GrozRole.Entrepreneur] = ("ondernemer", "Mehmet Yilmaz"),
        [GrozRole.Professional] = ("professional", "Lotte Smit"),
        [GrozRole.Student] = ("student", "Daan Mulder"),
        [GrozRole.Buurtassistent] = ("buurtassistent", "Samira El Amrani"),
        [GrozRole.Coordinator] = ("coordinator", "Pieter Jansen"),
        [GrozRole.Researcher] = ("onderzoeker", "Eva Hendriks"),
        [GrozRole.Administrator] = ("beheerder", "Ruben van Dijk"),
    };

    public static string DemoEmail(GrozRole role, string leerregioSlug) => $"{DemoPeople[role].Local}.{leerregioSlug}@example.org";

    public const string InstallationAdminEmail = "beheer@example.org";

    public async Task SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await db.Leerregios.AnyAsync(ct))
        {
            return;
        }
        var now = time.GetUtcNow();
        var gemeenten = Gemeenten.ToDictionary(g => g.Code, g => new Gemeente { Code = g.Code, Name = g.Name, DivisionYear = DivisionYear });
        db.Gemeenten.AddRange(gemeenten.Values);
        foreach (var (slug, name, description, wijken) in Leerregios)
        {
            var leerregio = new Leerregio { Slug = slug, Name = name, Description = description, CreatedAt = now };
            db.Leerregios.Add(leerregio);
            await db.SaveChangesAsync(ct);
            foreach (var w in wijken)
            {
                var wijk = new Wijk
                {
                    Code = w.Code, Name = w.Name, DivisionYear = DivisionYear, Residents = w.Residents, Postcodes = w.Postcodes,
                    Gemeente = gemeenten[w.Gemeente], LeerregioId = leerregio.Id,
                };
                foreach (var b in w.Buurten)
                {
                    wijk.Buurten.Add(new Buurt { Code = b.Code, Name = b.Name, DivisionYear = DivisionYear, Residents = b.Residents, LeerregioId = leerregio.Id });
                }
                db.Wijken.Add(wijk);
            }
        }
        await db.SaveChangesAsync(ct);

        if (!env.IsProduction())
        {
            await SeedDemoAccountsAsync(ct);
            // Each module adds its demo content for the demo members here.
            await Features.TimeBank.TimeBankDemo.SeedAsync(services, ct);
            await Features.SocialMap.SocialMapDemo.SeedAsync(services, ct);
            await Features.HelpRequests.HelpRequestsDemo.SeedAsync(services, ct);
            await Features.Events.EventsDemo.SeedAsync(services, ct);
            await Features.Monitoring.MonitoringDemo.SeedAsync(services, ct);
            await Features.Knowledge.KnowledgeDemo.SeedAsync(services, ct);
            await Features.Collaboration.CollaborationDemo.SeedAsync(services, ct);
            await Features.Knowledge.LearningDemo.SeedAsync(services, ct);
            await Features.Welcome.WelcomeDemo.SeedAsync(services, ct);
        }
        logger.LogInformation("Demo leerregio's seeded");
    }

    private async Task SeedDemoAccountsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var leerregio in await db.Leerregios.Include(l => l.Wijken).OrderBy(l => l.Id).ToListAsync(ct))
        {
            var firstWijk = leerregio.Wijken.OrderBy(w => w.Code, StringComparer.Ordinal).First();
            foreach (var (role, person) in DemoPeople)
            {
                var user = await CreateAsync(DemoEmail(role, leerregio.Slug), person.Name, leerregio.Id, firstWijk.Id, now);
                // A buurtassistent works in one wijk; every other role holds in the whole leerregio.
                db.RoleAssignments.Add(new RoleAssignment
                {
                    UserId = user.Id, Role = role, LeerregioId = leerregio.Id,
                    WijkId = role == GrozRole.Buurtassistent ? firstWijk.Id : null, GrantedAt = now,
                });
                if (role != GrozRole.Resident)
                {
                    db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = GrozRole.Resident, LeerregioId = leerregio.Id, GrantedAt = now });
                }
            }
        }
        var admin = await CreateAsync(InstallationAdminEmail, "Beheer Groz", null, null, now);
        db.RoleAssignments.Add(new RoleAssignment { UserId = admin.Id, Role = GrozRole.Administrator, LeerregioId = null, GrantedAt = now });
        await db.SaveChangesAsync(ct);
    }

    private async Task<GrozUser> CreateAsync(string email, string name, int? leerregioId, int? wijkId, DateTimeOffset now)
    {
        var user = new GrozUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name,
            LeerregioId = leerregioId, WijkId = wijkId, CreatedAt = now, Interests = "leefstijl,zorg-voor-elkaar",
        };
        var result = await users.CreateAsync(user, DemoPassword);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo account not created: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
        return user;
    }
}
