using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring;

/// <summary>
/// Surveys in "download my data" and "delete my account" (AVG art. 15, 17, 20). A response holds no user id; a
/// pseudonymous one holds the leerregio's keyed hash of it, and a participation mark is a keyed hash of wave and user.
/// Both can be computed again from the member's id, so both can be found, for the member only.
/// <para><b>Export</b>: the waves the member took part in, and the answers of their pseudonymous responses. Answers to
/// anonymous surveys cannot be traced to anyone (that is the point of them), and the export says so.</para>
/// <para><b>Erasure</b>: the pseudonym is removed from their responses, which makes them anonymous: they still count in
/// the results already reported, but no longer link one wave to the next. What they typed in short-text answers is
/// deleted, because it may say who they are. Their participation marks are deleted.</para>
/// </summary>
public sealed class MonitoringPersonalData(GrozDbContext db, IStringLocalizer<SharedResource> l) : IPersonalDataPart
{
    public string Name => "surveys";

    public async Task<object?> ExportAsync(string userId, CancellationToken ct)
    {
        var (pseudonyms, marks) = await KeysAsync(userId, ct);
        var waves = await (from p in db.SurveyParticipations.AsNoTracking()
                           join w in db.SurveyWaves on p.WaveId equals w.Id
                           join s in db.Surveys on w.SurveyId equals s.Id
                           where marks.Contains(p.Mark)
                           orderby w.OpensAt
                           select new { Survey = s.Title, Wave = w.Name, Anonymous = s.Anonymity == SurveyAnonymity.Anonymous }).ToListAsync(ct);
        var responses = await db.SurveyResponses.AsNoTracking().Include(r => r.Answers)
            .Where(r => r.Pseudonym != null && pseudonyms.Contains(r.Pseudonym)).OrderBy(r => r.Id).ToListAsync(ct);
        var questionIds = responses.SelectMany(r => r.Answers).Select(a => a.QuestionId).Distinct().ToList();
        var questions = await db.SurveyQuestions.AsNoTracking().Where(q => questionIds.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => q.TextNl, ct);
        var waveIds = responses.Select(r => r.WaveId).Distinct().ToList();
        var waveNames = await db.SurveyWaves.AsNoTracking().Where(w => waveIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        return new
        {
            Waves = waves,
            AnonymousAnswers = l["Answers to anonymous surveys cannot be linked to you, so they are not in this download."].Value,
            Responses = responses.Select(r => new
            {
                Wave = waveNames.GetValueOrDefault(r.WaveId), r.SubmittedOn, r.ConsentVersion, r.LonelinessTotal, r.LonelinessEmotional, r.LonelinessSocial,
                Answers = r.Answers.OrderBy(a => a.QuestionId).Select(a => new { Question = questions.GetValueOrDefault(a.QuestionId), a.Number, a.Text }).ToList(),
            }).ToList(),
        };
    }

    public async Task EraseAsync(string userId, CancellationToken ct)
    {
        var (pseudonyms, marks) = await KeysAsync(userId, ct);
        var shortText = db.SurveyQuestions.Where(q => q.Kind == QuestionKind.ShortText).Select(q => q.Id);
        var mine = db.SurveyResponses.Where(r => r.Pseudonym != null && pseudonyms.Contains(r.Pseudonym)).Select(r => r.Id);
        await db.SurveyAnswers.Where(a => mine.Contains(a.ResponseId) && shortText.Contains(a.QuestionId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Text, (string?)null), ct);
        await db.SurveyResponses.Where(r => r.Pseudonym != null && pseudonyms.Contains(r.Pseudonym))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Pseudonym, (string?)null), ct);
        await db.SurveyParticipations.Where(p => marks.Contains(p.Mark)).ExecuteDeleteAsync(ct);
    }

    /// <summary>The member's pseudonym in every leerregio, and their participation mark for every wave.</summary>
    private async Task<(List<string> Pseudonyms, List<string> Marks)> KeysAsync(string userId, CancellationToken ct)
    {
        var keys = await db.MonitoringSettings.AsNoTracking().Select(s => new { s.LeerregioId, s.PseudonymKey }).ToListAsync(ct);
        var waves = await db.SurveyWaves.AsNoTracking().Select(w => new { w.Id, w.LeerregioId }).ToListAsync(ct);
        var byLeerregio = keys.ToDictionary(k => k.LeerregioId, k => k.PseudonymKey);
        var pseudonyms = keys.Select(k => Surveys.KeyedHash(k.PseudonymKey, "user:" + userId)).ToList();
        var marks = waves.Where(w => byLeerregio.ContainsKey(w.LeerregioId))
            .Select(w => Surveys.KeyedHash(byLeerregio[w.LeerregioId], $"wave:{w.Id}:user:{userId}")).ToList();
        return (pseudonyms, marks);
    }
}
