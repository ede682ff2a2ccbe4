using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events;

/// <summary>
/// A proeverij's programme per time slot; a signed-in visitor adds sessions to their own programme and cancels them.
/// The overlap rule and the waitlist are <see cref="Registrations"/>'s, so this page only shows what it says.
/// </summary>
public sealed class ProgrammeModel(GrozDbContext db, Registrations registrations, EventFeedbackService feedback, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public Programme Programme { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public string LeerregioSlug { get; private set; } = "";
    public bool FeedbackOpen { get; private set; }
    public DateTimeOffset Now { get; private set; }

    private async Task<bool> LoadAsync()
    {
        if (await registrations.VisibleEventAsync(User, Id, HttpContext.RequestAborted) is null
            || await ProeverijProgramme.LoadAsync(db, Id, User.UserId(), HttpContext.RequestAborted) is not { } p)
        {
            return false;
        }
        Programme = p;
        Now = time.GetUtcNow();
        CanManage = await Registrations.CanManageAsync(db, User, p.Proeverij);
        LeerregioSlug = db.Leerregios.Where(x => x.Id == p.Proeverij.LeerregioId).Select(x => x.Slug).Single();
        FeedbackOpen = await feedback.OpenForUserAsync(User.UserId(), Id, HttpContext.RequestAborted) is not null;
        return true;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(int sessionId)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Redirect($"/account/inloggen?ReturnUrl=/activiteiten/{Id}/programma");
        }
        if (!await LoadAsync())
        {
            return NotFound();
        }
        if (Programme.Sessions.All(s => s.Event.Id != sessionId))
        {
            return NotFound();
        }
        var outcome = await registrations.RegisterAsync(User, sessionId, new RegistrationInput(), ct: HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError("", outcome.Message!);
            return Page();
        }
        var r = outcome.Value!.Registration;
        var title = Programme.Sessions.Single(s => s.Event.Id == sessionId).Event.Title;
        TempData["Message"] = r.Status == RegistrationStatus.Registered
            ? string.Format(System.Globalization.CultureInfo.CurrentCulture, l["\"{0}\" is in your programme."], title)
            : string.Format(System.Globalization.CultureInfo.CurrentCulture, l["\"{0}\" is full. You are on the waitlist, in place {1}. If a place becomes free, you get it automatically."], title, r.WaitlistPosition);
        return Redirect($"/activiteiten/{Id}/programma");
    }

    public async Task<IActionResult> OnPostCancelAsync(long registrationId)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        // Only a registration of this programme, and CancelAsync checks that it is the visitor's own.
        if (Programme.Mine.Values.All(r => r.Id != registrationId))
        {
            return NotFound();
        }
        var outcome = await registrations.CancelAsync(User, registrationId, ct: HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError("", outcome.Message!);
            return Page();
        }
        TempData["Message"] = l["The session has been removed from your programme."].Value;
        return Redirect($"/activiteiten/{Id}/programma");
    }

    public string TypeName(SessionType type) => l["session.type." + type];
}
