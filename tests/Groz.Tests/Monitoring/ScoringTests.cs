using CsCheck;
using Groz.Web.Features.Monitoring;
using static Groz.Web.Features.Monitoring.LonelinessAnswer;

namespace Groz.Tests.Monitoring;

/// <summary>Both loneliness scales against hand-computed cases: every item rule, every missing-answer rule, every category boundary.</summary>
public sealed class ScoringTests
{
    // Items 1..11: positive (social) 1, 4, 7, 8, 11; negative (emotional) 2, 3, 5, 6, 9, 10.
    private static LonelinessAnswer?[] Long(params LonelinessAnswer?[] a) => a;

    [Fact]
    public void Item_scores_follow_the_wording()
    {
        Assert.Equal(1, Scoring.ItemScore(positive: false, Yes));
        Assert.Equal(1, Scoring.ItemScore(positive: false, MoreOrLess));
        Assert.Equal(0, Scoring.ItemScore(positive: false, No));
        Assert.Equal(1, Scoring.ItemScore(positive: true, No));
        Assert.Equal(1, Scoring.ItemScore(positive: true, MoreOrLess));
        Assert.Equal(0, Scoring.ItemScore(positive: true, Yes));
    }

    [Fact]
    public void The_scales_have_the_published_structure()
    {
        Assert.Equal(11, Scoring.Items11.Count);
        Assert.Equal([1, 4, 7, 8, 11], Scoring.Items11.Where(i => i.Positive).Select(i => i.Number));
        Assert.All(Scoring.Items11, i => Assert.Equal(i.Positive ? LonelinessSubscale.Social : LonelinessSubscale.Emotional, i.Subscale));
        Assert.Equal([3, 4, 7, 8, 9, 10], Scoring.Items6.Select(i => i.Number));
        Assert.Equal([3, 9, 10], Scoring.Items6.Where(i => i.Subscale == LonelinessSubscale.Emotional).Select(i => i.Number));
    }

    [Fact]
    public void Eleven_items_nobody_lonely_and_everybody_lonely()
    {
        // Positive items "yes", negative "no": 0.
        var none = Scoring.Score11(Long(Yes, No, No, Yes, No, No, Yes, Yes, No, No, Yes));
        Assert.Equal(new LonelinessScore(0, 0, 0, LonelinessCategory.NotLonely), none);
        Assert.False(none.Lonely);
        var all = Scoring.Score11(Long(No, Yes, Yes, No, Yes, Yes, No, No, Yes, Yes, No));
        Assert.Equal(new LonelinessScore(11, 6, 5, LonelinessCategory.VerySeverelyLonely), all);
        Assert.True(all.SeverelyLonely);
        // "More or less" scores 1 on every item, whichever way it is worded.
        Assert.Equal(new LonelinessScore(11, 6, 5, LonelinessCategory.VerySeverelyLonely), Scoring.Score11(Enumerable.Repeat<LonelinessAnswer?>(MoreOrLess, 11).ToList()));
    }

    [Fact]
    public void Eleven_items_mixed_case_by_hand()
    {
        // 1 No(+1) 2 Yes(+1) 3 No 4 Yes 5 MoreOrLess(+1) 6 No 7 MoreOrLess(+1) 8 Yes 9 Yes(+1) 10 No 11 Yes
        // emotional (2,3,5,6,9,10) = 1+0+1+0+1+0 = 3; social (1,4,7,8,11) = 1+0+1+0+0 = 2; total 5.
        var s = Scoring.Score11(Long(No, Yes, No, Yes, MoreOrLess, No, MoreOrLess, Yes, Yes, No, Yes));
        Assert.Equal(new LonelinessScore(5, 3, 2, LonelinessCategory.ModeratelyLonely), s);
        Assert.True(s.Lonely);
        Assert.False(s.SeverelyLonely);
    }

