using Groz.Web.Features.Accounts;
using Groz.Web.Features.HelpRequests;

namespace Groz.Bench.Generate;

/// <summary>
/// Hulpvragen's share: per 100,000 residents 50,000 help requests over two years (the size), of which 5,000
/// are still open, spread over the wijken by residents, asked by the wijk's members, handled by its buurtassistenten
/// and volunteers (<see cref="HelpRequestGenerator"/>).
/// </summary>
public sealed class HelpRequestsStep : IGeneratorStep
{
    public string Name => "helprequests";

    public const int RequestsPer100k = 50_000;
    public const int OpenPer100k = 5_000;

    public async Task RunAsync(GenerationContext context, CancellationToken ct)
    {
        var leerregio = context.Leerregio ?? throw new InvalidOperationException("The regions step runs first.");
        var residents = context.Wijken.Sum(w => w.Wijk.Residents ?? 0);
        var total = (int)Math.Round(residents * (long)RequestsPer100k / 100_000.0);
        var open = (int)Math.Round(residents * (long)OpenPer100k / 100_000.0);
        var wijken = People(context, leerregio.Id);
        var generated = new HelpRequestGenerator(context.RandomFor(Name), context.Options.AsOf).Generate(wijken, total, open);
        context.Count("help requests", await InsertAsync(context, generated, ct));
        context.Count("help requests open", generated.Count(g => HelpFlow.Open.Contains(g.Request.Status)));
    }

    public static List<HelpRequestGenerator.WijkPeople> People(GenerationContext context, int leerregioId) =>
        context.Wijken.Select(w =>
        {
            var members = context.Members.Where(m => m.WijkId == w.Wijk.Id).ToList();
            return new HelpRequestGenerator.WijkPeople(w.Wijk.Id, leerregioId, w.Wijk.Residents ?? 1,
                members.Where(m => m.Roles.Contains(GrozRole.Resident)).Select(m => (m.UserId, m.DisplayName)).ToList(),
                members.Where(m => m.Roles.Contains(GrozRole.Volunteer)).Select(m => m.UserId).ToList(),
                members.Where(m => m.Roles.Contains(GrozRole.Buurtassistent)).Select(m => m.UserId).ToList());
        }).ToList();

    /// <summary>The requests first (their ids), then what hangs from them.</summary>
    public static async Task<int> InsertAsync(GenerationContext context, List<HelpRequestGenerator.Generated> generated, CancellationToken ct)
    {
        var written = await context.InsertAsync(generated.Select(g => g.Request), ct);
        foreach (var g in generated)
        {
            g.Changes.ForEach(c => c.HelpRequestId = g.Request.Id);
            g.Consents.ForEach(c => c.HelpRequestId = g.Request.Id);
            if (g.Vital is not null)
            {
                g.Vital.HelpRequestId = g.Request.Id;
            }
        }
        await context.InsertAsync(generated.SelectMany(g => g.Changes), ct);
        await context.InsertAsync(generated.SelectMany(g => g.Consents), ct);
        await context.InsertAsync(generated.Where(g => g.Vital is not null).Select(g => g.Vital!), ct);
        return written;
    }
}
