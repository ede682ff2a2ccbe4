using Bogus;
using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;

namespace Groz.Bench.Generate;

/// <summary>
/// The leerregio with its gemeenten, wijken (5,000–30,000 residents each, like CBS wijken of a mid-size city),
/// buurten (1,000–5,000) and four-digit postcodes. Codes have the CBS format but use the unused GM99xx range,
/// so that a synthetic region never collides with a real one (or the demo data) in the same database.
/// </summary>
public sealed class RegionsStep : IGeneratorStep
{
    public string Name => "regions";

    private static readonly System.Globalization.CultureInfo Dutch = System.Globalization.CultureInfo.GetCultureInfo("nl-NL");

    public const int MinWijk = 5_000, MaxWijk = 30_000, MinBuurt = 1_000, MaxBuurt = 5_000;
    /// <summary>Residents per PC4 area: Dutch urban postcode areas hold a few thousand people.</summary>
    public const int ResidentsPerPostcode = 4_000;
    /// <summary>Postcodes are numbered from here (the Utrecht range), so that a 100,000-resident region covers 3526 like the demo.</summary>
    public const int FirstPostcode = 3511;

    private static readonly string[] Districts = ["Centrum", "Noord", "Oost", "Zuid", "West", "Noordwest", "Zuidoost", "Noordoost", "Zuidwest"];
    private static readonly string[] BuurtSuffixes = ["buurt", "kwartier", "park", "hof", "veld", "wijk", "dorp", "hoek", "akker", "weide"];

