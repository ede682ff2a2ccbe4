using Bogus;
using Bogus.DataSets;

namespace Groz.Bench.Generate;

/// <summary>
/// Names as they occur in a Utrecht wijk. Bogus's "nl" locale gives the common Dutch first names and surname
/// stems, but without their tussenvoegsel ("Vries" rather than "de Vries"), so the usual one is put back here;
/// and it knows no names of the many residents with Moroccan or Turkish roots, so a short list adds them.
/// </summary>
public static class People
{
    private static readonly Dictionary<string, string> Tussenvoegsels = new()
    {
        ["Beek"] = "van", ["Berg"] = "van den", ["Boer"] = "de", ["Bosch"] = "van den", ["Brink"] = "van den",
        ["Broek"] = "van den", ["Bruin"] = "de", ["Dam"] = "van", ["Dijk"] = "van", ["Graaf"] = "de", ["Groot"] = "de",
        ["Haan"] = "de", ["Heuvel"] = "van den", ["Hoek"] = "van der", ["Jong"] = "de", ["Koning"] = "de",
        ["Leeuwen"] = "van", ["Linden"] = "van der", ["Meer"] = "van der", ["Ruiter"] = "de", ["Veen"] = "van",
        ["Ven"] = "van de", ["Vliet"] = "van", ["Vries"] = "de", ["Wal"] = "van der", ["Wit"] = "de",
    };

    private static readonly string[] OtherFirstNames =
    [
        "Mohamed", "Fatima", "Yassine", "Nora", "Ayoub", "Salma", "Bilal", "Imane", "Hamza", "Khadija",
        "Emre", "Zeynep", "Mehmet", "Elif", "Yusuf", "Ayşe", "Burak", "Esra", "Ibrahim", "Meryem",
    ];

    private static readonly string[] OtherLastNames =
    [
        "El Amrani", "Bouzid", "Ouali", "El Idrissi", "Boukhari", "Aziz", "Benali", "Tahiri", "El Khatib", "Amrani",
        "Yilmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç",
    ];

    /// <summary>About one in five members gets a name of Moroccan or Turkish origin, roughly the share in Utrecht's larger wijken.</summary>
    public static (string First, string Last) Next(Faker faker)
    {
        if (faker.Random.Double() < 0.2)
        {
            return (faker.PickRandom(OtherFirstNames), faker.PickRandom(OtherLastNames));
        }
        var first = faker.Name.FirstName(faker.PickRandom<Name.Gender>());
        var stem = faker.Name.LastName();
        while (stem == "Stichting") // one stray entry in Bogus's surname list ("foundation")
        {
            stem = faker.Name.LastName();
        }
        return (first, Tussenvoegsels.TryGetValue(stem, out var t) ? $"{t} {stem}" : stem);
    }
}
