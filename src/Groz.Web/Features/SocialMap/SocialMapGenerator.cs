using System.Globalization;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// Makes a believable social map for a leerregio: organisations of the kinds a Dutch wijk has (buurthuis, bibliotheek,
/// buurtteam, sportvereniging, …) with a KvK number, an address and a phone in their wijk, and services across the
/// GROZ themes with opening hours, costs (many free), target groups and languages; about one in six is a digital
/// application (virtual location, platforms, DigiD, who helps you start). Used for the demo leerregio's (a few dozen
/// services) and by the synthetic generator (10,000 services, 2,000 organisations). Deterministic for a seed.
/// </summary>
public sealed class SocialMapGenerator(Random random, DateTimeOffset now)
{
    public sealed record WijkInfo(int Id, string Code, string Name, string Gemeente, IReadOnlyList<string> Postcodes);

    public sealed class Batch
    {
        public List<Organization> Organizations { get; } = [];
        public List<OrganizationIdentifier> Identifiers { get; } = [];
        public List<Service> Services { get; } = [];
        public List<Location> Locations { get; } = [];
        public List<ServiceAtLocation> ServiceAtLocations { get; } = [];
        public List<Address> Addresses { get; } = [];
        public List<Phone> Phones { get; } = [];
        public List<Contact> Contacts { get; } = [];
        public List<Schedule> Schedules { get; } = [];
        public List<CostOption> CostOptions { get; } = [];
        public List<Language> Languages { get; } = [];
        public List<ServiceArea> ServiceAreas { get; } = [];
        public List<HsdsAttribute> Attributes { get; } = [];
    }

    private sealed record OrgKind(string Pattern, string Description, string LegalStatus);

    private static readonly OrgKind[] OrgKinds =
    [
        new("Buurthuis {0}", "Het buurthuis van {0}: een plek om elkaar te ontmoeten, met activiteiten voor jong en oud.", "Stichting"),
        new("Bibliotheek {0}", "Boeken lenen, hulp met de computer en formulieren, en taalles in {0}.", "Stichting"),
        new("Buurtteam {0}", "Hulp bij geldzorgen, opvoeden, zorg en andere vragen, voor iedereen in {0}.", "Stichting"),
        new("Sportvereniging {0}", "Sporten en bewegen in {0} voor alle leeftijden.", "Vereniging"),
        new("Welzijnswerk {1}", "Welzijnswerk in {1}: activiteiten, vrijwilligerswerk en steun voor bewoners.", "Stichting"),
        new("Mantelzorgsteunpunt {1}", "Informatie, advies en even vrij voor mantelzorgers in {1}.", "Stichting"),
        new("Gezondheidscentrum {0}", "Huisartsen, fysiotherapie en de praktijkondersteuner in {0}.", "Besloten vennootschap"),
        new("Taalhuis {1}", "Beter leren lezen, schrijven, rekenen en omgaan met de computer.", "Stichting"),
        new("Repair Café {0}", "Samen kapotte spullen repareren, met vrijwilligers uit {0}.", "Vereniging"),
        new("Voedselbank {1}", "Voedselpakketten voor huishoudens die even niet rond kunnen komen.", "Stichting"),
        new("Jongerenwerk {0}", "Een plek en activiteiten voor jongeren uit {0}.", "Stichting"),
        new("Moestuin {0}", "Een gemeenschappelijke moestuin waar buren samen groenten kweken.", "Vereniging"),
    ];

    private sealed record ServiceKind(string Name, string Description, string Theme, string[] Groups, int OrgKind, decimal? Amount,
        string Days, int Opens, int Minutes, DigitalPlatforms Platforms = DigitalPlatforms.None, bool DigiD = false, string? Url = null,
        decimal? MinAge = null, decimal? MaxAge = null);

