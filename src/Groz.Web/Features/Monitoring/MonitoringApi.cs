using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.Events;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring;

/// <summary>
/// The monitor under /api/v1/monitoring: indicator definitions and values (suppressed for everyone but coordinators),
/// surveys and waves (coordinators write, researchers read), aggregate results, and filling in a wave. No endpoint
/// returns a single respondent's answers or score.
/// </summary>
public static class MonitoringApi
{
    public sealed record IndicatorDto(string Code, string NameNl, string NameEn, string Unit, string Better, string Source, string? Instrument,
        string? InstrumentVersion, int DivisionYear, string Numerator, string Denominator, bool Computed);
    public sealed record QuestionDto(int Id, int Position, string Kind, string Text, IReadOnlyList<string> Options, int? ScaleMin, int? ScaleMax, bool Required, string? ItemKey);
    public sealed record WaveDto(int Id, int SurveyId, string Name, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string Access, string? Link);
    public sealed record SurveyDto(int Id, string Leerregio, string Title, string? Introduction, string? Loneliness, bool PositiveHealth, string Anonymity,
        string ConsentVersion, IReadOnlyList<QuestionDto> Questions, IReadOnlyList<WaveDto> Waves, string? ConsentText = null);
    public sealed record FormDto(string Survey, string Wave, string? Introduction, string ConsentVersion, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, IReadOnlyList<QuestionDto> Questions);
    public sealed record AnswerInput(int QuestionId, int? Number, int[]? Numbers, string? Text);
    public sealed record SubmissionInput(int? WijkId, bool? Consent, AnswerInput[]? Answers);
    public sealed record ReceiptDto(int WaveId, DateOnly SubmittedOn, string ConsentVersion);
    public sealed record ComputeDto(string Leerregio, string Month, int Values);
    public sealed record RejectionDto(int Row, string Column, string Reason);
    public sealed record ImportReportDto(string Leerregio, string Kind, int Rows, int Accepted, int Rejected, IReadOnlyList<RejectionDto> Rejections, IReadOnlyList<string> Removed);

