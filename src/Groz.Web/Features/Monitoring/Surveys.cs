using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring;

/// <summary>
/// What a coordinator fills in to make a survey: from the instruments, or without (then own questions are added with
/// <see cref="Surveys.AddQuestionAsync"/> before the first wave), with the consent text respondents agree to and its version.
/// </summary>
public sealed record NewSurvey(string? Title, string? Introduction, Instrument? Loneliness, bool PositiveHealth, SurveyAnonymity Anonymity, string? ConsentVersion,
    string? ConsentText = null);

/// <summary>An own question: kind, text (English optional: the Dutch is shown), choices one per line, scale ends, required.</summary>
public sealed record NewQuestion(QuestionKind Kind, string? TextNl, string? TextEn, string? OptionsNl, string? OptionsEn, int? ScaleMin, int? ScaleMax, bool Required);

public sealed record NewWave(string? Name, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, WaveAccess Access);

/// <summary>A filled-in form: the wijk (optional), consent, and per question the raw values (several for multiple choice).</summary>
public sealed record Submission(int? WijkId, bool Consent, IReadOnlyDictionary<int, string[]> Answers);

/// <summary>Who submits: a signed-in member, or (link waves) a browser's random mark.</summary>
public sealed record Respondent(string? UserId, string? BrowserMark);

/// <summary>
/// Surveys and their waves: made by coordinators, filled in once per wave by residents, read as aggregates only.
/// The one write path for pages and the API.
/// </summary>
public sealed class Surveys(GrozDbContext db, TimeProvider time, IStringLocalizer<SharedResource> l)
{
    public const int MaxText = 500;
    public const int MaxConsentText = 2000;
    public const int MaxOptions = 20;
    public const int MaxQuestions = 60;

    /// <summary>Coordinators and administrators make surveys and see every cell; researchers read (suppressed).</summary>
    public static bool MayRead(ClaimsPrincipal user, int leerregioId) => user.CanManage(leerregioId) || user.HasRole(GrozRole.Researcher, leerregioId);

    public static bool SeesSmallNumbers(ClaimsPrincipal user, int leerregioId) => user.CanManage(leerregioId);

    public async Task<MonitoringSettings> SettingsAsync(int leerregioId, CancellationToken ct = default)
    {
        if (await db.Set<MonitoringSettings>().FirstOrDefaultAsync(s => s.LeerregioId == leerregioId, ct) is { } found)
        {
            return found;
        }
        var made = new MonitoringSettings { LeerregioId = leerregioId, PseudonymKey = RandomNumberGenerator.GetBytes(32) };
        db.Add(made);
        try
        {
            await db.SaveChangesAsync(ct);
            return made;
        }
        catch (DbUpdateException)
        {
            // Another request made it at the same moment: use theirs, so that everyone hashes with one key.
            db.Entry(made).State = EntityState.Detached;
            return await db.Set<MonitoringSettings>().SingleAsync(s => s.LeerregioId == leerregioId, ct);
        }
    }

