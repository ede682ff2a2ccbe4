using Groz.Web.Features.SocialMap;

namespace Groz.Bench.Generate;

/// <summary>
/// The Wijkportaal's share: the social map of the synthetic leerregio from the same generator as the demo map.
/// Per 100,000 residents 10,000 services and 2,000 organisations (the benchmark size), spread over the
/// wijken; about one in six services is a digital application, 5% are drafts.
/// </summary>
public sealed class SocialMapStep : IGeneratorStep
{
    public string Name => "socialmap";

    public const int ServicesPer100k = 10_000;
    public const int OrganizationsPer100k = 2_000;

    public async Task RunAsync(GenerationContext context, CancellationToken ct)
    {
        var leerregio = context.Leerregio ?? throw new InvalidOperationException("The regions step runs first.");
        var residents = context.Wijken.Sum(w => w.Wijk.Residents ?? 0);
        var services = (int)Math.Round(residents * (long)ServicesPer100k / 100_000.0);
        var organizations = Math.Max(1, (int)Math.Round(residents * (long)OrganizationsPer100k / 100_000.0));
        var wijken = context.Wijken.Select(w => new SocialMapGenerator.WijkInfo(w.Wijk.Id, w.Wijk.Code, w.Wijk.Name, w.Gemeente.Name, w.Postcodes)).ToList();
        var batch = new SocialMapGenerator(context.RandomFor(Name), context.Options.AsOf).Generate(leerregio.Id, wijken, organizations, services);
        context.Count("socialmap organisations", await context.InsertAsync(batch.Organizations, ct));
        await context.InsertAsync(batch.Identifiers, ct);
        context.Count("socialmap services", await context.InsertAsync(batch.Services, ct));
        context.Count("socialmap locations", await context.InsertAsync(batch.Locations, ct));
        await context.InsertAsync(batch.ServiceAtLocations, ct);
        await context.InsertAsync(batch.Addresses, ct);
        await context.InsertAsync(batch.Phones, ct);
        await context.InsertAsync(batch.Contacts, ct);
        await context.InsertAsync(batch.Schedules, ct);
        await context.InsertAsync(batch.CostOptions, ct);
        await context.InsertAsync(batch.Languages, ct);
        await context.InsertAsync(batch.ServiceAreas, ct);
        context.Count("socialmap attributes (themes, target groups)", await context.InsertAsync(batch.Attributes, ct));
    }
}