    [Theory]
    [InlineData(0, LonelinessCategory.NotLonely)]
    [InlineData(2, LonelinessCategory.NotLonely)]
    [InlineData(3, LonelinessCategory.ModeratelyLonely)]
    [InlineData(8, LonelinessCategory.ModeratelyLonely)]
    [InlineData(9, LonelinessCategory.SeverelyLonely)]
    [InlineData(10, LonelinessCategory.SeverelyLonely)]
    [InlineData(11, LonelinessCategory.VerySeverelyLonely)]
    public void Eleven_item_category_boundaries(int total, LonelinessCategory expected)
    {
        Assert.Equal(expected, Scoring.Category11(total));
        // The same through the scale: the first `total` items answered the lonely way, the rest the other way.
        var answers = Scoring.Items11.Select((item, i) => (LonelinessAnswer?)(i < total ? (item.Positive ? No : Yes) : (item.Positive ? Yes : No))).ToList();
        var score = Scoring.Score11(answers);
        Assert.Equal(total, score.Total);
        Assert.Equal(expected, score.Category);
        Assert.Equal(total >= 3, score.Lonely);
        Assert.Equal(total >= 9, score.SeverelyLonely);
    }

    [Theory]
    [InlineData(0, LonelinessCategory.NotLonely)]
    [InlineData(1, LonelinessCategory.NotLonely)]
    [InlineData(2, LonelinessCategory.ModeratelyLonely)]
    [InlineData(4, LonelinessCategory.ModeratelyLonely)]
    [InlineData(5, LonelinessCategory.SeverelyLonely)]
    [InlineData(6, LonelinessCategory.SeverelyLonely)]
    public void Six_item_category_boundaries(int total, LonelinessCategory expected)
    {
        Assert.Equal(expected, Scoring.Category6(total));
        var answers = Scoring.Items6.Select((item, i) => (LonelinessAnswer?)(i < total ? (item.Positive ? No : Yes) : (item.Positive ? Yes : No))).ToList();
        var score = Scoring.Score6(answers);
        Assert.Equal(total, score.Total);
        Assert.Equal(expected, score.Category);
        Assert.Equal(total >= 2, score.Lonely);
        Assert.Equal(total >= 5, score.SeverelyLonely);
    }