    public static WebApplication MapMonitoringApi(this WebApplication app)
    {
        var api = app.MapApiV1("monitoring", "Monitoring").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/indicators", IndicatorsAsync)
            .WithSummary("The indicator definitions: code, names, unit, which way is better, source, instrument, CBS division year, numerator and denominator.");
        api.MapGet("/values", ValuesAsync)
            .WithSummary("Indicator values of a leerregio (leerregio=slug; optional indicator=code, from/to=yyyy-MM-dd on the period start): the leerregio and its wijken. For everyone but its coordinators, cells over fewer than 10 (the leerregio's setting) respondents or records, and the cells needed to stop subtraction from the total, have status Suppressed and no figures.")
            .ProducesProblem(404);
        api.MapPost("/compute", ComputeAsync).DisableValidation()
            .WithSummary("Compute the platform indicators of a leerregio for one month (month=yyyy-MM) now; coordinators. The same runs daily for the last 12 months.")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/imports/{kind}", ImportAsync).DisableValidation()
            .Accepts<string>("text/csv")
            .WithSummary("Import a CSV (kind cbs: gebied;jaar;inwoners[;huishoudens;inwoners_65_plus] — kind ggd: indicator;gebied;periode;waarde;n) into a leerregio (leerregio=slug); coordinators. Separator ; or ,, UTF-8 (BOM allowed), at most 900 kB. Valid rows are imported (a value already there for the same indicator, area and period is replaced); the report lists each rejected row with its column and the reason. A CBS file is the whole division of its years: areas that an earlier file of the same year had and this one has not lose their CBS figures of that year, listed in removed. A file that cannot be used as a whole (header, separator, empty) is a 400 with the same report in errors and nothing changes.")
            .Produces<ImportReportDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(413);
        api.MapGet("/settings", SettingsAsync)
            .WithSummary("The monitor settings of a leerregio (leerregio=slug): suppressBelow, the group size under which cells are hidden; coordinators.")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapPut("/settings", PutSettingsAsync).DisableValidation()
            .WithSummary("Change suppressBelow (a whole number from 5 to 100) of a leerregio; coordinators; audit-logged.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/surveys", SurveysAsync)
            .WithSummary("Surveys of a leerregio (leerregio=slug) with their questions and waves; coordinators and researchers.").ProducesProblem(404);
        api.MapPost("/surveys", CreateSurveyAsync).DisableValidation()
            .WithSummary("Make a survey from the instruments (loneliness: Loneliness11 or Loneliness6; positiveHealth: true), anonymous or pseudonymous, with the version of its consent text; coordinators.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/surveys/{id:int}", SurveyAsync).WithSummary("One survey with its questions and waves.").ProducesProblem(404);
        api.MapPost("/surveys/{id:int}/questions", AddQuestionAsync).DisableValidation()
            .WithSummary("Add an own question at the end of a survey, before its first wave: kind SingleChoice, MultipleChoice, Scale or ShortText; textNl (textEn optional); optionsNl/optionsEn one per line (choices: 2 to 20); scaleMin/scaleMax (0 to 10); required. Coordinators. 409 once a wave has been opened.")
            .Produces<QuestionDto>(201).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/surveys/{id:int}/questions/{question:int}", RemoveQuestionAsync)
            .WithSummary("Remove an own question before the first wave (the items of a validated instrument stay together); coordinators.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/surveys/{id:int}/waves", OpenWaveAsync).DisableValidation()
            .WithSummary("Open a wave: a name, when it opens and closes, and access Platform (signed in) or Link (anyone with the link; anonymous surveys only); coordinators.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/waves/{id:int}/results", ResultsAsync)
            .WithSummary("Aggregates of a wave for the leerregio and per wijk: respondents, share lonely and severely lonely, subscale means, positive-health means. Suppressed cells for researchers; never an individual score.")
            .ProducesProblem(404);
        api.MapPost("/waves/{id:int}/indicators", WaveIndicatorsAsync)
            .WithSummary("Write the results of a wave into the monitor now (coordinators): share lonely and severely lonely and the positive-health means per wijk and for the leerregio, as values of period kind Wave; again replaces them. The daily job does the same for waves that closed in the last 7 days.")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/waves/{id:int}/extract", ExtractAsync)
            .WithSummary("A pseudonymised extract (CSV) of a wave's responses for researchers and coordinators of its leerregio: a pseudonym that is the same for a respondent in every wave of the leerregio and cannot be turned back into an account (anonymous surveys: a row number), the month, the wijk (or the leerregio where the wijk has fewer respondents than the threshold), loneliness scores and the numbers of choices and ratings; no names, e-mail or free text. Every download is audit-logged.")
            .Produces(200, contentType: "text/csv").ProducesProblem(404);
        api.MapGet("/waves/{id:int}/change", ChangeAsync)
            .WithSummary("Change from an earlier wave (from=wave id) of the same pseudonymous survey for the same respondents: pairs, mean loneliness before/after, share lonely, how many crossed the line; suppressed for researchers.")
            .ProducesProblem(404);
        api.MapGet("/forms/{token}", FormAsync)
            .WithSummary("The questions of a wave, to fill it in (members of its leerregio).").ProducesProblem(404);
        api.MapPost("/forms/{token}/responses", SubmitAsync).DisableValidation()
            .WithSummary("Fill in a wave once: wijkId (optional), consent: true, answers [{questionId, number | numbers | text}]. Loneliness answers: 1 no, 2 more or less, 3 yes. 409 outside the window or a second time.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<IResult> IndicatorsAsync(HttpContext http, GrozDbContext db)
    {
        await IndicatorCatalog.EnsureAsync(db, http.RequestAborted);
        var dutch = Localization.IsDutch;
        var list = await db.Indicators.AsNoTracking().OrderBy(d => d.Code).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(list.Select(d => new IndicatorDto(d.Code, d.NameNl, d.NameEn, d.Unit, d.Better.ToString(), d.Source.ToString(), d.Instrument?.ToString(),
            d.InstrumentVersion, d.DivisionYear, dutch ? d.NumeratorNl : d.NumeratorEn ?? d.NumeratorNl, dutch ? d.DenominatorNl : d.DenominatorEn ?? d.DenominatorNl, d.Computed)).ToList());
    }

    private static async Task<IResult> ValuesAsync(string? leerregio, string? indicator, string? from, string? to, HttpContext http, GrozDbContext db, IndicatorReads reads)
    {
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var errors = new Dictionary<string, string[]>();
        DateOnly? Day(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }
            if (TimeBank.TimeBankReports.ParseDay(text) is { } d)
            {
                return d;
            }
            errors[field] = [Errors.Title(http, "bad-date")];
            return null;
        }
        var (f, t) = (Day(from, "from"), Day(to, "to"));
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await reads.ValuesAsync(lr.Id, indicator, f, t, hideSmall: !http.User.CanManage(lr.Id), http.RequestAborted));
    }

