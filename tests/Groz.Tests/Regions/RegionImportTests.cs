using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Regions;

/// <summary>RegionImport against the real database: a good file lands whole, a bad one changes nothing at all.</summary>
public sealed class RegionImportTests(GrozApp app) : IClassFixture<GrozApp>
{
    private const string Header = "gm_code,gm_naam,wk_code,wk_naam,bu_code,bu_naam,jaar,inwoners,postcodes";

    private async Task<RegionImport.Result> ImportAsync(string slug, string csv)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var leerregioId = await app.LeerregioIdAsync(slug);
        return await scope.ServiceProvider.GetRequiredService<RegionImport>().ImportAsync(leerregioId, new StringReader(csv));
    }

    private sealed record Counts(int Gemeenten, int Wijken, int Buurten);

    private Task<Counts> CountsAsync() =>
        app.DbAsync(async db => new Counts(await db.Gemeenten.CountAsync(), await db.Wijken.CountAsync(), await db.Buurten.CountAsync()));

    [Fact]
    public async Task A_good_file_imports_new_gemeenten_wijken_and_buurten_and_a_second_run_only_updates()
    {
        var csv = $"""
            {Header}
            GM0344,Utrecht,WK034491,Proefwijk,BU03449101,Proefbuurt-Noord,2024,1200,3527 3528
            GM0344,Utrecht,WK034491,Proefwijk,BU03449102,Proefbuurt-Zuid,2024,800,3528
            GM0357,Proefstad,WK035701,Proefstad-Centrum,BU03570101,Oude Kern,2024,500,
            """;
        var before = await CountsAsync();

        var result = await ImportAsync("utrecht", csv);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal((1, 2, 3), (result.Gemeenten, result.Wijken, result.Buurten));
        var after = await CountsAsync();
        Assert.Equal(before with { Gemeenten = before.Gemeenten + 1, Wijken = before.Wijken + 2, Buurten = before.Buurten + 3 }, after);
        var wijk = await app.DbAsync(db => db.Wijken.Include(w => w.Gemeente).Include(w => w.Leerregio).FirstAsync(w => w.Code == "WK034491"));
        Assert.Equal(("Proefwijk", 2024, 2000, "3527 3528", "GM0344", "utrecht"),
            (wijk.Name, wijk.DivisionYear, wijk.Residents!.Value, wijk.Postcodes, wijk.Gemeente!.Code, wijk.Leerregio!.Slug));
        Assert.Equal(2, await app.DbAsync(db => db.Buurten.CountAsync(b => b.WijkId == wijk.Id && b.LeerregioId == wijk.LeerregioId)));

        var again = await ImportAsync("utrecht", csv.Replace("Proefbuurt-Zuid", "Proefbuurt-Zuid (nieuw)", StringComparison.Ordinal));
        Assert.True(again.Succeeded);
        Assert.Equal((0, 0, 0), (again.Gemeenten, again.Wijken, again.Buurten));
        Assert.Equal(after, await CountsAsync());
        Assert.True(await app.DbAsync(db => db.Buurten.AnyAsync(b => b.Code == "BU03449102" && b.Name == "Proefbuurt-Zuid (nieuw)")));
    }

    [Fact]
    public async Task The_example_file_is_in_the_import_format_and_reimports_the_demo_data_unchanged()
    {
        // The demo wijken belong to two leerregio's, so import each leerregio's own lines.
        var lines = RegionImport.ExampleCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Header, lines[0]);
        var utrechtCodes = DemoData.Leerregios.First(l => l.Slug == "utrecht").Wijken.Select(w => w.Code).ToHashSet();
        var own = string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Where(l => utrechtCodes.Contains(l.Split(',')[2]))));
        var before = await CountsAsync();

        var result = await ImportAsync("utrecht", own);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal((0, 0, 0), (result.Gemeenten, result.Wijken, result.Buurten));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_semicolon_separated_file_as_Dutch_Excel_saves_it_is_read_too()
    {
        var csv = """
            gm_code;gm_naam;wk_code;wk_naam;bu_code;bu_naam;jaar
            GM0344;Utrecht;WK034492;Puntkommawijk;BU03449201;Puntkommabuurt;2024
            """;
        var result = await ImportAsync("utrecht", csv);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal((0, 1, 1), (result.Gemeenten, result.Wijken, result.Buurten));
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        {
            "bad gemeente code",
            $"{Header}\nGM0344,Utrecht,WK034493,Goed,BU03449301,Goed,2024,,\nGM344,Utrecht,WK034493,Goed,BU03449302,Fout,2024,,",
            "Line 3: \"GM344\" is not a gemeente code"
        },
        {
            "bad wijk code",
            $"{Header}\nGM0344,Utrecht,WK34493,Fout,BU03449301,Fout,2024,,",
            "Line 2: \"WK34493\" is not a wijk code"
        },
        {
            "bad buurt code",
            $"{Header}\nGM0344,Utrecht,WK034493,Goed,BU0344930,Fout,2024,,",
            "Line 2: \"BU0344930\" is not a buurt code"
        },
        {
            "wijk under the wrong gemeente",
            $"{Header}\nGM0344,Utrecht,WK034493,Goed,BU03449301,Goed,2024,,\nGM0344,Utrecht,WK035693,Fout,BU03569301,Fout,2024,,",
            "Line 3: Wijk WK035693 does not belong to gemeente GM0344"
        },
        {
            "buurt under the wrong wijk",
            $"{Header}\nGM0344,Utrecht,WK034493,Goed,BU03440801,Fout,2024,,",
            "Line 2: Buurt BU03440801 does not belong to wijk WK034493"
        },
        {
            "missing column",
            "gm_code,gm_naam,wk_code,wk_naam,bu_code,jaar\nGM0344,Utrecht,WK034493,Goed,BU03449301,2024",
            "The file misses the column(s): bu_naam"
        },
        {
            "no year",
            $"{Header}\nGM0344,Utrecht,WK034493,Goed,BU03449301,Goed,2024,,\nGM0344,Utrecht,WK034493,Goed,BU03449302,Goed,,,",
            "Line 3: The year of the division (jaar) is missing"
        },
        {
            "year that is not a year",
            $"{Header}\nGM0344,Utrecht,WK034493,Goed,BU03449301,Goed,twintig,,",
            "Line 2: The year of the division (jaar) is missing"
        },
        {
            "wijk of another leerregio",
            $"{Header}\nGM0344,Utrecht,WK034493,Goed,BU03449301,Goed,2024,,\nGM0344,Utrecht,WK034409,Leidsche Rijn,BU03440901,Terwijde,2024,,",
            "Line 3: Wijk WK034409 (2024) belongs to another leerregio"
        },
        {
            "header with commas, rows with semicolons",
            $"{Header}\nGM0344;Utrecht;WK034493;Goed;BU03449301;Goed;2024;;",
            "Line 2:"
        },
        {
            "bad postcode",
            $"{Header}\nGM0344,Utrecht,WK034493,Goed,BU03449301,Goed,2024,,3526KA",
            "Line 2: Postcodes are four digits each"
        },
        {
            "missing name",
            $"{Header}\nGM0344,Utrecht,WK034493,,BU03449301,Goed,2024,,",
            "Line 2: Every gemeente, wijk and buurt needs a name"
        },
        {
            "one wijk code with two names",
            $"{Header}\nGM0344,Utrecht,WK034493,Goed,BU03449301,Goed,2024,,\nGM0344,Utrecht,WK034493,Anders,BU03449302,Goed,2024,,",
            "Wijk WK034493 has more than one name in the file"
        },
        { "empty file", "", "The file" },
        { "only a header", Header, "The file contains no rows." },
        { "not CSV at all", "\u0000\u0001PK\u0003\u0004 binary", "The file misses the column(s)" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_rejected_with_a_message_and_nothing_changes(string kind, string csv, string expectedMessage)
    {
        var before = await app.SnapshotAsync();
        var counts = await CountsAsync();

        var result = await ImportAsync("utrecht", csv);

        Assert.False(result.Succeeded, kind);
        Assert.Contains(result.Errors, e => e.Contains(expectedMessage, StringComparison.Ordinal));
        Assert.Equal(counts, await CountsAsync());
        Assert.Equal(before, await app.SnapshotAsync());
    }
}