    [Fact]
    public void Out_of_range_totals_and_wrong_lengths_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Scoring.Category11(12));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scoring.Category6(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scoring.Category6(-1));
        Assert.Throws<ArgumentException>(() => Scoring.Score6(new LonelinessAnswer?[5]));
        Assert.Throws<ArgumentException>(() => Scoring.Score11(new LonelinessAnswer?[6]));
    }

    // Six items in order 3(−,emo) 4(+,soc) 7(+,soc) 8(+,soc) 9(−,emo) 10(−,emo).
    [Fact]
    public void Six_items_all_answered()
    {
        // 3 Yes(1) 4 No(1) 7 Yes(0) 8 MoreOrLess(1) 9 No(0) 10 MoreOrLess(1): emotional 2, social 2, total 4.
        Assert.Equal(new LonelinessScore(4, 2, 2, LonelinessCategory.ModeratelyLonely), Scoring.Score6([Yes, No, Yes, MoreOrLess, No, MoreOrLess]));
    }

    [Fact]
    public void Six_items_one_missing_keeps_the_total_and_loses_that_subscale()
    {
        // Item 9 (emotional) missing: total = 1+1+0+1+0(missing)+1 = 4; emotional missing; social 2.
        Assert.Equal(new LonelinessScore(4, null, 2, LonelinessCategory.ModeratelyLonely), Scoring.Score6([Yes, No, Yes, MoreOrLess, null, MoreOrLess]));
        // Item 4 (social) missing: total = 1+0+0+1+0+1 = 3; emotional 2; social missing.
        Assert.Equal(new LonelinessScore(3, 2, null, LonelinessCategory.ModeratelyLonely), Scoring.Score6([Yes, null, Yes, MoreOrLess, No, MoreOrLess]));
    }

    [Fact]
    public void Six_items_two_missing_lose_the_total()
    {
        // One in each subscale: everything missing.
        Assert.Equal(new LonelinessScore(null, null, null, null), Scoring.Score6([null, null, Yes, MoreOrLess, No, Yes]));
        // Both in the social subscale: the emotional subscale is still complete.
        var s = Scoring.Score6([Yes, null, null, MoreOrLess, Yes, Yes]);
        Assert.Equal(new LonelinessScore(null, 3, null, null), s);
        Assert.Null(s.Lonely);
        Assert.Null(s.SeverelyLonely);
        Assert.Equal(new LonelinessScore(null, null, null, null), Scoring.Score6(new LonelinessAnswer?[6]));
    }

    [Fact]
    public void Eleven_items_up_to_two_missing_keep_the_total()
    {
        // All lonely answers except item 2 (emotional) and item 11 (social) missing: total 9, both subscales missing.
        var s = Scoring.Score11(Long(No, null, Yes, No, Yes, Yes, No, No, Yes, Yes, null));
        Assert.Equal(new LonelinessScore(9, null, null, LonelinessCategory.SeverelyLonely), s);
        // One missing (item 1, social): total 10 of the other ten; emotional complete (6), social missing.
        Assert.Equal(new LonelinessScore(10, 6, null, LonelinessCategory.SeverelyLonely), Scoring.Score11(Long(null, Yes, Yes, No, Yes, Yes, No, No, Yes, Yes, No)));
    }

    [Fact]
    public void Eleven_items_three_missing_lose_the_total()
    {
        // Items 1, 4, 7 (all social) missing: total missing; emotional still complete (all "no": 0).
        Assert.Equal(new LonelinessScore(null, 0, null, null), Scoring.Score11(Long(null, No, No, null, No, No, null, Yes, No, No, Yes)));
        Assert.Equal(new LonelinessScore(null, null, null, null), Scoring.Score11(new LonelinessAnswer?[11]));
    }

    [Fact]
    public void Positive_health_means_leave_out_missing_ratings()
    {
        var means = Scoring.PositiveHealthMeans([[10, 0, 5, null, 7, 7], [5, 1, 6, null, null, 8], [6, 2, 5, null, 7, 9]]);
        Assert.Equal([7.00m, 1.00m, 5.33m, null, 7.00m, 8.00m], means);
        Assert.Equal(6, Scoring.PositiveHealth.Count);
    }

    private static readonly Gen<LonelinessAnswer?> Answer = Gen.Int[0, 3].Select(i => i == 0 ? (LonelinessAnswer?)null : (LonelinessAnswer)i);

    [Fact]
    public void Property_totals_are_the_sum_of_item_scores_within_the_missing_rules()
    {
        Answer.Array[11].Sample(a =>
        {
            var s = Scoring.Score11(a);
            var missing = a.Count(x => x is null);
            var sum = Scoring.Items11.Select((item, i) => a[i] is { } v ? Scoring.ItemScore(item.Positive, v) : 0).Sum();
            if (missing > 2)
            {
                return s.Total is null && s.Category is null;
            }
            return s.Total == sum && s.Category == Scoring.Category11(sum)
                && (s.Emotional is null || s.Social is null || s.Emotional + s.Social == s.Total)
                && (s.Emotional is null) == Scoring.Items11.Select((item, i) => (item, a[i])).Any(x => x.item.Subscale == LonelinessSubscale.Emotional && x.Item2 is null);
        });
    }

    [Fact]
    public void Property_six_item_scale_scores_like_its_items_in_the_long_scale()
    {
        Answer.Array[11].Sample(a =>
        {
            var shortAnswers = Scoring.Items6.Select(item => a[item.Number - 1]).ToList();
            var s = Scoring.Score6(shortAnswers);
            var missing = shortAnswers.Count(x => x is null);
            var sum = Scoring.Items6.Select((item, i) => shortAnswers[i] is { } v ? Scoring.ItemScore(item.Positive, v) : 0).Sum();
            return missing > 1 ? s.Total is null : s.Total == sum && s.Total is >= 0 and <= 6 && (s.Lonely == (sum >= 2)) && (s.SeverelyLonely == (sum >= 5));
        });
    }

    [Fact]
    public void Property_answering_one_more_item_the_lonely_way_never_lowers_the_total()
    {
        Answer.Array[11].Select(Gen.Int[0, 10]).Sample((a, i) =>
        {
            var before = Scoring.Score11(a);
            var changed = a.ToArray();
            changed[i] = Scoring.Items11[i].Positive ? No : Yes;
            var after = Scoring.Score11(changed);
            return before.Total is null || (after.Total is not null && after.Total >= before.Total);
        });
    }
}
