namespace Groz.Web.Features.Monitoring;

public enum IndicatorSource { Platform, Survey, Import }

/// <summary>Which way is better: more (hours given), less (loneliness), or neither (a count that only describes).</summary>
public enum BetterDirection { Higher, Lower, Neither }

public enum AreaLevel { Leerregio, Wijk, Buurt }

public enum PeriodKind { Month, Quarter, Year, Wave }

/// <summary>Measured; estimated (imported or modelled); suppressed (only ever in what a reader receives, never stored).</summary>
public enum ValueStatus { Measured, Estimated, Suppressed }

/// <summary>A validated instrument a survey can be built from.</summary>
public enum Instrument { Custom, Loneliness11, Loneliness6, PositiveHealth }

/// <summary>
/// What an indicator means, installation-wide (the same definition for every leerregio, so that they compare).
/// Values are in <see cref="IndicatorValue"/>.
/// </summary>
public sealed class IndicatorDefinition
{
    public int Id { get; set; }
    /// <summary>Stable, e.g. "tijdbank.hours-per-1000".</summary>
    public required string Code { get; set; }
    public required string NameNl { get; set; }
    public required string NameEn { get; set; }
    /// <summary>e.g. "%" or "uren per 1.000 inwoners".</summary>
    public required string Unit { get; set; }
    public BetterDirection Better { get; set; }
    public IndicatorSource Source { get; set; }
    public Instrument? Instrument { get; set; }
    public string? InstrumentVersion { get; set; }
    /// <summary>The CBS division (year) the areas of its values belong to; wijk codes are re-cut between years.</summary>
    public int DivisionYear { get; set; }
    public required string NumeratorNl { get; set; }
    public required string DenominatorNl { get; set; }
    public string? NumeratorEn { get; set; }
    public string? DenominatorEn { get; set; }
    /// <summary>False while the platform job does not compute it yet (definition seeded ahead of its module).</summary>
    public bool Computed { get; set; }
}

/// <summary>
/// One value of an indicator for one area and period, as measured: suppression is applied when read (coordinators see
/// every value), so <see cref="Status"/> here is Measured or Estimated.
/// </summary>
public sealed class IndicatorValue
{
    public long Id { get; set; }
    public int IndicatorId { get; set; }
    public IndicatorDefinition? Indicator { get; set; }
    public int LeerregioId { get; set; }
    public AreaLevel Level { get; set; }
    public int? WijkId { get; set; }
    public int? BuurtId { get; set; }
    /// <summary>CBS code of the area (WK/BU), or the leerregio's slug.</summary>
    public required string AreaCode { get; set; }
    public PeriodKind PeriodKind { get; set; }
    public DateOnly PeriodStart { get; set; }
    /// <summary>
    /// The survey wave of a Wave value, 0 for every other period kind: two waves that open on the same day are two periods,
    /// not one (0 rather than null, so that the unique index holds on PostgreSQL, where NULLs may repeat).
    /// </summary>
    public int WaveId { get; set; }
    /// <summary>Respondents or records behind the value: what suppression counts.</summary>
    public int N { get; set; }
    public decimal? Numerator { get; set; }
    public decimal? Denominator { get; set; }
    public decimal? Value { get; set; }
    public ValueStatus Status { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}

/// <summary>Monitor settings of one leerregio.</summary>
public sealed class MonitoringSettings
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    /// <summary>Cells over fewer respondents or records are suppressed for everyone but coordinators.</summary>
    public int SuppressBelow { get; set; } = SmallCells.DefaultBelow;
    /// <summary>
    /// Secret of the keyed hash that turns a user id into this leerregio's pseudonym (and a wave's participation mark).
    /// Per leerregio, so pseudonyms of two leerregio's cannot be joined; in the database, because app instances are stateless.
    /// </summary>
    public required byte[] PseudonymKey { get; set; }
}

public enum SurveyAnonymity { Anonymous, Pseudonymous }

