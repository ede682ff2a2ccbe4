using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring.Manage;

/// <summary>
/// The survey builder: one survey with its questions, where a coordinator adds own questions (single or multiple choice,
/// scale, short text) until the first wave opens, then opens waves and shares their link. Researchers read it.
/// </summary>
[Authorize]
public sealed class SurveyModel(GrozDbContext db, Surveys surveys, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class QuestionInput
    {
        public QuestionKind Kind { get; set; }
        public string? TextNl { get; set; }
        public string? TextEn { get; set; }
        public string? OptionsNl { get; set; }
        public string? OptionsEn { get; set; }
        public int? ScaleMin { get; set; }
        public int? ScaleMax { get; set; }
        public bool Required { get; set; }
    }

    public sealed class WaveInput
    {
        public string? Name { get; set; }
        public string? Opens { get; set; }
        public string? Closes { get; set; }
        public WaveAccess Access { get; set; }
    }

    [BindProperty] public QuestionInput Question { get; set; } = new();
    [BindProperty] public WaveInput Wave { get; set; } = new();

    public Leerregio Leerregio { get; private set; } = null!;
    public Survey Survey { get; private set; } = null!;
    public List<SurveyQuestion> Questions { get; private set; } = [];
    public bool CanEdit { get; private set; }
    /// <summary>Questions can change until the first wave opens.</summary>
    public bool QuestionsOpen => CanEdit && Survey.Waves.Count == 0;

    /// <summary>The address to share, in full, so that it can be pasted in a newsletter or a chat.</summary>
    public string Link(SurveyWave w) => $"{Request.Scheme}://{Request.Host}/monitoring/vragenlijst/{w.Token}";

    private async Task<bool> LoadAsync(string slug, int id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct) is not { } lr || !Surveys.MayRead(User, lr.Id)
            || await db.Surveys.AsNoTracking().Include(s => s.Waves).FirstOrDefaultAsync(s => s.Id == id && s.LeerregioId == lr.Id, ct) is not { } survey)
        {
            return false;
        }
        (Leerregio, Survey, CanEdit) = (lr, survey, User.CanManage(lr.Id));
        Questions = await db.Set<SurveyQuestion>().AsNoTracking().Where(q => q.SurveyId == id).OrderBy(q => q.Position).ToListAsync(ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug, int id)
    {
        if (!await LoadAsync(slug, id))
        {
            return NotFound();
        }
        var today = DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow()));
        Wave.Opens ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Wave.Closes ??= today.AddDays(28).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Question.ScaleMin ??= 1;
        Question.ScaleMax ??= 5;
        return Page();
    }

    public async Task<IActionResult> OnPostQuestionAsync(string slug, int id)
    {
        if (!await LoadAsync(slug, id))
        {
            return NotFound();
        }
        ModelState.Clear();
        var q = Question;
        var outcome = await surveys.AddQuestionAsync(User, id, new NewQuestion(q.Kind, q.TextNl, q.TextEn, q.OptionsNl, q.OptionsEn, q.ScaleMin, q.ScaleMax, q.Required), HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            TempData["Message"] = l["The question has been added."].Value;
            return Redirect($"/beheer/monitoring/{slug}/vragenlijst/{id}#questions");
        }
        return Refused(outcome, "Question");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string slug, int id, int question)
    {
        if (!await LoadAsync(slug, id))
        {
            return NotFound();
        }
        var outcome = await surveys.RemoveQuestionAsync(User, id, question, HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            TempData["Message"] = l["The question has been removed."].Value;
            return Redirect($"/beheer/monitoring/{slug}/vragenlijst/{id}#questions");
        }
        return Refused(outcome, "Question");
    }

    public async Task<IActionResult> OnPostWaveAsync(string slug, int id)
    {
        if (!await LoadAsync(slug, id))
        {
            return NotFound();
        }
        ModelState.Clear();
        DateTimeOffset? Day(string? text) => TimeBankReports.ParseDay(text) is { } d ? TimeBankPages.StartOfDay(d) : null;
        // Closing day included: the wave closes at the end of it (Dutch time).
        var outcome = await surveys.OpenWaveAsync(User, id, new NewWave(Wave.Name, Day(Wave.Opens),
            TimeBankReports.ParseDay(Wave.Closes) is { } c ? TimeBankPages.StartOfDay(c.AddDays(1)) : null, Wave.Access), HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            TempData["Message"] = l["The wave is open. Share the link below."].Value;
            return Redirect($"/beheer/monitoring/{slug}/vragenlijst/{id}#waves");
        }
        return Refused(outcome, "Wave");
    }

    private IActionResult Refused<T>(TimeBank.Outcome<T> outcome, string prefix) where T : class
    {
        switch (outcome.Status)
        {
            case 403:
                return Forbid();
            case 404:
                return NotFound();
        }
        if (outcome.FieldErrors is { } fields)
        {
            foreach (var (field, message) in fields)
            {
                var name = field switch { "OpensAt" => "Opens", "ClosesAt" => "Closes", _ => field };
                ModelState.AddModelError($"{prefix}.{name}", message);
            }
        }
        else
        {
            ModelState.AddModelError("", outcome.Message ?? "");
        }
        return Page();
    }
}
