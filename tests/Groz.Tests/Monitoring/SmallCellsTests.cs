using CsCheck;
using Groz.Web.Features.Monitoring;
using static Groz.Web.Features.Monitoring.SmallCells;

namespace Groz.Tests.Monitoring;

/// <summary>Small-number suppression, hand-built cases including the subtraction attack, and its invariants on random tables.</summary>
public sealed class SmallCellsTests
{
    private static List<Part> Parts(params (string Key, int N)[] parts) => parts.Select(p => new Part(p.Key, p.N)).ToList();

    [Fact]
    public void Nothing_small_nothing_hidden()
    {
        var r = Suppress(45, Parts(("a", 15), ("b", 12), ("c", 18)), 10);
        Assert.False(r.Any);
    }

    [Fact]
    public void One_small_part_takes_the_next_smallest_with_it()
    {
        // Without the second cell: 40 − 15 − 12 − 11 = 2 would reveal the small wijk exactly (the subtraction attack).
        var r = Suppress(40, Parts(("a", 15), ("b", 12), ("c", 11), ("d", 2)), 10);
        Assert.False(r.TotalHidden);
        Assert.Equal(["c", "d"], r.HiddenParts.Order());
        // What an attacker can still compute: the two hidden cells together (13), not either of them.
        var visibleSum = new[] { 15, 12 }.Sum();
        Assert.Equal(13, 40 - visibleSum);
    }

    [Fact]
    public void Two_small_parts_that_together_are_still_small_take_a_third()
    {
        // 3 + 4 = 7 < 10: the pair is itself a small cell by subtraction; the next smallest (11) joins.
        var r = Suppress(41, Parts(("a", 23), ("b", 11), ("c", 3), ("d", 4)), 10);
        Assert.Equal(["b", "c", "d"], r.HiddenParts.Order());
        Assert.False(r.TotalHidden);
    }

    [Fact]
    public void Two_small_parts_that_together_reach_the_threshold_are_enough()
    {
        var r = Suppress(43, Parts(("a", 21), ("b", 12), ("c", 6), ("d", 4)), 10);
        Assert.Equal(["c", "d"], r.HiddenParts.Order());
    }

    [Fact]
    public void A_small_total_hides_everything()
    {
        var r = Suppress(9, Parts(("a", 5), ("b", 4)), 10);
        Assert.True(r.TotalHidden);
        Assert.True(r.Hidden("a") && r.Hidden("b"));
    }

    [Fact]
    public void Hiding_the_next_part_can_mean_hiding_a_big_one()
    {
        // Two parts, one small: the big one must go too; the total (15) shows only what both hold together.
        var two = Suppress(15, Parts(("big", 12), ("small", 3)), 10);
        Assert.False(two.TotalHidden);
        Assert.Equal(["big", "small"], two.HiddenParts.Order());
        // One small part and 9 uncovered: the two hidden cells hold 12 together, the total may show.
        var one = Suppress(12, Parts(("only", 3)), 10);
        Assert.False(one.TotalHidden);
        Assert.Equal(["only"], one.HiddenParts.Order());
    }

    [Fact]
    public void What_the_parts_do_not_cover_counts_as_a_hidden_cell()
    {
        // 4 respondents named no wijk: total − parts reveals them unless another cell is hidden with them.
        var r = Suppress(34, Parts(("a", 18), ("b", 12)), 10);
        Assert.Equal(["b"], r.HiddenParts.Order());
        // Enough uncovered (12) and another hidden part: no more is needed.
        var s = Suppress(50, Parts(("a", 18), ("b", 12), ("c", 8)), 10);
        Assert.Equal(["c"], s.HiddenParts.Order());
    }

    [Fact]
    public void Empty_parts_are_hidden_but_do_not_protect()
    {
        var r = Suppress(40, Parts(("a", 15), ("b", 13), ("c", 12), ("d", 0)), 10);
        // 0 alone hidden: 0 < 10, so the next smallest (12) joins.
        Assert.Equal(["c", "d"], r.HiddenParts.Order());
    }

    [Fact]
    public void The_threshold_is_a_setting()
    {
        Assert.False(Suppress(40, Parts(("a", 15), ("b", 13), ("c", 12)), 15).TotalHidden);
        Assert.Equal(["b", "c"], Suppress(40, Parts(("a", 15), ("b", 13), ("c", 12)), 15).HiddenParts.Order());
        Assert.False(Suppress(3, Parts(("a", 1), ("b", 2)), 1).Any);
    }

    [Fact]
    public void Property_no_small_cell_shows_and_no_single_hidden_cell_can_be_subtracted()
    {
        var gen = Gen.Int[0, 40].List[1, 8].Select(Gen.Int[0, 15], Gen.Int[2, 15]);
        gen.Sample((ns, uncovered, below) =>
        {
            var parts = ns.Select((n, i) => new Part("p" + i, n)).ToList();
            var total = ns.Sum() + uncovered;
            var r = Suppress(total, parts, below);
            if (r.TotalHidden)
            {
                return parts.All(p => r.Hidden(p.Key));
            }
            var smallShown = parts.Any(p => p.N < below && !r.Hidden(p.Key));
            var hiddenCells = parts.Count(p => r.Hidden(p.Key)) + (uncovered > 0 ? 1 : 0);
            var hiddenSum = parts.Where(p => r.Hidden(p.Key)).Sum(p => p.N) + uncovered;
            return total >= below && !smallShown && (hiddenCells == 0 || (hiddenCells >= 2 && hiddenSum >= below));
        });
    }
}