    public static string KeyedHash(byte[] key, string text) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));

    public async Task<Outcome<Survey>> CreateAsync(ClaimsPrincipal user, int leerregioId, NewSurvey input, CancellationToken ct = default)
    {
        if (!user.CanManage(leerregioId))
        {
            return Outcome<Survey>.Fail("not-allowed", null, l["Only coordinators make surveys."], 403);
        }
        var errors = new Dictionary<string, string>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200)
        {
            errors["Title"] = l["Fill in a title of at most 200 characters."];
        }
        if (input.Loneliness is not (null or Instrument.Loneliness11 or Instrument.Loneliness6))
        {
            errors["Loneliness"] = l["Choose the 11-item or the 6-item loneliness scale, or none."];
        }
        if (!Enum.IsDefined(input.Anonymity))
        {
            errors["Anonymity"] = l["Choose anonymous or pseudonymous."];
        }
        var consent = input.ConsentVersion?.Trim() ?? "";
        if (consent.Length is 0 or > 40)
        {
            errors["ConsentVersion"] = l["Fill in the version of the consent text, e.g. 2026-1."];
        }
        if ((input.Introduction?.Length ?? 0) > 2000)
        {
            errors["Introduction"] = l["The introduction is at most 2000 characters."];
        }
        if ((input.ConsentText?.Length ?? 0) > MaxConsentText)
        {
            errors["ConsentText"] = l["The consent text is at most {0} characters.", MaxConsentText];
        }
        if (errors.Count > 0)
        {
            return Outcome<Survey>.Invalid(errors);
        }
        var survey = new Survey
        {
            LeerregioId = leerregioId, Title = title, Introduction = string.IsNullOrWhiteSpace(input.Introduction) ? null : input.Introduction.Trim(),
            Loneliness = input.Loneliness, PositiveHealth = input.PositiveHealth, Anonymity = input.Anonymity, ConsentVersion = consent,
            ConsentText = string.IsNullOrWhiteSpace(input.ConsentText) ? null : input.ConsentText.Trim(),
            CreatedByUserId = user.UserId()!, CreatedAt = time.GetUtcNow(),
        };
        var position = 0;
        if (input.Loneliness is { } scale)
        {
            foreach (var item in Scoring.ItemsOf(scale))
            {
                survey.Questions.Add(new SurveyQuestion
                {
                    Position = ++position, Kind = QuestionKind.SingleChoice, TextNl = item.Dutch, TextEn = item.English,
                    // Option numbers are the manual's codes: 1 no, 2 more or less, 3 yes.
                    OptionsNl = "Nee\nMin of meer\nJa", OptionsEn = "No\nMore or less\nYes", ItemKey = item.Key(scale),
                });
            }
        }
        if (input.PositiveHealth)
        {
            foreach (var d in Scoring.PositiveHealth)
            {
                survey.Questions.Add(new SurveyQuestion
                {
                    Position = ++position, Kind = QuestionKind.Scale, TextNl = d.QuestionNl, TextEn = d.QuestionEn,
                    ScaleMin = Scoring.PositiveHealthMin, ScaleMax = Scoring.PositiveHealthMax, ItemKey = d.Key,
                });
            }
        }
        db.Add(survey);
        await db.SaveChangesAsync(ct);
        return Outcome<Survey>.Ok(survey);
    }

    public async Task<Outcome<SurveyWave>> OpenWaveAsync(ClaimsPrincipal user, int surveyId, NewWave input, CancellationToken ct = default)
    {
        var survey = await db.Set<Survey>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null || !MayRead(user, survey.LeerregioId))
        {
            return Outcome<SurveyWave>.Fail("unknown-survey", null, l["This survey does not exist."], 404);
        }
        if (!user.CanManage(survey.LeerregioId))
        {
            return Outcome<SurveyWave>.Fail("not-allowed", null, l["Only coordinators open a wave."], 403);
        }
        if (!await db.Set<SurveyQuestion>().AnyAsync(q => q.SurveyId == surveyId, ct))
        {
            return Outcome<SurveyWave>.Fail("survey-without-questions", "SurveyId", l["Add at least one question before you open a wave."]);
        }
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["Name"] = l["Fill in a name of at most 200 characters, e.g. Voorjaar 2026."];
        }
        if (input.OpensAt is null)
        {
            errors["OpensAt"] = l["Fill in when the wave opens."];
        }
        if (input.ClosesAt is null)
        {
            errors["ClosesAt"] = l["Fill in when the wave closes."];
        }
        else if (input.OpensAt is not null && input.ClosesAt <= input.OpensAt)
        {
            errors["ClosesAt"] = l["The wave must close after it opens."];
        }
        else if (input.OpensAt is not null && input.ClosesAt - input.OpensAt > TimeSpan.FromDays(366))
        {
            errors["ClosesAt"] = l["A wave is open for at most a year."];
        }
        if (!Enum.IsDefined(input.Access))
        {
            errors["Access"] = l["Choose in the platform or by link."];
        }
        else if (input.Access == WaveAccess.Link && survey.Anonymity == SurveyAnonymity.Pseudonymous)
        {
            errors["Access"] = l["A pseudonymous survey links the waves of a member, so it is filled in on the platform, signed in."];
        }
        if (errors.Count > 0)
        {
            return Outcome<SurveyWave>.Invalid(errors);
        }
        var wave = new SurveyWave
        {
            SurveyId = survey.Id, LeerregioId = survey.LeerregioId, Name = name, OpensAt = input.OpensAt!.Value.ToUniversalTime(),
            ClosesAt = input.ClosesAt!.Value.ToUniversalTime(), Access = input.Access,
            Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), CreatedAt = time.GetUtcNow(),
        };
        db.Add(wave);
        await db.SaveChangesAsync(ct);
        return Outcome<SurveyWave>.Ok(wave);
    }

    /// <summary>
    /// Adds an own question at the end. Only before the first wave: once people answer, the questions stay as they were
    /// asked (a changed question would make waves incomparable); a new survey is the way to ask something else.
    /// </summary>
    public async Task<Outcome<SurveyQuestion>> AddQuestionAsync(ClaimsPrincipal user, int surveyId, NewQuestion input, CancellationToken ct = default)
    {
        if (await EditableAsync(user, surveyId, ct) is { } refused)
        {
            return refused;
        }
        var errors = new Dictionary<string, string>();
        var textNl = input.TextNl?.Trim() ?? "";
        var textEn = string.IsNullOrWhiteSpace(input.TextEn) ? textNl : input.TextEn.Trim();
        if (textNl.Length is 0 or > MaxText)
        {
            errors["TextNl"] = l["Fill in the question in Dutch, at most {0} characters.", MaxText];
        }
        if (textEn.Length > MaxText)
        {
            errors["TextEn"] = l["The question in English is at most {0} characters.", MaxText];
        }
        static string[] Lines(string? text) => (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (optionsNl, optionsEn) = (Lines(input.OptionsNl), Lines(input.OptionsEn));
        int? min = null, max = null;
        switch (input.Kind)
        {
            case QuestionKind.SingleChoice or QuestionKind.MultipleChoice:
                if (optionsNl.Length < 2 || optionsNl.Length > MaxOptions || optionsNl.Any(o => o.Length > 100) || optionsNl.Distinct().Count() != optionsNl.Length)
                {
                    errors["OptionsNl"] = l["Give 2 to {0} different answers, one per line, each at most 100 characters.", MaxOptions];
                }
                else if (optionsEn.Length > 0 && (optionsEn.Length != optionsNl.Length || optionsEn.Any(o => o.Length > 100)))
                {
                    errors["OptionsEn"] = l["Give the English answers in the same order and number as the Dutch ones, or none."];
                }
                break;
            case QuestionKind.Scale:
                (min, max) = (input.ScaleMin ?? 0, input.ScaleMax ?? 10);
                if (min < 0 || max > 10 || min >= max)
                {
                    errors["ScaleMax"] = l["A scale runs from a lower to a higher whole number between 0 and 10, for example 1 to 5."];
                }
                break;
            case QuestionKind.ShortText:
                break;
            default:
                errors["Kind"] = l["Choose the kind of question."];
                break;
        }
        if (errors.Count > 0)
        {
            return Outcome<SurveyQuestion>.Invalid(errors);
        }
        var position = await db.Set<SurveyQuestion>().Where(q => q.SurveyId == surveyId).MaxAsync(q => (int?)q.Position, ct) ?? 0;
        if (position >= MaxQuestions)
        {
            return Outcome<SurveyQuestion>.Fail("too-many-questions", null, l["A survey has at most {0} questions.", MaxQuestions], 409);
        }
        var choices = input.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice;
        var question = new SurveyQuestion
        {
            SurveyId = surveyId, Position = position + 1, Kind = input.Kind, TextNl = textNl, TextEn = textEn, Required = input.Required,
            OptionsNl = choices ? string.Join('\n', optionsNl) : null, OptionsEn = choices ? string.Join('\n', optionsEn.Length > 0 ? optionsEn : optionsNl) : null,
            ScaleMin = min, ScaleMax = max,
        };
        db.Add(question);
        await db.SaveChangesAsync(ct);
        return Outcome<SurveyQuestion>.Ok(question);
    }

    /// <summary>Removes an own question (not an instrument's item: the scale is scored as a whole), before the first wave only.</summary>
    public async Task<Outcome<SurveyQuestion>> RemoveQuestionAsync(ClaimsPrincipal user, int surveyId, int questionId, CancellationToken ct = default)
    {
        if (await EditableAsync(user, surveyId, ct) is { } refused)
        {
            return refused;
        }
        var question = await db.Set<SurveyQuestion>().FirstOrDefaultAsync(q => q.Id == questionId && q.SurveyId == surveyId, ct);
        if (question is null)
        {
            return Outcome<SurveyQuestion>.Fail("unknown-question", null, l["This question does not exist."], 404);
        }
        if (question.ItemKey is not null)
        {
            return Outcome<SurveyQuestion>.Fail("instrument-question", null, l["The questions of a validated instrument are asked all together: they cannot be removed one by one."], 409);
        }
        db.Remove(question);
        await db.SaveChangesAsync(ct);
        return Outcome<SurveyQuestion>.Ok(question);
    }

    private async Task<Outcome<SurveyQuestion>?> EditableAsync(ClaimsPrincipal user, int surveyId, CancellationToken ct)
    {
        var survey = await db.Set<Survey>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null || !MayRead(user, survey.LeerregioId))
        {
            return Outcome<SurveyQuestion>.Fail("unknown-survey", null, l["This survey does not exist."], 404);
        }
        if (!user.CanManage(survey.LeerregioId))
        {
            return Outcome<SurveyQuestion>.Fail("not-allowed", null, l["Only coordinators make surveys."], 403);
        }
        if (await db.Set<SurveyWave>().AnyAsync(w => w.SurveyId == surveyId, ct))
        {
            return Outcome<SurveyQuestion>.Fail("survey-has-waves", null, l["The questions cannot change once a wave has been opened. Make a new survey to ask something else."], 409);
        }
        return null;
    }

    public sealed record Form(SurveyWave Wave, Survey Survey, List<SurveyQuestion> Questions);

    public async Task<Form?> FormAsync(string token, CancellationToken ct = default)
    {
        var wave = await db.Set<SurveyWave>().AsNoTracking().Include(w => w.Survey).FirstOrDefaultAsync(w => w.Token == token, ct);
        if (wave?.Survey is null)
        {
            return null;
        }
        var questions = await db.Set<SurveyQuestion>().AsNoTracking().Where(q => q.SurveyId == wave.SurveyId).OrderBy(q => q.Position).ToListAsync(ct);
        return new Form(wave, wave.Survey, questions);
    }

    public bool IsOpen(SurveyWave wave) => time.GetUtcNow() is var now && now >= wave.OpensAt && now < wave.ClosesAt;

    /// <summary>
    /// Checks and stores one filled-in form. Refused, with nothing stored: outside the wave's window (409), a second time
    /// (409), a platform wave without signing in or from another leerregio (403), answers out of range (400, per question).
    /// </summary>
    public async Task<Outcome<SurveyResponse>> SubmitAsync(Form form, Respondent who, Submission input, CancellationToken ct = default)
    {
        var (wave, survey) = (form.Wave, form.Survey);
        if (!IsOpen(wave))
        {
            return time.GetUtcNow() < wave.OpensAt
                ? Outcome<SurveyResponse>.Fail("wave-not-open", null, l["This survey opens on {0}.", TimeBankPages.Local(wave.OpensAt).ToString("d MMMM yyyy HH:mm", CultureInfo.CurrentCulture)], 409)
                : Outcome<SurveyResponse>.Fail("wave-closed", null, l["This survey closed on {0}. Thank you for wanting to take part.", TimeBankPages.Local(wave.ClosesAt).ToString("d MMMM yyyy HH:mm", CultureInfo.CurrentCulture)], 409);
        }
        var needsMember = wave.Access == WaveAccess.Platform || survey.Anonymity == SurveyAnonymity.Pseudonymous;
        if (needsMember && who.UserId is null)
        {
            return Outcome<SurveyResponse>.Fail("sign-in-required", null, l["Sign in to fill in this survey."], 403);
        }
        if (who.UserId is null && who.BrowserMark is null)
        {
            return Outcome<SurveyResponse>.Fail("sign-in-required", null, l["Sign in to fill in this survey."], 403);
        }
        var errors = Check(form.Questions, input, await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == survey.LeerregioId).Select(w => w.Id).ToListAsync(ct),
            out var answers);
        if (errors.Count > 0)
        {
            return Outcome<SurveyResponse>.Invalid(errors);
        }
        var settings = await SettingsAsync(survey.LeerregioId, ct);
        var mark = KeyedHash(settings.PseudonymKey, who.UserId is { } uid ? $"wave:{wave.Id}:user:{uid}" : $"wave:{wave.Id}:browser:{who.BrowserMark}");
        if (await db.Set<SurveyParticipation>().AnyAsync(p => p.WaveId == wave.Id && p.Mark == mark, ct))
        {
            return Outcome<SurveyResponse>.Fail("already-answered", null, l["You have already filled in this survey. You can do so once per round."], 409);
        }
        var response = new SurveyResponse
        {
            WaveId = wave.Id, SurveyId = survey.Id, LeerregioId = survey.LeerregioId, WijkId = input.WijkId,
            Pseudonym = survey.Anonymity == SurveyAnonymity.Pseudonymous ? KeyedHash(settings.PseudonymKey, "user:" + who.UserId) : null,
            ConsentVersion = survey.ConsentVersion, SubmittedOn = DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow())),
        };
        response.Answers.AddRange(answers);
        if (survey.Loneliness is { } scale)
        {
            var score = Scoring.Score(scale, LonelinessAnswers(scale, form.Questions, answers));
            (response.LonelinessTotal, response.LonelinessEmotional, response.LonelinessSocial) = (score.Total, score.Emotional, score.Social);
        }
        db.Add(new SurveyParticipation { WaveId = wave.Id, Mark = mark });
        db.Add(response);
        try
        {
            // One SaveChanges: the mark and the response are stored together or not at all.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Outcome<SurveyResponse>.Fail("already-answered", null, l["You have already filled in this survey. You can do so once per round."], 409);
        }
        return Outcome<SurveyResponse>.Ok(response);
    }

    /// <summary>The loneliness answers in the scale's item order (null: skipped).</summary>
    public static List<LonelinessAnswer?> LonelinessAnswers(Instrument scale, IReadOnlyList<SurveyQuestion> questions, IEnumerable<SurveyAnswer> answers)
    {
        var byQuestion = answers.ToDictionary(a => a.QuestionId, a => a.Number);
        return Scoring.ItemsOf(scale).Select(item =>
        {
            var q = questions.FirstOrDefault(q => q.ItemKey == item.Key(scale));
            return q is not null && byQuestion.TryGetValue(q.Id, out var n) && n is >= 1 and <= 3 ? (LonelinessAnswer?)n : null;
        }).ToList();
    }

    private Dictionary<string, string> Check(List<SurveyQuestion> questions, Submission input, List<int> wijken, out List<SurveyAnswer> answers)
    {
        var errors = new Dictionary<string, string>();
        answers = [];
        if (!input.Consent)
        {
            errors["Consent"] = l["Tick that you agree, or close this page: then nothing is stored."];
        }
        if (input.WijkId is { } w && !wijken.Contains(w))
        {
            errors["WijkId"] = l["Choose a wijk of this leerregio, or “I'd rather not say”."];
        }
        foreach (var unknown in input.Answers.Keys.Where(k => questions.All(q => q.Id != k)))
        {
            errors[$"Q{unknown}"] = l["This question is not part of this survey."];
        }
        foreach (var q in questions)
        {
            var raw = input.Answers.TryGetValue(q.Id, out var given) ? given.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).ToArray() : [];
            var key = $"Q{q.Id}";
            if (raw.Length == 0)
            {
                if (q.Required)
                {
                    errors[key] = l["Answer this question."];
                }
                continue;
            }
            var options = q.Options(true).Length;
            switch (q.Kind)
            {
                case QuestionKind.SingleChoice:
                    if (raw.Length != 1 || !int.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out var choice) || choice < 1 || choice > options)
                    {
                        errors[key] = l["Choose one of the answers."];
                    }
                    else
                    {
                        answers.Add(new SurveyAnswer { QuestionId = q.Id, Number = choice });
                    }
                    break;
                case QuestionKind.MultipleChoice:
                    var numbers = raw.Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
                    if (numbers.Any(n => n < 1 || n > options) || numbers.Distinct().Count() != numbers.Count)
                    {
                        errors[key] = l["Choose among the answers shown."];
                    }
                    else
                    {
                        answers.Add(new SurveyAnswer { QuestionId = q.Id, Text = string.Join(' ', numbers.Order()) });
                    }
                    break;
                case QuestionKind.Scale:
                    if (raw.Length != 1 || !int.TryParse(raw[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var rating) || rating < q.ScaleMin || rating > q.ScaleMax)
                    {
                        errors[key] = l["Choose a number from {0} to {1}.", q.ScaleMin ?? 0, q.ScaleMax ?? 0];
                    }
                    else
                    {
                        answers.Add(new SurveyAnswer { QuestionId = q.Id, Number = rating });
                    }
                    break;
                case QuestionKind.ShortText:
                    if (raw.Length != 1 || raw[0].Length > MaxText)
                    {
                        errors[key] = l["Write at most {0} characters.", MaxText];
                    }
                    else
                    {
                        answers.Add(new SurveyAnswer { QuestionId = q.Id, Text = raw[0] });
                    }
                    break;
            }
        }
        return errors;
    }
}
