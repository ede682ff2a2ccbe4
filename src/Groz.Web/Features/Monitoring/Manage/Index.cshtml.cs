using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring.Manage;

/// <summary>The monitor of a leerregio for coordinators (make surveys, open waves) and researchers (read only).</summary>
[Authorize]
public sealed class IndexModel(GrozDbContext db, Surveys surveys, TimeProvider time) : PageModel
{
    public sealed class SurveyInput
    {
        public string? Title { get; set; }
        public string? Introduction { get; set; }
        public string? Loneliness { get; set; } = nameof(Instrument.Loneliness6);
        public bool PositiveHealth { get; set; }
        public SurveyAnonymity Anonymity { get; set; } = SurveyAnonymity.Pseudonymous;
        public string? ConsentVersion { get; set; }
        public string? ConsentText { get; set; }
    }

    public sealed class WaveInput
    {
        public int SurveyId { get; set; }
        public string? Name { get; set; }
        public string? Opens { get; set; }
        public string? Closes { get; set; }
        public WaveAccess Access { get; set; }
    }

    [BindProperty] public SurveyInput Input { get; set; } = new();
    [BindProperty] public WaveInput Wave { get; set; } = new();

    public Leerregio Leerregio { get; private set; } = null!;
    public bool CanEdit { get; private set; }
    public List<Survey> Surveys { get; private set; } = [];

    private async Task<bool> LoadAsync(string slug)
    {
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug) is not { } lr || !Monitoring.Surveys.MayRead(User, lr.Id))
        {
            return false;
        }
        Leerregio = lr;
        CanEdit = User.CanManage(lr.Id);
        Surveys = await db.Surveys.AsNoTracking().Include(s => s.Waves).Where(s => s.LeerregioId == lr.Id).OrderByDescending(s => s.Id).ToListAsync();
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        Input.PositiveHealth = true;
        var today = DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow()));
        Wave.Opens ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Wave.Closes ??= today.AddDays(28).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostSurveyAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        ModelState.Clear();
        Instrument? scale = Enum.TryParse<Instrument>(Input.Loneliness, out var s) ? s : null;
        var outcome = await surveys.CreateAsync(User, Leerregio.Id, new NewSurvey(Input.Title, Input.Introduction, scale, Input.PositiveHealth, Input.Anonymity, Input.ConsentVersion, Input.ConsentText));
        if (outcome.Value is { } made)
        {
            // On to the builder: own questions, then a wave and its link.
            return Redirect($"/beheer/monitoring/{slug}/vragenlijst/{made.Id}");
        }
        AddErrors(outcome, "Input");
        return Page();
    }

    public async Task<IActionResult> OnPostWaveAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        ModelState.Clear();
        DateTimeOffset? Day(string? text) => TimeBankReports.ParseDay(text) is { } d ? TimeBankPages.StartOfDay(d) : null;
        // Closing day included: the wave closes at the end of it (Dutch time).
        var outcome = Surveys.Any(x => x.Id == Wave.SurveyId)
            ? await surveys.OpenWaveAsync(User, Wave.SurveyId, new NewWave(Wave.Name, Day(Wave.Opens), TimeBankReports.ParseDay(Wave.Closes) is { } c ? TimeBankPages.StartOfDay(c.AddDays(1)) : null, Wave.Access))
            : null;
        if (outcome is null)
        {
            return NotFound();
        }
        if (outcome.Succeeded)
        {
            return RedirectToPage(new { slug });
        }
        AddErrors(outcome, "Wave");
        return Page();
    }

    private void AddErrors<T>(Outcome<T> outcome, string prefix) where T : class
    {
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
    }
}
