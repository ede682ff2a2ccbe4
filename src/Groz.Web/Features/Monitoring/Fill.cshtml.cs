using System.Security.Cryptography;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Monitoring;

/// <summary>
/// Filling in one wave of a survey: one fieldset per question, the wijk (optional), consent. Platform waves need a
/// signed-in member of the leerregio; link waves are open to anyone, who is recognised (once per wave) by a random mark
/// in a cookie — a weak guard that only stops an accidental second submission from the same browser.
/// </summary>
public sealed class FillModel(GrozDbContext db, Surveys surveys) : PageModel
{
    public const string MarkCookie = "groz-survey";

    public Surveys.Form Form { get; private set; } = null!;
    public List<(int Id, string Name)> Wijken { get; private set; } = [];
    public bool Open { get; private set; }
    public bool Done { get; private set; }
    public string? Refusal { get; private set; }
    public int? WijkId { get; set; }
    public Dictionary<int, string[]> Given { get; } = [];

    private async Task<IActionResult?> LoadAsync(string token)
    {
        if (await surveys.FormAsync(token, HttpContext.RequestAborted) is not { } form)
        {
            return NotFound();
        }
        Form = form;
        var member = User.Identity?.IsAuthenticated == true && User.MemberOf().Contains(form.Wave.LeerregioId);
        if ((form.Wave.Access == WaveAccess.Platform || form.Survey.Anonymity == SurveyAnonymity.Pseudonymous) && !member)
        {
            if (User.Identity?.IsAuthenticated != true)
            {
                return Challenge();
            }
            return NotFound();
        }
        Open = surveys.IsOpen(form.Wave);
        Wijken = (await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == form.Wave.LeerregioId).OrderBy(w => w.Name).Select(w => new { w.Id, w.Name }).ToListAsync())
            .Select(w => (w.Id, w.Name)).ToList();
        return null;
    }

    public async Task<IActionResult> OnGetAsync(string token)
    {
        if (await LoadAsync(token) is { } refused)
        {
            return refused;
        }
        WijkId = User.HomeWijkId() is { } home && Wijken.Any(w => w.Id == home) ? home : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token)
    {
        if (await LoadAsync(token) is { } refused)
        {
            return refused;
        }
        WijkId = int.TryParse(Request.Form["WijkId"], out var w) ? w : null;
        foreach (var q in Form.Questions)
        {
            Given[q.Id] = Request.Form[$"q{q.Id}"].Where(v => v is not null).Select(v => v!).ToArray();
        }
        var consent = Request.Form["Consent"] == "true";
        string? mark = null;
        if (User.UserId() is null)
        {
            mark = Request.Cookies[MarkCookie] is { Length: 32 } existing ? existing : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            Response.Cookies.Append(MarkCookie, mark, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(400), IsEssential = true });
        }
        var outcome = await surveys.SubmitAsync(Form, new Respondent(User.UserId(), mark), new Submission(WijkId, consent, Given), HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            Done = true;
            return Page();
        }
        if (outcome.FieldErrors is { } fields)
        {
            foreach (var (field, message) in fields)
            {
                ModelState.AddModelError(field, message);
            }
        }
        else
        {
            Refusal = outcome.Message;
        }
        return Page();
    }

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;
}
