using System.Net;
using Groz.Bench.Generate;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Platform;

/// <summary>
/// The benchmark generator (bench/Groz.Bench) writes a region the app accepts as its own: valid CBS codes, the
/// promised distributions, accounts that can sign in; and the same rows for the same seed.
/// </summary>
public sealed class SyntheticLeerregioTests(GrozApp app) : IClassFixture<GrozApp>
{
    private static GeneratorOptions Options(string provider, string connection, int residents, params string[] more)
    {
        string[] args = ["--residents", residents.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--provider", provider, "--connection", connection, .. more];
        Assert.True(GeneratorOptions.TryParse(args, out var options, out var error), error);
        return options;
    }

    [Fact]
    public async Task Generated_leerregio_lies_next_to_the_demo_data_and_its_members_can_sign_in()
    {
        var context = await Generator.RunAsync(Options(GrozApp.OnPostgres ? "postgres" : "sqlite", app.ConnectionString, 40_000), TextWriter.Null, default);
        Assert.NotNull(context);

        var wijken = await app.DbAsync(db => db.Wijken.Include(w => w.Gemeente).Include(w => w.Buurten)
            .Where(w => w.Leerregio!.Slug == "synthetisch").ToListAsync());
        Assert.Equal(40_000, wijken.Sum(w => w.Residents));
        Assert.All(wijken, w =>
        {
            Assert.InRange(w.Residents!.Value, 5_000, 30_000);
            Assert.True(CbsCode.WijkBelongsTo(w.Code, w.Gemeente!.Code), w.Code);
            Assert.Equal(w.Residents, w.Buurten.Sum(b => b.Residents));
            Assert.All(w.Buurten, b => Assert.True(CbsCode.BuurtBelongsTo(b.Code, w.Code) && b.Residents is >= 1_000 and <= 5_000, b.Code));
            Assert.NotEmpty(w.Postcodes);
        });

        var members = await app.DbAsync(db => db.Users.Where(u => u.WijkId != null && wijken.Select(w => w.Id).Contains(u.WijkId.Value))
            .GroupBy(u => u.WijkId).Select(g => new { WijkId = g.Key!.Value, Count = g.Count() }).ToListAsync());
        Assert.All(wijken, w =>
        {
            var share = members.Single(m => m.WijkId == w.Id).Count / (double)w.Residents!.Value;
            Assert.InRange(share, 0.079, 0.151);
        });
        var assistants = await app.DbAsync(db => db.RoleAssignments.Where(r => r.Role == GrozRole.Buurtassistent && r.LeerregioId == wijken[0].LeerregioId)
            .Select(r => new { r.WijkId, r.User!.TwoFactorEnabled }).ToListAsync());
        Assert.All(wijken, w => Assert.InRange(assistants.Count(a => a.WijkId == w.Id), 1, 3));
        Assert.All(assistants, a => Assert.True(a.TwoFactorEnabled));

        // The app serves it, and the one precomputed password hash signs a member in.
        using var client = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/v1/leerregios/synthetisch")).StatusCode);
        var email = await app.DbAsync(db => db.Users.Where(u => u.LeerregioId == wijken[0].LeerregioId && u.EmailConfirmed && !u.TwoFactorEnabled)
            .OrderBy(u => u.Email).Select(u => u.Email!).FirstAsync());
        Assert.Equal("/", (await client.SignInAsync(email)).Location);

        // A second run into the same database refuses rather than doubling the region.
        Assert.Null(await Generator.RunAsync(Options(GrozApp.OnPostgres ? "postgres" : "sqlite", app.ConnectionString, 40_000), TextWriter.Null, default));
    }

    [Fact]
    public async Task Same_seed_gives_the_same_rows()
    {
        var dir = Directory.CreateTempSubdirectory("groz-synthetic-").FullName;
        try
        {
            var runs = new List<List<string>>();
            foreach (var name in new[] { "a.db", "b.db" })
            {
                var context = await Generator.RunAsync(Options("sqlite", $"Data Source={Path.Combine(dir, name)}", 8_000, "--seed", "7"), TextWriter.Null, default);
                runs.Add([.. context!.Members.Select(m => $"{m.UserId} {m.DisplayName} {m.WijkId} {m.CreatedAt:O} {string.Join(',', m.Roles)}")]);
            }
            Assert.NotEmpty(runs[0]);
            Assert.Equal(runs[0], runs[1]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