    public async Task RunAsync(GenerationContext context, CancellationToken ct)
    {
        var random = context.RandomFor(Name);
        var faker = context.FakerFor(Name);
        var residents = context.Options.Residents;
        var year = DemoData.DivisionYear;

        var sizes = WijkSizes(residents, random);
        // A leerregio usually spans a city and a smaller neighbour (Utrecht + Nieuwegein): about two thirds in the first.
        var gemeenteCount = sizes.Count >= 3 ? 2 : 1;
        var firstGemeenteWijken = gemeenteCount == 1 ? sizes.Count : Math.Clamp(FirstShare(sizes, 0.65), 1, sizes.Count - 1);

        var gemeenten = new List<Gemeente>();
        await context.WriteAsync(async db =>
        {
            var taken = await db.Gemeenten.Where(g => g.DivisionYear == year && g.Code.StartsWith("GM99")).Select(g => g.Code).ToListAsync(ct);
            var next = 9901;
            var names = new HashSet<string>();
            for (var i = 0; i < gemeenteCount; i++)
            {
                while (taken.Contains($"GM{next}"))
                {
                    next++;
                }
                var name = faker.Address.City();
                while (!names.Add(name))
                {
                    name = faker.Address.City();
                }
                gemeenten.Add(new Gemeente { Code = $"GM{next++}", Name = name, DivisionYear = year });
            }
            db.Gemeenten.AddRange(gemeenten);
            var leerregio = new Leerregio
            {
                Slug = context.Options.Slug,
                Name = $"Synthetische leerregio {string.Join(" / ", gemeenten.Select(g => g.Name))}",
                Description = $"Gegenereerd voor belastingtests: {residents.ToString("N0", Dutch)} inwoners, seed {context.Options.Seed}. Alle mensen zijn verzonnen.",
                CreatedAt = context.Start,
            };
            db.Leerregios.Add(leerregio);
            context.Leerregio = leerregio;
        }, ct);

        var postcode = FirstPostcode;
        var wijken = new List<(Wijk Wijk, Gemeente Gemeente, List<Buurt> Buurten, List<string> Postcodes)>();
        var wijkNames = new HashSet<string>();
        for (var i = 0; i < sizes.Count; i++)
        {
            var gemeente = gemeenten[i < firstGemeenteWijken ? 0 : 1];
            var number = i < firstGemeenteWijken ? i + 1 : i - firstGemeenteWijken + 1;
            var wijkName = number <= Districts.Length && random.Next(3) > 0
                ? $"{gemeente.Name}-{Districts[number - 1]}"
                : PlaceName(faker, random);
            while (!wijkNames.Add(wijkName))
            {
                wijkName = PlaceName(faker, random);
            }
            var postcodes = Enumerable.Range(0, Math.Max(1, (int)Math.Round(sizes[i] / (double)ResidentsPerPostcode)))
                .Select(_ => (postcode++).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var wijk = new Wijk
            {
                Code = $"WK{gemeente.Code[2..]}{number:00}", Name = wijkName, DivisionYear = year, Residents = sizes[i],
                Postcodes = string.Join(' ', postcodes), GemeenteId = gemeente.Id, LeerregioId = context.Leerregio!.Id,
            };
            wijken.Add((wijk, gemeente, BuurtenOf(wijk, random, faker), postcodes));
        }

        await context.InsertAsync(wijken.Select(w => w.Wijk), ct);
        foreach (var w in wijken)
        {
            foreach (var b in w.Buurten)
            {
                b.WijkId = w.Wijk.Id;
            }
        }
        await context.InsertAsync(wijken.SelectMany(w => w.Buurten), ct);

        context.Wijken.AddRange(wijken.Select(w => new SyntheticWijk(w.Wijk, w.Gemeente, w.Buurten, w.Postcodes)));
        context.Count("leerregio's", 1);
        context.Count("gemeenten", gemeenten.Count);
        context.Count("wijken", wijken.Count);
        context.Count("buurten", wijken.Sum(w => w.Buurten.Count));
        context.Count("postcodes (PC4)", wijken.Sum(w => w.Postcodes.Count));
        context.Count("residents", wijken.Sum(w => w.Wijk.Residents ?? 0));
    }

    /// <summary>Wijk sizes that add up to the residents exactly, each 5,000–30,000 (one smaller wijk only when the region itself is).</summary>
    internal static List<int> WijkSizes(int residents, Random random)
    {
        var sizes = new List<int>();
        var remaining = residents;
        while (remaining > 0)
        {
            if (remaining <= MaxWijk)
            {
                sizes.Add(remaining);
                break;
            }
            var size = Triangular(random, MinWijk, MaxWijk, 14_000);
            if (remaining - size < MinWijk)
            {
                size = remaining - MinWijk;
            }
            sizes.Add(size);
            remaining -= size;
        }
        return sizes;
    }

    private static int FirstShare(List<int> sizes, double share)
    {
        var total = sizes.Sum();
        var sum = 0;
        for (var i = 0; i < sizes.Count; i++)
        {
            sum += sizes[i];
            if (sum >= total * share)
            {
                return i + 1;
            }
        }
        return sizes.Count;
    }

    private static List<Buurt> BuurtenOf(Wijk wijk, Random random, Faker faker)
    {
        var residents = wijk.Residents ?? 0;
        var count = Math.Clamp((int)Math.Round(residents / (double)Triangular(random, 1_800, 4_500, 2_800)), 1, 99);
        count = Math.Clamp(count, (residents + MaxBuurt - 1) / MaxBuurt, Math.Max(1, residents / MinBuurt));
        // Uneven buurten, but each within bounds: draw weights, then move the rounding rest to the last one.
        var weights = Enumerable.Range(0, count).Select(_ => 0.6 + random.NextDouble() * 0.8).ToArray();
        var total = weights.Sum();
        var sizes = weights.Select(w => Math.Clamp((int)(residents * w / total), MinBuurt, MaxBuurt)).ToArray();
        var rest = residents - sizes.Sum();
        for (var i = 0; rest != 0 && i < count * 4; i++)
        {
            var k = i % count;
            var step = rest > 0 ? Math.Min(rest, MaxBuurt - sizes[k]) : Math.Max(rest, MinBuurt - sizes[k]);
            sizes[k] += step;
            rest -= step;
        }
        sizes[^1] += rest; // only when the wijk itself is smaller than one buurt may be
        var names = new HashSet<string>();
        var buurten = new List<Buurt>(count);
        for (var i = 0; i < count; i++)
        {
            var name = PlaceName(faker, random);
            while (!names.Add(name))
            {
                name = PlaceName(faker, random);
            }
            buurten.Add(new Buurt
            {
                Code = $"BU{wijk.Code[2..]}{i + 1:00}", Name = name, DivisionYear = wijk.DivisionYear,
                Residents = sizes[i], LeerregioId = wijk.LeerregioId,
            });
        }
        return buurten;
    }

    /// <summary>CBS buurt names are often a street "en omgeving" or a name with a place suffix (Terwijde, Galgenwaard).</summary>
    private static string PlaceName(Faker faker, Random random)
    {
        if (random.Next(4) == 0)
        {
            return $"{faker.Address.StreetName()} en omgeving";
        }
        var last = faker.Name.LastName().Split(' ')[^1];
        return char.ToUpperInvariant(last[0]) + last[1..] + BuurtSuffixes[random.Next(BuurtSuffixes.Length)];
    }

    private static int Triangular(Random random, int min, int max, int mode)
    {
        var u = random.NextDouble();
        var c = (mode - min) / (double)(max - min);
        var x = u < c ? min + Math.Sqrt(u * (max - min) * (mode - min)) : max - Math.Sqrt((1 - u) * (max - min) * (max - mode));
        return (int)Math.Round(x);
    }
}