public enum WaveAccess
{
    /// <summary>Signed-in members of the leerregio.</summary>
    Platform,
    /// <summary>Anyone with the link, without signing in (only for anonymous surveys).</summary>
    Link,
}

public enum QuestionKind { SingleChoice, MultipleChoice, Scale, ShortText }

public sealed class Survey
{
    public int Id { get; set; }
    public int LeerregioId { get; set; }
    public required string Title { get; set; }
    public string? Introduction { get; set; }
    /// <summary>Loneliness11, Loneliness6 or null: which loneliness scale the survey holds.</summary>
    public Instrument? Loneliness { get; set; }
    public bool PositiveHealth { get; set; }
    public SurveyAnonymity Anonymity { get; set; }
    /// <summary>The version of the consent text respondents agree to; recorded with every response.</summary>
    public required string ConsentVersion { get; set; }
    /// <summary>What respondents agree to, shown above the consent box (the platform's standard sentence when empty).</summary>
    public string? ConsentText { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<SurveyQuestion> Questions { get; } = [];
    public List<SurveyWave> Waves { get; } = [];
}

public sealed class SurveyQuestion
{
    public int Id { get; set; }
    public int SurveyId { get; set; }
    public int Position { get; set; }
    public QuestionKind Kind { get; set; }
    public required string TextNl { get; set; }
    public required string TextEn { get; set; }
    /// <summary>Choices, one per line (Dutch and English in the same order); the answer stores the 1-based number.</summary>
    public string? OptionsNl { get; set; }
    public string? OptionsEn { get; set; }
    public int? ScaleMin { get; set; }
    public int? ScaleMax { get; set; }
    public bool Required { get; set; }
    /// <summary>The instrument item it asks (e.g. "djg11.3", "ph.body"): how scoring finds it. Null for own questions.</summary>
    public string? ItemKey { get; set; }

    public string[] Options(bool dutch) => ((dutch ? OptionsNl : OptionsEn) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class SurveyWave
{
    public int Id { get; set; }
    public int SurveyId { get; set; }
    public Survey? Survey { get; set; }
    public int LeerregioId { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    public WaveAccess Access { get; set; }
    /// <summary>Random, in the address of the wave's form (/monitoring/vragenlijst/{token}).</summary>
    public required string Token { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One filled-in form. Holds no user id: only, for a pseudonymous survey, the leerregio's keyed hash of it, which links
/// the waves of one respondent. The day only (no time) makes it harder to match with <see cref="SurveyParticipation"/>.
/// </summary>
public sealed class SurveyResponse
{
    public long Id { get; set; }
    public int WaveId { get; set; }
    public int SurveyId { get; set; }
    public int LeerregioId { get; set; }
    public int? WijkId { get; set; }
    public string? Pseudonym { get; set; }
    public required string ConsentVersion { get; set; }
    public DateOnly SubmittedOn { get; set; }
    public int? LonelinessTotal { get; set; }
    public int? LonelinessEmotional { get; set; }
    public int? LonelinessSocial { get; set; }
    public List<SurveyAnswer> Answers { get; } = [];
}

public sealed class SurveyAnswer
{
    public long Id { get; set; }
    public long ResponseId { get; set; }
    public int QuestionId { get; set; }
    /// <summary>Single choice and loneliness items: the option's number; scale: the rating.</summary>
    public int? Number { get; set; }
    /// <summary>Multiple choice: option numbers separated by spaces; short text: the text.</summary>
    public string? Text { get; set; }
}

/// <summary>
/// "This person has answered this wave": a keyed hash of the wave and the user (or a browser's random mark for a link
/// wave), unique per wave, so that a second submission is refused also for anonymous surveys; it cannot be joined with the response.
/// </summary>
public sealed class SurveyParticipation
{
    public long Id { get; set; }
    public int WaveId { get; set; }
    public required string Mark { get; set; }
}
