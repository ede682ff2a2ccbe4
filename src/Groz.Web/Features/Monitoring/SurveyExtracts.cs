using System.Globalization;
using System.Security.Claims;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring;

public sealed record SurveyExtract(string FileName, byte[] Csv, int Rows);

/// <summary>
/// Pseudonymised extracts of one wave's responses for the researchers (and coordinators) of its leerregio, one row per
/// response:
/// <list type="bullet">
/// <item>Pseudonym: a keyed hash (the leerregio's secret, which only the database holds) of the stored pseudonym, so the
/// same respondent has the same pseudonym in every wave of the leerregio and change can be studied, but it cannot be
/// turned back into an account, nor matched with the database's own column. Anonymous surveys: a row number only.</item>
/// <item>Area: the wijk, or the whole leerregio where fewer than the leerregio's threshold answered from that wijk in this
/// wave (responses hold no buurt, so the wijk is the finest area there is).</item>
/// <item>Month of submission, not the day; the loneliness scores; choices and ratings by their number. No names, no
/// e-mail, and no short-text answers: free text can name a person.</item>
/// </list>
/// Every download is written to the audit log.
/// </summary>
public sealed class SurveyExtracts(GrozDbContext db, Surveys surveys, AuditLog audit)
{
    public async Task<SurveyExtract?> BuildAsync(ClaimsPrincipal user, int waveId, CancellationToken ct = default)
    {
        var wave = await db.SurveyWaves.AsNoTracking().Include(w => w.Survey).FirstOrDefaultAsync(w => w.Id == waveId, ct);
        if (wave?.Survey is null || !Surveys.MayRead(user, wave.LeerregioId))
        {
            return null;
        }
        var settings = await surveys.SettingsAsync(wave.LeerregioId, ct);
        var slug = await db.Leerregios.Where(l => l.Id == wave.LeerregioId).Select(l => l.Slug).SingleAsync(ct);
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == wave.LeerregioId).ToDictionaryAsync(w => w.Id, w => w.Code, ct);
        var questions = await db.SurveyQuestions.AsNoTracking().Where(q => q.SurveyId == wave.SurveyId && q.Kind != QuestionKind.ShortText)
            .OrderBy(q => q.Position).ToListAsync(ct);
        var responses = await db.SurveyResponses.AsNoTracking().Include(r => r.Answers).Where(r => r.WaveId == waveId).OrderBy(r => r.Id).ToListAsync(ct);
        var perWijk = responses.GroupBy(r => r.WijkId ?? 0).ToDictionary(g => g.Key, g => g.Count());

        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = "," };
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, config))
        {
            foreach (var header in new[] { "pseudonym", "wave", "month", "area", "loneliness_total", "loneliness_emotional", "loneliness_social" }
                .Concat(questions.Select(q => q.ItemKey ?? "q" + q.Position.ToString(CultureInfo.InvariantCulture))))
            {
                csv.WriteField(header);
            }
            csv.NextRecord();
            var row = 0;
            foreach (var r in responses)
            {
                row++;
                csv.WriteField(r.Pseudonym is { } p ? Surveys.KeyedHash(settings.PseudonymKey, "extract:" + p)[..16] : "r" + row.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(wave.Id);
                csv.WriteField(r.SubmittedOn.ToString("yyyy-MM", CultureInfo.InvariantCulture));
                csv.WriteField(r.WijkId is { } w && perWijk[w] >= settings.SuppressBelow && wijken.TryGetValue(w, out var code) ? code : slug);
                csv.WriteField(r.LonelinessTotal);
                csv.WriteField(r.LonelinessEmotional);
                csv.WriteField(r.LonelinessSocial);
                var answers = r.Answers.ToDictionary(a => a.QuestionId);
                foreach (var q in questions)
                {
                    // Numbers only: a multiple choice is its option numbers separated by spaces.
                    csv.WriteField(answers.TryGetValue(q.Id, out var a) ? a.Number?.ToString(CultureInfo.InvariantCulture) ?? a.Text : "");
                }
                csv.NextRecord();
            }
        }
        await audit.WriteAsync("monitoring.extract.downloaded", "wave", waveId.ToString(CultureInfo.InvariantCulture), wave.LeerregioId,
            string.Create(CultureInfo.InvariantCulture, $"{responses.Count} rows"), ct: ct);
        return new SurveyExtract(string.Create(CultureInfo.InvariantCulture, $"extract-{slug}-wave-{wave.Id}.csv"), buffer.ToArray(), responses.Count);
    }
}