    private static async Task<IResult> ComputeAsync(string? leerregio, string? month, HttpContext http, GrozDbContext db, PlatformIndicators platform)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == leerregio) is not { } lr || !Surveys.MayRead(http.User, lr.Id))
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        if (!http.User.CanManage(lr.Id))
        {
            return Errors.Problem(http, 403, "not-allowed");
        }
        if (!DateOnly.TryParseExact((month ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = [Errors.Title(http, "bad-month")] });
        }
        var n = await platform.ComputeAsync(lr.Id, start, http.RequestAborted);
        return TypedResults.Ok(new ComputeDto(lr.Slug, month!, n));
    }

    private static async Task<IResult> ImportAsync(string kind, string? leerregio, HttpContext http, GrozDbContext db, MonitoringImport import, AuditLog audit)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (await ReadableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        if (!http.User.CanManage(lr.Id))
        {
            return Errors.Problem(http, 403, "not-allowed");
        }
        if (kind is not ("cbs" or "ggd"))
        {
            return Errors.Problem(http, 404, "unknown-import");
        }
        if (http.Request.ContentLength > MonitoringImport.MaxFileBytes)
        {
            return Errors.Problem(http, 413, "too-large");
        }
        // Read at most one byte past the limit, so a body without a length cannot fill the memory.
        var buffer = new char[MonitoringImport.MaxFileBytes + 1];
        using var body = new StreamReader(http.Request.Body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var read = 0;
        int got;
        while (read < buffer.Length && (got = await body.ReadAsync(buffer.AsMemory(read), http.RequestAborted)) > 0)
        {
            read += got;
        }
        if (read > MonitoringImport.MaxFileBytes)
        {
            return Errors.Problem(http, 413, "too-large");
        }
        var report = await import.ImportAsync(lr.Id, kind == "cbs" ? ImportKind.Cbs : ImportKind.Ggd, new StringReader(new string(buffer, 0, read)), http.RequestAborted);
        if (report.FileRejected)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["csv"] = [.. report.Rejections.Select(r => r.Reason)] });
        }
        await audit.WriteAsync("monitoring.imported", "leerregio", lr.Slug, lr.Id, $"{kind}: {report.Accepted} accepted, {report.Rejections.Count} rejected", ct: http.RequestAborted);
        return TypedResults.Ok(Report(lr.Slug, report));
    }

    public sealed record SettingsDto(string Leerregio, int SuppressBelow);
    public sealed record SettingsInput(System.Text.Json.JsonElement? SuppressBelow);

    private static async Task<IResult> SettingsAsync(string? leerregio, HttpContext http, GrozDbContext db, Surveys surveys)
    {
        if (await ReadableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        if (!http.User.CanManage(lr.Id))
        {
            return Errors.Problem(http, 403, "not-allowed");
        }
        return TypedResults.Ok(new SettingsDto(lr.Slug, (await surveys.SettingsAsync(lr.Id, http.RequestAborted)).SuppressBelow));
    }

    private static async Task<IResult> PutSettingsAsync(string? leerregio, SettingsInput input, HttpContext http, GrozDbContext db, Surveys surveys, AuditLog audit,
        Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (await ReadableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        if (!http.User.CanManage(lr.Id))
        {
            return Errors.Problem(http, 403, "not-allowed");
        }
        // A number or a string with a number: anything else gets the same message as the page.
        var text = input.SuppressBelow is { ValueKind: System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.String } v ? v.ToString() : null;
        if (await Manage.SuppressionSetting.SetAsync(surveys, audit, lr.Id, text, http.RequestAborted) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["suppressBelow"] = [l[error]] });
        }
        return TypedResults.Ok(new SettingsDto(lr.Slug, (await surveys.SettingsAsync(lr.Id, http.RequestAborted)).SuppressBelow));
    }

    public static ImportReportDto Report(string slug, ImportReport report) =>
        new(slug, report.Kind.ToString().ToLowerInvariant(), report.Rows, report.Accepted, report.Rows - report.Accepted,
            report.Rejections.Select(r => new RejectionDto(r.Row, r.Column, r.Reason)).ToList(), report.Removed ?? []);

    private static async Task<Leerregio?> ReadableAsync(HttpContext http, GrozDbContext db, string? slug) =>
        await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug) is { } lr && Surveys.MayRead(http.User, lr.Id) ? lr : null;

    private static async Task<IResult> SurveysAsync(string? leerregio, HttpContext http, GrozDbContext db)
    {
        if (await ReadableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var ids = await db.Surveys.AsNoTracking().Where(s => s.LeerregioId == lr.Id).OrderByDescending(s => s.Id).Select(s => s.Id).ToListAsync(http.RequestAborted);
        var list = new List<SurveyDto>();
        foreach (var id in ids)
        {
            list.Add((await DtoAsync(db, lr.Slug, id, http.RequestAborted))!);
        }
        return TypedResults.Ok(list);
    }

    private static async Task<SurveyDto?> DtoAsync(GrozDbContext db, string slug, int id, CancellationToken ct)
    {
        var s = await db.Surveys.AsNoTracking().Include(x => x.Questions).Include(x => x.Waves).FirstOrDefaultAsync(x => x.Id == id, ct);
        return s is null ? null : new SurveyDto(s.Id, slug, s.Title, s.Introduction, s.Loneliness?.ToString(), s.PositiveHealth, s.Anonymity.ToString(), s.ConsentVersion,
            s.Questions.OrderBy(q => q.Position).Select(Question).ToList(), s.Waves.OrderBy(w => w.OpensAt).Select(Wave).ToList(), s.ConsentText);
    }

    private static QuestionDto Question(SurveyQuestion q) =>
        new(q.Id, q.Position, q.Kind.ToString(), Localization.IsDutch ? q.TextNl : q.TextEn, q.Options(Localization.IsDutch), q.ScaleMin, q.ScaleMax, q.Required, q.ItemKey);

    private static WaveDto Wave(SurveyWave w) =>
        new(w.Id, w.SurveyId, w.Name, w.OpensAt, w.ClosesAt, w.Access.ToString(), "/monitoring/vragenlijst/" + w.Token);

    private static async Task<IResult> CreateSurveyAsync(string? leerregio, NewSurvey input, HttpContext http, GrozDbContext db, Surveys surveys)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (await ReadableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var outcome = await surveys.CreateAsync(http.User, lr.Id, input, http.RequestAborted);
        return outcome.Value is { } s
            ? TypedResults.Created($"/api/v1/monitoring/surveys/{s.Id}", await DtoAsync(db, lr.Slug, s.Id, http.RequestAborted))
            : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> SurveyAsync(int id, HttpContext http, GrozDbContext db)
    {
        var s = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id);
        if (s is null || !Surveys.MayRead(http.User, s.LeerregioId))
        {
            return Errors.Problem(http, 404, "unknown-survey");
        }
        var slug = await db.Leerregios.Where(l => l.Id == s.LeerregioId).Select(l => l.Slug).SingleAsync();
        return TypedResults.Ok(await DtoAsync(db, slug, id, http.RequestAborted));
    }

    private static async Task<IResult> OpenWaveAsync(int id, NewWave input, HttpContext http, Surveys surveys)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await surveys.OpenWaveAsync(http.User, id, input, http.RequestAborted);
        return outcome.Value is { } w ? TypedResults.Created($"/api/v1/monitoring/surveys/{id}", Wave(w)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> AddQuestionAsync(int id, NewQuestion input, HttpContext http, Surveys surveys)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await surveys.AddQuestionAsync(http.User, id, input, http.RequestAborted);
        return outcome.Value is { } q ? TypedResults.Created($"/api/v1/monitoring/surveys/{id}", Question(q)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> RemoveQuestionAsync(int id, int question, HttpContext http, Surveys surveys)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var outcome = await surveys.RemoveQuestionAsync(http.User, id, question, http.RequestAborted);
        return outcome.Succeeded ? TypedResults.NoContent() : EventsApi.Problem(http, outcome);
    }

    private static async Task<SurveyWave?> ReadableWaveAsync(HttpContext http, GrozDbContext db, int id) =>
        await db.SurveyWaves.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id) is { } w && Surveys.MayRead(http.User, w.LeerregioId) ? w : null;

    private static async Task<IResult> ResultsAsync(int id, HttpContext http, GrozDbContext db, SurveyResults results)
    {
        if (await ReadableWaveAsync(http, db, id) is not { } wave)
        {
            return Errors.Problem(http, 404, "unknown-wave");
        }
        return TypedResults.Ok(await results.WaveAsync(id, hideSmall: !Surveys.SeesSmallNumbers(http.User, wave.LeerregioId), http.RequestAborted));
    }

    public sealed record WaveIndicatorsDto(int WaveId, int Values);

    private static async Task<IResult> WaveIndicatorsAsync(int id, HttpContext http, GrozDbContext db, SurveyIndicators indicators)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (await ReadableWaveAsync(http, db, id) is not { } wave)
        {
            return Errors.Problem(http, 404, "unknown-wave");
        }
        if (!http.User.CanManage(wave.LeerregioId))
        {
            return Errors.Problem(http, 403, "not-allowed");
        }
        return TypedResults.Ok(new WaveIndicatorsDto(id, await indicators.WriteWaveAsync(id, http.RequestAborted)));
    }

    private static async Task<IResult> ChangeAsync(int id, int? from, HttpContext http, GrozDbContext db, SurveyResults results)
    {
        if (await ReadableWaveAsync(http, db, id) is not { } wave || from is null || await ReadableWaveAsync(http, db, from.Value) is null)
        {
            return Errors.Problem(http, 404, "unknown-wave");
        }
        var change = await results.PairedAsync(from.Value, id, hideSmall: !Surveys.SeesSmallNumbers(http.User, wave.LeerregioId), http.RequestAborted);
        return change is null ? Errors.Problem(http, 404, "no-paired-waves") : TypedResults.Ok(change);
    }

    private static async Task<IResult> ExtractAsync(int id, HttpContext http, SurveyExtracts extracts) =>
        await extracts.BuildAsync(http.User, id, http.RequestAborted) is { } extract
            ? TypedResults.File(extract.Csv, "text/csv", extract.FileName)
            : Errors.Problem(http, 404, "unknown-wave");

    private static bool MayFill(HttpContext http, SurveyWave wave) => http.User.MemberOf().Contains(wave.LeerregioId);

    private static async Task<IResult> FormAsync(string token, HttpContext http, Surveys surveys)
    {
        if (await surveys.FormAsync(token, http.RequestAborted) is not { } form || !MayFill(http, form.Wave))
        {
            return Errors.Problem(http, 404, "unknown-wave");
        }
        return TypedResults.Ok(new FormDto(form.Survey.Title, form.Wave.Name, form.Survey.Introduction, form.Survey.ConsentVersion, form.Wave.OpensAt, form.Wave.ClosesAt,
            form.Questions.Select(Question).ToList()));
    }

    private static async Task<IResult> SubmitAsync(string token, SubmissionInput input, HttpContext http, Surveys surveys)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        if (await surveys.FormAsync(token, http.RequestAborted) is not { } form || !MayFill(http, form.Wave))
        {
            return Errors.Problem(http, 404, "unknown-wave");
        }
        var answers = new Dictionary<int, string[]>();
        foreach (var a in input.Answers ?? [])
        {
            var raw = a.Numbers is { } many ? many.Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray()
                : a.Number is { } one ? [one.ToString(CultureInfo.InvariantCulture)]
                : a.Text is { } text ? [text] : [];
            // A question sent twice: both values count, so that a single choice with two answers is refused rather than one dropped.
            answers[a.QuestionId] = answers.TryGetValue(a.QuestionId, out var before) ? [.. before, .. raw] : raw;
        }
        var outcome = await surveys.SubmitAsync(form, new Respondent(http.User.UserId(), null), new Submission(input.WijkId, input.Consent ?? false, answers), http.RequestAborted);
        return outcome.Value is { } r
            ? TypedResults.Created((string?)null, new ReceiptDto(r.WaveId, r.SubmittedOn, r.ConsentVersion))
            : EventsApi.Problem(http, outcome);
    }
}