    private static readonly ServiceKind[] ServiceKinds =
    [
        new("Wandelgroep", "Elke week samen een uur wandelen door de wijk, in een rustig tempo. Iedereen kan meedoen.", "leefstijl", ["volwassenen", "ouderen"], 0, 0m, "TU", 10 * 60, 60),
        new("Samen koken en eten", "Samen een gezonde maaltijd koken en aan tafel met buren.", "leefstijl", ["volwassenen", "ouderen", "nieuwkomers"], 0, 3.50m, "TH", 17 * 60, 150),
        new("Beweegles voor ouderen", "Rustige oefeningen op een stoel en staand, voor soepele spieren en een goede balans.", "leefstijl", ["ouderen"], 3, 2m, "MO,WE", 10 * 60, 45, MinAge: 55),
        new("Koffieochtend", "Gezellig koffie drinken en een praatje maken. Gratis en zonder aanmelden.", "zorg-voor-elkaar", ["ouderen", "volwassenen"], 0, 0m, "WE", 10 * 60, 120),
        new("Mantelzorgcafé", "Mantelzorgers ontmoeten elkaar en krijgen tips. Even tijd voor uzelf.", "zorg-voor-elkaar", ["mantelzorgers"], 5, 0m, "1TH", 14 * 60, 120),
        new("Hulp bij formulieren", "Hulp bij brieven, toeslagen en formulieren van de gemeente of de Belastingdienst.", "zorg-voor-elkaar", ["volwassenen", "weinig-geld", "nieuwkomers"], 1, 0m, "TU,FR", 13 * 60, 180),
        new("Digi-café", "Hulp met uw telefoon, tablet of computer, en met DigiD. Vrijwilligers helpen u rustig op weg.", "zorg-voor-elkaar", ["ouderen", "nieuwkomers"], 1, 0m, "TH", 10 * 60, 120),
        new("Taalcafé", "Nederlands oefenen door te praten met buren. Voor elk niveau.", "sociale-basis", ["nieuwkomers"], 7, 0m, "MO", 19 * 60, 90),
        new("Huiswerkbegeleiding", "Hulp bij huiswerk en plannen voor kinderen van de basisschool en de brugklas.", "sociale-basis", ["kinderen", "jongeren"], 0, 0m, "TU,TH", 15 * 60 + 30, 90, MinAge: 8, MaxAge: 14),
        new("Sportinstuif voor jongeren", "Sporten in de gymzaal: voetbal, basketbal en dans. Gewoon binnenlopen.", "leefstijl", ["jongeren"], 10, 0m, "FR", 19 * 60, 120, MinAge: 12, MaxAge: 18),
        new("Spreekuur buurtteam", "Vragen over geld, zorg, opvoeden of wonen? Loop binnen bij het buurtteam.", "zorg-voor-elkaar", ["volwassenen", "ouders", "weinig-geld"], 2, 0m, "MO,WE", 9 * 60, 180),
        new("Repair Café", "Neem uw kapotte lamp, fiets of broek mee. Samen maken we het weer.", "vitaal-werken", ["volwassenen", "vrijwilligers"], 8, 0m, "2SA", 13 * 60, 180),
        new("Moestuinieren", "Samen zaaien, wieden en oogsten in de buurtmoestuin.", "leefstijl", ["volwassenen", "kinderen", "beperking"], 11, 0m, "SA", 10 * 60, 180),
        new("Voedselpakket", "Een wekelijks voedselpakket voor huishoudens met weinig geld. Aanmelden via het buurtteam.", "zorg-voor-elkaar", ["weinig-geld", "ouders"], 9, 0m, "FR", 13 * 60, 180),
        new("Stoppen met roken", "Een groep die samen stopt met roken, met hulp van de praktijkondersteuner.", "leefstijl", ["volwassenen"], 6, 0m, "TU", 19 * 60, 90, MinAge: 18),
        new("Fysiotherapie in de wijk", "Fysiotherapie bij klachten aan spieren en gewrichten. Vergoed vanuit de aanvullende verzekering.", "leefstijl", ["volwassenen", "ouderen"], 6, 45m, "MO,TU,WE,TH,FR", 8 * 60, 540),
        new("Vrijwilligersvacatures", "Wilt u iets doen voor de buurt? Wij zoeken samen met u vrijwilligerswerk dat past.", "vitaal-werken", ["vrijwilligers", "werkzoekenden"], 4, 0m, "WE", 13 * 60, 120),
        new("Werkplaats voor werkzoekenden", "Ervaring opdoen in de keuken of de tuin, met begeleiding naar werk.", "vitaal-werken", ["werkzoekenden", "beperking"], 4, 0m, "MO,TU,WE,TH", 9 * 60, 360),
        new("Peuterspeelochtend", "Spelen, zingen en andere ouders ontmoeten. Voor kinderen van 0 tot 4 jaar met hun ouder.", "sociale-basis", ["kinderen", "ouders"], 0, 1m, "WE", 9 * 60 + 30, 90, MaxAge: 4),
        new("Zwemmen voor mensen met een beperking", "Aangepast zwemmen in warm water, met begeleiding.", "leefstijl", ["beperking"], 3, 4m, "SA", 9 * 60, 60),
        new("Jongerencentrum", "Chillen, gamen, koken en praten met de jongerenwerker.", "sociale-basis", ["jongeren"], 10, 0m, "WE,FR", 15 * 60, 240, MinAge: 12, MaxAge: 23),
        new("Ommetje-app", "Een app die u uitdaagt elke dag een ommetje van twintig minuten te maken, alleen of met buren.", "leefstijl", ["volwassenen", "ouderen"], 4, 0m, "", 0, 0, DigitalPlatforms.Ios | DigitalPlatforms.Android, false, "https://www.ommetje.nl"),
        new("MijnGezondheid.net", "Een afspraak bij de huisarts maken, herhaalrecepten en uitslagen bekijken.", "zorg-voor-elkaar", ["volwassenen", "ouderen"], 6, 0m, "", 0, 0, DigitalPlatforms.Web | DigitalPlatforms.Ios | DigitalPlatforms.Android, true, "https://www.mijngezondheid.net"),
        new("Buurtapp", "Vraag en bied hulp aan buren, en lees wat er speelt in de wijk.", "zorg-voor-elkaar", ["volwassenen", "ouderen", "nieuwkomers"], 0, 0m, "", 0, 0, DigitalPlatforms.Web | DigitalPlatforms.Android | DigitalPlatforms.Ios, false, "https://www.wehelpen.nl"),
        new("Thuisarts.nl", "Betrouwbare informatie over gezondheid en ziekte, van huisartsen.", "leefstijl", ["volwassenen", "ouders"], 6, 0m, "", 0, 0, DigitalPlatforms.Web, false, "https://www.thuisarts.nl"),
        new("Mantelzorg-app", "Zorg samen regelen: een agenda en taken delen met familie en buren.", "zorg-voor-elkaar", ["mantelzorgers"], 5, 0m, "", 0, 0, DigitalPlatforms.Web | DigitalPlatforms.Ios | DigitalPlatforms.Android, false, "https://www.mantelzorg.nl"),
        new("Toeslagen aanvragen online", "Huurtoeslag en zorgtoeslag aanvragen en wijzigen bij de Belastingdienst.", "zorg-voor-elkaar", ["weinig-geld", "volwassenen"], 1, 0m, "", 0, 0, DigitalPlatforms.Web | DigitalPlatforms.Ios | DigitalPlatforms.Android, true, "https://www.belastingdienst.nl/toeslagen"),
        new("Oefenen.nl", "Gratis online oefenen met taal, rekenen en de computer.", "sociale-basis", ["nieuwkomers", "volwassenen"], 7, 0m, "", 0, 0, DigitalPlatforms.Web, false, "https://oefenen.nl"),
    ];

