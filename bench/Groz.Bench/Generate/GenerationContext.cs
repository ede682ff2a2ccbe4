using Bogus;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Bench.Generate;

/// <summary>One module's share of the synthetic leerregio. Steps run in the order of <see cref="Steps.All"/>.</summary>
public interface IGeneratorStep
{
    string Name { get; }
    Task RunAsync(GenerationContext context, CancellationToken ct);
}

/// <summary>A wijk as generated, with what later steps need without asking the database again.</summary>
public sealed record SyntheticWijk(Wijk Wijk, Gemeente Gemeente, IReadOnlyList<Buurt> Buurten, IReadOnlyList<string> Postcodes);

/// <summary>A member account as generated: later modules pick their volunteers, askers and organisers from these.</summary>
public sealed record SyntheticMember(string UserId, string DisplayName, int WijkId, DateTimeOffset CreatedAt, IReadOnlyList<GrozRole> Roles, bool EmailConfirmed)
{
    /// <summary>Signs in with a password alone (no 2FA): what a benchmark client can get an API token for.</summary>
    public bool PasswordOnly => EmailConfirmed && !Roles.Any(GrozRoles.RequiresTwoFactor);
}

/// <summary>What the steps share: the options, the target database, the rows made so far and the counts to print.</summary>
public sealed class GenerationContext(GeneratorOptions options, IServiceProvider services)
{
    /// <summary>Rows per SaveChanges: large enough for EF's batching to pay, small enough to keep memory flat.</summary>
    public const int BatchSize = 2_000;

    public GeneratorOptions Options { get; } = options;
    public IServiceProvider Services { get; } = services;
    public List<(string What, int Count)> Counts { get; } = [];

    /// <summary>Set by <see cref="RegionsStep"/>.</summary>
    public Leerregio? Leerregio { get; set; }
    public List<SyntheticWijk> Wijken { get; } = [];
    /// <summary>Set by <see cref="AccountsStep"/>.</summary>
    public List<SyntheticMember> Members { get; } = [];
    /// <summary>Set by <see cref="TimeBankStep"/>: the account with <see cref="TimeBankStep.StatementTransfers"/> transfers, and its contact.</summary>
    public int StatementAccountId { get; set; }
    public string? StatementAccountUserId { get; set; }

    /// <summary>History starts two years before <see cref="GeneratorOptions.AsOf"/>.</summary>
    public DateTimeOffset Start => Options.AsOf.AddYears(-2);

    public void Count(string what, int count) => Counts.Add((what, count));

    /// <summary>
    /// Each step draws from its own random stream, derived from the seed and the step's name: a step added later
    /// changes nothing in the rows of the steps before it.
    /// </summary>
    public Random RandomFor(string stream) => new(StreamSeed(stream));

    public Faker FakerFor(string stream, string locale = "nl") => new(locale) { Random = new Randomizer(StreamSeed(stream)) };

    private int StreamSeed(string stream)
    {
        // FNV-1a: string.GetHashCode differs between processes, this does not.
        var hash = 2166136261u;
        foreach (var c in stream)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash ^ (uint)Options.Seed);
    }

    public async Task<bool> IsFreshAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
        return !await db.Leerregios.AnyAsync(l => l.Slug == Options.Slug);
    }

    /// <summary>A short-lived DbContext for a few rows (e.g. reference data whose generated ids later rows need).</summary>
    public async Task WriteAsync(Func<GrozDbContext, Task> write, CancellationToken ct)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
        await write(db);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Writes many rows in batches, each through a fresh DbContext with change detection off: the change tracker
    /// never grows past one batch, and EF sends each batch as a few multi-row commands. Returns the number written.
    /// </summary>
    public async Task<int> InsertAsync<T>(IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        var written = 0;
        foreach (var batch in rows.Chunk(BatchSize))
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Set<T>().AddRange(batch);
            await db.SaveChangesAsync(ct);
            written += batch.Length;
        }
        return written;
    }

    /// <summary>A GUID from the step's random stream, for string keys (Identity users) that must not differ between runs.</summary>
    public static string NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, as Guid.NewGuid would make
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
