namespace Groz.Web.Features.Monitoring;

/// <summary>An answer to a loneliness item, coded as in the scale's manual (1 no, 2 more or less, 3 yes).</summary>
public enum LonelinessAnswer { No = 1, MoreOrLess = 2, Yes = 3 }

public enum LonelinessSubscale { Emotional, Social }

/// <summary>0–2 (11 items) or 0–1 (6 items) not lonely, and so on; see <see cref="Scoring"/>.</summary>
public enum LonelinessCategory { NotLonely, ModeratelyLonely, SeverelyLonely, VerySeverelyLonely }

/// <summary>One item of a loneliness scale: its number in the 11-item scale, whether it is worded positively, its subscale.</summary>
public sealed record LonelinessItem(int Number, bool Positive, LonelinessSubscale Subscale, string Dutch, string English)
{
    public string Key(Instrument instrument) => instrument == Instrument.Loneliness6 ? $"djg6.{Number}" : $"djg11.{Number}";
}

/// <summary>The score of one respondent. Null parts are missing (too many items unanswered). Never shown to staff: only aggregates are.</summary>
public sealed record LonelinessScore(int? Total, int? Emotional, int? Social, LonelinessCategory? Category)
{
    /// <summary>"Lonely": 3 or more of 11, 2 or more of 6 (moderately or worse).</summary>
    public bool? Lonely => Category is null ? null : Category != LonelinessCategory.NotLonely;
    /// <summary>"(Very) severely lonely": 9 or more of 11, 5 or more of 6.</summary>
    public bool? SeverelyLonely => Category is null ? null : Category >= LonelinessCategory.SeverelyLonely;
}

/// <summary>
/// Scoring of the De Jong Gierveld loneliness scales and the positive-health self-rating: pure functions, no database,
/// so that every rule is tested by hand-computed cases.
/// <list type="bullet">
/// <item>Item score: a negatively worded (emotional) item scores 1 for "yes" or "more or less"; a positively worded
/// (social) item scores 1 for "no" or "more or less"; otherwise 0. A missing answer scores nothing.</item>
/// <item>6 items (De Jong Gierveld &amp; Van Tilburg 2006, manual's SPSS syntax): total 0–6 = the sum of the answered
/// items, missing when more than one item is missing; each 3-item subscale missing when any of its items is missing.
/// Categories 0–1 not lonely, 2–4 moderately lonely, 5–6 severely lonely.</item>
/// <item>11 items (De Jong Gierveld &amp; Kamphuis 1985; cut-offs Van Tilburg &amp; De Jong Gierveld 1999): categories 0–2 not
/// lonely, 3–8 moderately, 9–10 severely, 11 very severely lonely. The missing-answer rule of the 11-item version could not
/// be sourced here; Groz CHOOSES the rule that is proportional to the published 6-item rule: the total (sum of the answered
/// items) is missing when more than two of the eleven items are missing (at most 18 %, as one of six is 17 %), and a
/// subscale (6 emotional, 5 social items) is missing when any of its items is missing. Replace this when the manual's
/// 11-item syntax is at hand.</item>
/// <item>Positive health: six dimensions each rated 0–10; a dimension is missing when unanswered, never filled in.</item>
/// </list>
/// </summary>
public static class Scoring
{
    /// <summary>The eleven items in their order; wording written for Groz after the meaning of each item.</summary>
    public static readonly IReadOnlyList<LonelinessItem> Items11 =
    [
        new(1, true, LonelinessSubscale.Social, "Er is altijd wel iemand bij wie ik terecht kan met mijn kleine, dagelijkse problemen.", "There is always someone I can talk to about my day-to-day problems."),
        new(2, false, LonelinessSubscale.Emotional, "Ik mis een echt goede vriend of vriendin.", "I miss having a really close friend."),
        new(3, false, LonelinessSubscale.Emotional, "Ik voel een leegte om mij heen.", "I experience a general sense of emptiness."),
        new(4, true, LonelinessSubscale.Social, "Er zijn genoeg mensen op wie ik kan terugvallen als het tegenzit.", "There are plenty of people I can lean on when I have problems."),
        new(5, false, LonelinessSubscale.Emotional, "Ik mis gezelligheid om mij heen.", "I miss the pleasure of the company of others."),
        new(6, false, LonelinessSubscale.Emotional, "Ik vind dat ik te weinig vrienden en kennissen heb.", "I find my circle of friends and acquaintances too limited."),
        new(7, true, LonelinessSubscale.Social, "Er zijn veel mensen die ik helemaal kan vertrouwen.", "There are many people I can trust completely."),
        new(8, true, LonelinessSubscale.Social, "Er zijn genoeg mensen met wie ik me echt verbonden voel.", "There are enough people I feel close to."),
        new(9, false, LonelinessSubscale.Emotional, "Ik mis mensen om mij heen.", "I miss having people around me."),
        new(10, false, LonelinessSubscale.Emotional, "Ik voel me vaak in de steek gelaten.", "I often feel rejected."),
        new(11, true, LonelinessSubscale.Social, "Als ik dat nodig heb, kan ik altijd bij mijn vrienden terecht.", "I can call on my friends whenever I need them."),
    ];

    /// <summary>The short version: emotional items 3, 9, 10 and social items 4, 7, 8 of the long one, in the long one's order.</summary>
    public static readonly IReadOnlyList<LonelinessItem> Items6 = Items11.Where(i => i.Number is 3 or 4 or 7 or 8 or 9 or 10).ToList();

    public static IReadOnlyList<LonelinessItem> ItemsOf(Instrument instrument) => instrument switch
    {
        Instrument.Loneliness11 => Items11,
        Instrument.Loneliness6 => Items6,
        _ => [],
    };