    private static readonly string[] Streets =
    [
        "Marshalllaan", "Columbuslaan", "Rijnlaan", "Kanaalweg", "Biltstraat", "Oudwijkerdwarsstraat", "Burgemeester Reigerstraat",
        "Weg der Verenigde Naties", "Vleutenseweg", "Zuilenstraat", "Dorpsstraat", "Parkweg", "Zandveldseweg", "Batauweg",
        "Galecopperlaan", "Graaf Florislaan", "Middenweg", "Langerakbaan", "Terwijdelaan", "Meentweg",
    ];

    private static readonly (string Code, string Name)[] ExtraLanguages = [("ar", "Arabisch"), ("tr", "Turks"), ("en", "Engels"), ("pl", "Pools"), ("ti", "Tigrinya")];

    private Guid NextId()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>A point in the wijk: the centre of Utrecht moved by the wijk's number, and a little scatter.</summary>
    private (double Lat, double Lon) PointIn(WijkInfo wijk, int index)
    {
        var n = int.Parse(wijk.Code.AsSpan(6, 2), CultureInfo.InvariantCulture);
        var gemeenteShift = wijk.Code.StartsWith("WK0356", StringComparison.Ordinal) ? -0.06 : 0.0;
        var lat = 52.07 + gemeenteShift + ((n % 5) - 2) * 0.012 + (random.NextDouble() - 0.5) * 0.01;
        var lon = 5.11 + ((n / 5 % 5) - 2) * 0.02 + (random.NextDouble() - 0.5) * 0.015 + index * 0.0;
        return (Math.Round(lat, 6), Math.Round(lon, 6));
    }

