using Groz.Web.Features.Shared;
using Groz.Web.Features.Welcome;

namespace Groz.Bench.Generate;

/// <summary>
/// Welkom in de wijk's share. About one resident in ten moves each year; per 100,000 residents the municipality's lists
/// bring <see cref="LettersPer100k"/> letters within the letter retention (one batch a month), of which
/// <see cref="UsedShare"/> are opened, and <see cref="RoutesPer100k"/> routes are made within the route retention
/// (some from a letter). Only what retention keeps is generated: older rows would already be gone.
/// </summary>
public sealed class WelcomeStep : IGeneratorStep
{
    public string Name => "welcome";

    public const int LettersPer100k = 3_200;
    public const int RoutesPer100k = 1_500;
    public const double UsedShare = 0.3;

    public async Task RunAsync(GenerationContext context, CancellationToken ct)
    {
        var leerregio = context.Leerregio ?? throw new InvalidOperationException("The regions step runs first.");
        var random = context.RandomFor(Name);
        var faker = context.FakerFor(Name);
        var options = new WelcomeOptions();
        var now = context.Options.AsOf;
        var residents = context.Wijken.Sum(w => w.Wijk.Residents ?? 0);
        int Scaled(int per100k) => Math.Max(1, (int)Math.Round(residents * (long)per100k / 100_000.0));
        SyntheticWijk PickWijk()
        {
            var n = random.Next(Math.Max(1, residents));
            foreach (var w in context.Wijken)
            {
                n -= w.Wijk.Residents ?? 0;
                if (n < 0)
                {
                    return w;
                }
            }
            return context.Wijken[^1];
        }

        // One batch per month of the letter retention.
        var months = Math.Max(1, options.LetterRetentionDays / 30);
        var batches = Enumerable.Range(0, months).Select(m => now.AddDays(-30 * m - random.Next(1, 28))).Select((at, i) => new WelcomeLetterBatch
        {
            LeerregioId = leerregio.Id, FileName = $"nieuwe-adressen-{i + 1}.csv", CreatedAt = at, ExpiresAt = at.AddDays(options.LetterRetentionDays),
        }).ToList();
        var letterCount = Scaled(LettersPer100k);
        var codes = new HashSet<string>();
        while (codes.Count < letterCount)
        {
            codes.Add(new string(Enumerable.Range(0, 8).Select(_ => "ABCDEFGHJKMNPQRSTUVWXYZ23456789"[random.Next(31)]).ToArray()));
        }
        var perBatch = letterCount / batches.Count;
        foreach (var b in batches)
        {
            b.Letters = perBatch;
        }
        batches[0].Letters += letterCount - perBatch * batches.Count;
        await context.InsertAsync(batches, ct);
        var letters = new List<WelcomeLetter>();
        using var code = codes.GetEnumerator();
        foreach (var b in batches)
        {
            for (var i = 0; i < b.Letters && code.MoveNext(); i++)
            {
                var w = PickWijk();
                var pc4 = w.Postcodes.Count > 0 ? w.Postcodes[random.Next(w.Postcodes.Count)] : "3500";
                var used = random.NextDouble() < UsedShare ? b.CreatedAt.AddDays(random.Next(2, 30)) : (DateTimeOffset?)null;
                letters.Add(new WelcomeLetter
                {
                    BatchId = b.Id, LeerregioId = leerregio.Id, WijkId = w.Wijk.Id, Street = faker.Address.StreetName(), HouseNumber = random.Next(1, 300).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Postcode = $"{pc4} {(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}", City = w.Gemeente.Name, Code = code.Current,
                    UsedAt = used is { } u && u <= now ? u : null,
                });
            }
        }
        context.Count("welcome letters", await context.InsertAsync(letters, ct));

        // Routes: half of the used letters lead to one, the rest come from the web page itself.
        var fromLetters = letters.Where(x => x.UsedAt is not null && x.UsedAt > now.AddDays(-options.RouteRetentionDays) && random.Next(2) == 0).ToList();
        var routes = new List<WelcomeRoute>();
        var target = Scaled(RoutesPer100k);
        for (var i = 0; i < target; i++)
        {
            var letter = i < fromLetters.Count ? fromLetters[i] : null;
            var at = letter?.UsedAt ?? now.AddMinutes(-random.Next(options.RouteRetentionDays * 24 * 60));
            var interests = Themes.All.Where(_ => random.Next(3) == 0).Select(t => t.Code).DefaultIfEmpty("leefstijl");
            var situations = WelcomeSituations.All.Where(_ => random.Next(4) == 0).Select(s => s.Code);
            routes.Add(new WelcomeRoute
            {
                LeerregioId = leerregio.Id, WijkId = letter?.WijkId ?? PickWijk().Wijk.Id, CodeHash = Hash(random),
                Interests = string.Join(',', interests), Situations = string.Join(',', situations), LetterId = letter?.Id, CreatedAt = at, ExpiresAt = at.AddDays(options.RouteRetentionDays),
            });
        }
        context.Count("welcome routes", await context.InsertAsync(routes, ct));
    }

    /// <summary>A stand-in for the hash of a route's code, from the step's own stream (the same on every run).</summary>
    private static string Hash(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
