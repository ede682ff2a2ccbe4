using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.SocialMap;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests.Manage;

/// <summary>
/// One request for the wijk's buurtassistenten and the leerregio's coordinators: everything about it, private notes,
/// and the forms of the steps that are possible now (triage, refer, ask volunteers, record the follow-up, close).
/// Opening it is audited; every write is <see cref="HelpRequests"/>, as in the API.
/// </summary>
[Authorize]
public sealed class RequestModel(GrozDbContext db, HelpRequests help, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record AskLine(string Name, AskAnswer Answer, DateTimeOffset AskedAt);

    public HelpRequest Help { get; private set; } = null!;
    public string Slug { get; private set; } = "";
    public string Wijk { get; private set; } = "";
    public string? VolunteerName { get; private set; }
    public bool HealthConsent { get; private set; }
    public List<(HelpNote Note, string Author)> Notes { get; private set; } = [];
    public List<VolunteerSuggestion> Suggestions { get; private set; } = [];
    public List<AskLine> Asks { get; private set; } = [];
    public List<HelpStatusChange> History { get; private set; } = [];
    public List<KeyValuePair<string, string>> Services { get; private set; } = [];
    public string? ServiceName { get; private set; }

    [BindProperty] public HelpCategory? Category { get; set; }
    [BindProperty] public HelpUrgency? Urgency { get; set; }
    [BindProperty] public string? NoteText { get; set; }
    [BindProperty] public Guid? ServiceId { get; set; }
    [BindProperty] public List<string> VolunteerUserIds { get; set; } = [];
    [BindProperty] public FollowUpAnswer? Answer { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public HelpOutcome? Outcome { get; set; }
    [BindProperty(SupportsGet = true, Name = "dienst")] public string? ServiceSearch { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, int id)
    {
        if (!await LoadAsync(slug, id, audit: true))
        {
            return NotFound();
        }
        Category = Help.Category;
        Urgency = Help.Urgency;
        return Page();
    }

    public Task<IActionResult> OnPostTriageAsync(string slug, int id) =>
        AfterAsync(slug, id, help.TriageAsync(User, id, Category, Urgency, ct: HttpContext.RequestAborted), l["The request has been accepted."]);

    public Task<IActionResult> OnPostNoteAsync(string slug, int id) =>
        AfterAsync(slug, id, help.AddNoteAsync(User, id, NoteText, ct: HttpContext.RequestAborted), l["The note has been saved."], "NoteText");

    public Task<IActionResult> OnPostReferAsync(string slug, int id) =>
        AfterAsync(slug, id, help.ReferAsync(User, id, ServiceId, ct: HttpContext.RequestAborted), l["The resident has been referred."], "ServiceId");

    public Task<IActionResult> OnPostAskAsync(string slug, int id) =>
        AfterAsync(slug, id, help.AskVolunteersAsync(User, id, VolunteerUserIds, ct: HttpContext.RequestAborted), l["The volunteers have been asked by e-mail."], "VolunteerUserIds");

    public Task<IActionResult> OnPostFollowUpAsync(string slug, int id) =>
        AfterAsync(slug, id, help.AnswerFollowUpAsync(User, id, null, Answer, Comment, ct: HttpContext.RequestAborted), l["The answer has been saved."], "Answer");

    public Task<IActionResult> OnPostCloseAsync(string slug, int id) =>
        AfterAsync(slug, id, help.CloseAsync(User, id, Outcome, ct: HttpContext.RequestAborted), l["The request has been closed."], "Outcome");

    public Task<IActionResult> OnPostWithdrawAsync(string slug, int id) =>
        AfterAsync(slug, id, help.WithdrawAsync(User, id, ct: HttpContext.RequestAborted), l["The request has been withdrawn."]);

    public Task<IActionResult> OnPostWithdrawConsentAsync(string slug, int id) =>
        AfterAsync(slug, id, help.WithdrawHealthConsentAsync(User, id, ct: HttpContext.RequestAborted), l["The consent has been withdrawn."]);

    private async Task<IActionResult> AfterAsync(string slug, int id, Task<Outcome<HelpRequest>> write, string done, string? field = null)
    {
        var result = await write;
        if (result.Status == 404)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Message"] = done;
            return Redirect($"/beheer/hulpvragen/{slug}/{id}");
        }
        var errors = result.FieldErrors ?? new Dictionary<string, string> { [result.Field ?? ""] = result.Message ?? "" };
        foreach (var (key, message) in errors)
        {
            ModelState.AddModelError(key is "Category" or "Urgency" ? key : key.Length == 0 ? "" : field ?? "", message);
        }
        return await LoadAsync(slug, id, audit: false) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string slug, int id, bool audit)
    {
        var found = audit ? await help.ViewAsync(User, id, "queue") : await help.FindAsync(User, id);
        if (found is not { Access.Staff: true } f)
        {
            return false;
        }
        Help = f.Request;
        Slug = await db.Leerregios.Where(x => x.Id == Help.LeerregioId).Select(x => x.Slug).SingleAsync();
        if (Slug != slug)
        {
            return false;
        }
        if (audit && User.UserId() is { } me)
        {
            // Opening the request is reading its messages (new request, volunteer answered, overdue).
            await Notifications.Notifications.MarkSubjectReadAsync(db, me, nameof(HelpRequest), id.ToString(System.Globalization.CultureInfo.InvariantCulture), time.GetUtcNow());
        }
        Wijk = await HelpPages.WijkNameAsync(db, Help.WijkId);
        VolunteerName = Help.MatchedVolunteerUserId is { } v ? await db.Users.Where(u => u.Id == v).Select(u => u.DisplayName).FirstOrDefaultAsync() : null;
        HealthConsent = await help.HealthConsentActiveAsync(id);
        Notes = await help.NotesAsync(User, id) ?? [];
        if (Help.Status is HelpStatus.Triaged or HelpStatus.Asked)
        {
            Suggestions = await help.SuggestAsync(User, id) ?? [];
        }
        Asks = await (from a in db.HelpMatchAsks.AsNoTracking()
                      where a.HelpRequestId == id
                      join u in db.Users on a.VolunteerUserId equals u.Id
                      orderby a.Id
                      select new AskLine(u.DisplayName, a.Answer, a.AskedAt)).ToListAsync();
        History = await db.HelpStatusChanges.AsNoTracking().Where(s => s.HelpRequestId == id).OrderBy(s => s.Id).ToListAsync();
        if (Help.Status == HelpStatus.Triaged)
        {
            var services = db.SmServices.AsNoTracking().Where(s => s.LeerregioId == Help.LeerregioId && s.Publication == Publication.Published);
            if (!string.IsNullOrWhiteSpace(ServiceSearch))
            {
                var part = ServiceSearch.Trim().ToLower(System.Globalization.CultureInfo.InvariantCulture);
                services = services.Where(s => s.Name.ToLower().Contains(part));
            }
            Services = await services.OrderBy(s => s.Name).Take(200).Select(s => new KeyValuePair<string, string>(s.Id.ToString(), s.Name)).ToListAsync();
        }
        if (Help.ReferredServiceId is { } sid)
        {
            ServiceName = await db.SmServices.Where(s => s.Id == sid).Select(s => s.Name).FirstOrDefaultAsync();
        }
        return true;
    }
}