    public static int ItemScore(bool positive, LonelinessAnswer answer) => positive
        ? answer is LonelinessAnswer.No or LonelinessAnswer.MoreOrLess ? 1 : 0
        : answer is LonelinessAnswer.Yes or LonelinessAnswer.MoreOrLess ? 1 : 0;

    /// <summary>Answers in the order of <see cref="Items11"/>; null for an unanswered item.</summary>
    public static LonelinessScore Score11(IReadOnlyList<LonelinessAnswer?> answers) => Score(Items11, answers, maxMissing: 2, Category11);

    /// <summary>Answers in the order of <see cref="Items6"/> (items 3, 4, 7, 8, 9, 10); null for an unanswered item.</summary>
    public static LonelinessScore Score6(IReadOnlyList<LonelinessAnswer?> answers) => Score(Items6, answers, maxMissing: 1, Category6);

    public static LonelinessScore Score(Instrument instrument, IReadOnlyList<LonelinessAnswer?> answers) => instrument switch
    {
        Instrument.Loneliness11 => Score11(answers),
        Instrument.Loneliness6 => Score6(answers),
        _ => throw new ArgumentOutOfRangeException(nameof(instrument)),
    };

    private static LonelinessScore Score(IReadOnlyList<LonelinessItem> items, IReadOnlyList<LonelinessAnswer?> answers, int maxMissing, Func<int, LonelinessCategory> category)
    {
        if (answers.Count != items.Count)
        {
            throw new ArgumentException($"Expected {items.Count} answers, got {answers.Count}.", nameof(answers));
        }
        int? Sum(Func<LonelinessItem, bool> which, int allowedMissing)
        {
            var picked = items.Select((item, i) => (item, answer: answers[i])).Where(x => which(x.item)).ToList();
            if (picked.Count(x => x.answer is null) > allowedMissing)
            {
                return null;
            }
            return picked.Where(x => x.answer is not null).Sum(x => ItemScore(x.item.Positive, x.answer!.Value));
        }
        var total = Sum(_ => true, maxMissing);
        return new LonelinessScore(total,
            Sum(i => i.Subscale == LonelinessSubscale.Emotional, 0),
            Sum(i => i.Subscale == LonelinessSubscale.Social, 0),
            total is { } t ? category(t) : null);
    }

    public static LonelinessCategory Category11(int total) => total switch
    {
        < 0 or > 11 => throw new ArgumentOutOfRangeException(nameof(total)),
        <= 2 => LonelinessCategory.NotLonely,
        <= 8 => LonelinessCategory.ModeratelyLonely,
        <= 10 => LonelinessCategory.SeverelyLonely,
        _ => LonelinessCategory.VerySeverelyLonely,
    };

    public static LonelinessCategory Category6(int total) => total switch
    {
        < 0 or > 6 => throw new ArgumentOutOfRangeException(nameof(total)),
        <= 1 => LonelinessCategory.NotLonely,
        <= 4 => LonelinessCategory.ModeratelyLonely,
        _ => LonelinessCategory.SeverelyLonely,
    };

    /// <summary>The six dimensions of positive health (Huber), each with a question written for Groz, rated 0 (very bad) to 10 (very good).</summary>
    public static readonly IReadOnlyList<(string Key, string NameNl, string NameEn, string QuestionNl, string QuestionEn)> PositiveHealth =
    [
        ("ph.body", "Lichaamsfuncties", "Bodily functions", "Hoe gaat het met uw lichaam? Denk aan fit zijn, slapen, eten en pijn.", "How is your body doing? Think of feeling fit, sleep, food and pain."),
        ("ph.mental", "Mentaal welbevinden", "Mental well-being", "Hoe voelt u zich van binnen? Denk aan blij zijn, zorgen en grip op uw leven.", "How do you feel inside? Think of being happy, worries and being in control of your life."),
        ("ph.meaning", "Zingeving", "Meaningfulness", "Heeft uw leven zin? Denk aan wat u belangrijk vindt en waar u zin in heeft.", "Does your life have meaning? Think of what matters to you and what you look forward to."),
        ("ph.quality", "Kwaliteit van leven", "Quality of life", "Hoe fijn is uw leven? Denk aan genieten, u veilig voelen en rondkomen.", "How good is your life? Think of enjoying things, feeling safe and making ends meet."),
        ("ph.participation", "Meedoen", "Participation", "Doet u mee in de wijk en met anderen? Denk aan contact, erbij horen en iets doen voor een ander.", "Do you take part in your neighbourhood and with others? Think of contact, belonging and doing something for someone."),
        ("ph.daily", "Dagelijks functioneren", "Daily functioning", "Lukt het om uw dag te doen? Denk aan voor uzelf zorgen, werk of vrijwilligerswerk en hulp vragen.", "Can you manage your day? Think of looking after yourself, work or volunteering and asking for help."),
    ];

    public const int PositiveHealthMin = 0;
    public const int PositiveHealthMax = 10;

    /// <summary>The mean of each dimension over the ratings given (a missing rating is left out, not counted as 0); null when nobody rated it.</summary>
    public static decimal?[] PositiveHealthMeans(IEnumerable<int?[]> ratings)
    {
        var all = ratings.ToList();
        return Enumerable.Range(0, PositiveHealth.Count).Select(d =>
        {
            var given = all.Where(r => r.Length > d && r[d] is not null).Select(r => r[d]!.Value).ToList();
            return given.Count == 0 ? (decimal?)null : Math.Round((decimal)given.Sum() / given.Count, 2, MidpointRounding.AwayFromZero);
        }).ToArray();
    }
}