    public Batch Generate(int leerregioId, IReadOnlyList<WijkInfo> wijken, int organizationCount, int serviceCount, double draftShare = 0.05)
    {
        var batch = new Batch();
        var orgs = new List<(Organization Org, Location Location, WijkInfo Wijk, int Kind)>();
        for (var i = 0; i < organizationCount; i++)
        {
            var kindIndex = i % OrgKinds.Length;
            var kind = OrgKinds[kindIndex];
            var wijk = wijken[i / OrgKinds.Length % wijken.Count];
            var round = i / (OrgKinds.Length * wijken.Count);
            var name = string.Format(CultureInfo.InvariantCulture, kind.Pattern, wijk.Name, wijk.Gemeente) + (round > 0 ? " " + (round + 1).ToString(CultureInfo.InvariantCulture) : "");
            var slug = new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
            var org = new Organization
            {
                Id = NextId(), LeerregioId = leerregioId, Name = name,
                Description = string.Format(CultureInfo.InvariantCulture, kind.Description, wijk.Name, wijk.Gemeente),
                Email = $"info@{slug}.example.org", Website = $"https://{slug}.example.org", LegalStatus = kind.LegalStatus,
                Publication = random.NextDouble() < draftShare / 2 ? Publication.Draft : Publication.Published, ModifiedAt = now,
            };
            batch.Organizations.Add(org);
            batch.Identifiers.Add(new OrganizationIdentifier
            {
                Id = NextId(), LeerregioId = leerregioId, OrganizationId = org.Id, IdentifierScheme = OrganizationIdentifier.KvkScheme,
                IdentifierType = "KvK-nummer", Identifier = random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
            });
            var (lat, lon) = PointIn(wijk, i);
            var location = new Location
            {
                Id = NextId(), LeerregioId = leerregioId, LocationType = "physical", OrganizationId = org.Id, Name = name,
                Latitude = lat, Longitude = lon, WijkId = wijk.Id, Transportation = "Bus stopt om de hoek. Fietsenstalling bij de ingang.",
            };
            batch.Locations.Add(location);
            var pc4 = wijk.Postcodes.Count > 0 ? wijk.Postcodes[random.Next(wijk.Postcodes.Count)] : "3500";
            batch.Addresses.Add(new Address
            {
                Id = NextId(), LeerregioId = leerregioId, LocationId = location.Id, Address1 = $"{Streets[random.Next(Streets.Length)]} {random.Next(1, 250)}",
                City = wijk.Gemeente, StateProvince = "Utrecht", PostalCode = $"{pc4} {(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}",
                Country = "NL", AddressType = "physical",
            });
            batch.Phones.Add(new Phone
            {
                Id = NextId(), LeerregioId = leerregioId, OrganizationId = org.Id, Type = "voice",
                Number = $"030 {random.Next(100, 999)} {random.Next(1000, 9999)}", Description = "Algemeen nummer",
            });
            batch.Contacts.Add(new Contact { Id = NextId(), LeerregioId = leerregioId, OrganizationId = org.Id, Title = "Balie", Department = "Informatie", Email = org.Email });
            orgs.Add((org, location, wijk, kindIndex));
        }
        var byKind = orgs.ToLookup(o => o.Kind);
        var helpers = orgs.Where(o => o.Kind == 1).ToList(); // bibliotheken help residents start with digital applications
        for (var j = 0; j < serviceCount; j++)
        {
            var kind = ServiceKinds[j % ServiceKinds.Length];
            var candidates = byKind[kind.OrgKind].ToList();
            var (org, orgLocation, wijk, _) = candidates.Count > 0 ? candidates[j / ServiceKinds.Length % candidates.Count] : orgs[j % orgs.Count];
            var digital = kind.Platforms != DigitalPlatforms.None;
            var service = new Service
            {
                Id = NextId(), LeerregioId = leerregioId, OrganizationId = org.Id, OwnerOrganizationId = org.Id,
                Name = digital ? kind.Name : $"{kind.Name} {wijk.Name}", Description = kind.Description, Status = "active",
                Url = kind.Url, MinimumAge = kind.MinAge, MaximumAge = kind.MaxAge,
                ApplicationProcess = kind.Amount == 0 ? "U kunt gewoon binnenlopen." : "Aanmelden bij de balie of per telefoon.",
                LastModified = now.AddDays(-random.Next(0, 400)), CreatedAt = now.AddDays(-random.Next(400, 800)),
                LastCheckedAt = now.AddDays(-random.Next(0, 540)),
                Publication = random.NextDouble() < draftShare ? Publication.Draft : Publication.Published,
                Platforms = kind.Platforms, DigiDRequired = digital ? kind.DigiD : null,
            };
            if (digital && helpers.Count > 0)
            {
                var helper = helpers.FirstOrDefault(h => h.Wijk.Id == wijk.Id) is { Org: not null } near ? near : helpers[j % helpers.Count];
                service.StartHelpOrganizationId = helper.Org.Id;
                service.StartHelp = $"Hulp bij het starten: Digi-café in {helper.Org.Name}, donderdag 10.00–12.00 uur.";
            }
            batch.Services.Add(service);
            Location at;
            if (digital)
            {
                at = new Location { Id = NextId(), LeerregioId = leerregioId, LocationType = "virtual", Url = kind.Url, Name = kind.Name, OrganizationId = org.Id };
                batch.Locations.Add(at);
                foreach (var w in wijken)
                {
                    batch.ServiceAreas.Add(new ServiceArea { Id = NextId(), LeerregioId = leerregioId, ServiceId = service.Id, Name = w.Name, WijkId = w.Id, ExtentType = "cbs-wijk", Extent = w.Code });
                }
            }
            else
            {
                at = orgLocation;
                batch.ServiceAreas.Add(new ServiceArea { Id = NextId(), LeerregioId = leerregioId, ServiceId = service.Id, Name = wijk.Name, WijkId = wijk.Id, ExtentType = "cbs-wijk", Extent = wijk.Code });
                var (opens, closes) = (new TimeOnly(kind.Opens / 60, kind.Opens % 60), new TimeOnly((kind.Opens + kind.Minutes) / 60, (kind.Opens + kind.Minutes) % 60));
                var monthly = char.IsDigit(kind.Days[0]);
                batch.Schedules.Add(new Schedule
                {
                    Id = NextId(), LeerregioId = leerregioId, ServiceId = service.Id, Freq = monthly ? "MONTHLY" : "WEEKLY", Interval = 1,
                    Byday = kind.Days, OpensAt = opens, ClosesAt = closes, Timezone = 1, Wkst = "MO",
                    Description = $"{DaysInDutch(kind.Days)} van {opens:HH\\:mm} tot {closes:HH\\:mm} uur",
                });
            }
            batch.ServiceAtLocations.Add(new ServiceAtLocation { Id = NextId(), LeerregioId = leerregioId, ServiceId = service.Id, LocationId = at.Id });
            batch.CostOptions.Add(new CostOption
            {
                Id = NextId(), LeerregioId = leerregioId, ServiceId = service.Id, Currency = "EUR", Amount = kind.Amount,
                Option = kind.Amount == 0 ? "Gratis" : "Per keer", AmountDescription = kind.Amount == 0 ? "Gratis" : $"€ {kind.Amount:0.00} per keer",
            });
            batch.Languages.Add(new Language { Id = NextId(), LeerregioId = leerregioId, ServiceId = service.Id, Code = "nl", Name = "Nederlands" });
            if (random.NextDouble() < 0.3)
            {
                var (code, name) = ExtraLanguages[random.Next(ExtraLanguages.Length)];
                batch.Languages.Add(new Language { Id = NextId(), LeerregioId = leerregioId, ServiceId = service.Id, Code = code, Name = name });
            }
            batch.Attributes.Add(Term(leerregioId, service.Id, SocialMapTaxonomies.ThemeTermId(kind.Theme)));
            foreach (var g in kind.Groups)
            {
                batch.Attributes.Add(Term(leerregioId, service.Id, SocialMapTaxonomies.TargetGroupTermId(g)));
            }
        }
        return batch;
    }

    private HsdsAttribute Term(int leerregioId, Guid serviceId, Guid termId) => new()
    {
        Id = NextId(), LeerregioId = leerregioId, LinkId = serviceId, LinkType = "service", LinkEntity = "service", TaxonomyTermId = termId,
    };

    private static string DaysInDutch(string byday)
    {
        var names = new Dictionary<string, string>
        {
            ["MO"] = "maandag", ["TU"] = "dinsdag", ["WE"] = "woensdag", ["TH"] = "donderdag", ["FR"] = "vrijdag", ["SA"] = "zaterdag", ["SU"] = "zondag",
        };
        return string.Join(", ", byday.Split(',').Select(d => char.IsDigit(d[0])
            ? $"elke {(d[0] == '1' ? "eerste" : d[0] == '2' ? "tweede" : "derde")} {names[d[1..]]} van de maand"
            : "elke " + names[d]));
    }
}
