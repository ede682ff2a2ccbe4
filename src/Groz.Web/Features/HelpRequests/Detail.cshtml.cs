using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// One request as the resident, the entering professional or a volunteer sees it (staff work on /beheer/hulpvragen).
/// A volunteer sees first name, wijk, what and when; contact details once matched; health details only with consent.
/// Every view by someone other than the resident is audited.
/// </summary>
[Authorize]
public sealed class DetailModel(GrozDbContext db, HelpRequests help, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public HelpRequest Help { get; private set; } = null!;
    public HelpAccess Access { get; private set; } = null!;
    public string Wijk { get; private set; } = "";
    public string? HealthDetails { get; private set; }
    public bool HealthConsent { get; private set; }
    public string? VolunteerName { get; private set; }
    public int? PendingAskId { get; private set; }
    public string? StaffLink { get; private set; }
    public string? ServiceName { get; private set; }
    /// <summary>The viewer's own messages about this request (accepted, matched, closed, "Is het gelukt?"), newest first.</summary>
    public List<(string Text, DateTimeOffset At, bool Unread)> Messages { get; private set; } = [];
    [BindProperty] public int? Hours { get; set; }
    [BindProperty] public int? Minutes { get; set; }

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id, audit: true) ? Page() : NotFound();

    public Task<IActionResult> OnPostAcceptAsync(int id, int askId) => AfterAsync(id, help.AnswerAskAsync(User, askId, true, null, ct: HttpContext.RequestAborted), l["Thank you! You are now helping with this question."]);

    public Task<IActionResult> OnPostDeclineAsync(int id, int askId) => AfterAsync(id, help.AnswerAskAsync(User, askId, false, null, ct: HttpContext.RequestAborted), l["Thank you for letting us know."]);

    public Task<IActionResult> OnPostStartAsync(int id) => AfterAsync(id, help.StartAsync(User, id, ct: HttpContext.RequestAborted), l["Marked as started."]);

    public Task<IActionResult> OnPostWithdrawAsync(int id) => AfterAsync(id, help.WithdrawAsync(User, id, ct: HttpContext.RequestAborted), l["Your question has been withdrawn."]);

    public Task<IActionResult> OnPostWithdrawConsentAsync(int id) =>
        AfterAsync(id, help.WithdrawHealthConsentAsync(User, id, ct: HttpContext.RequestAborted), l["Your consent has been withdrawn. The volunteer no longer sees your health details."]);

    public async Task<IActionResult> OnPostDoneAsync(int id)
    {
        if (Hours is < 0 or > 24)
        {
            ModelState.AddModelError(nameof(Hours), l["Fill in whole hours, 0 or more."]);
        }
        if (Minutes is < 0 or > 59)
        {
            ModelState.AddModelError(nameof(Minutes), l["Fill in minutes from 0 to 59."]);
        }
        var minutes = (Hours ?? 0) * 60 + (Minutes ?? 0);
        if (!ModelState.IsValid)
        {
            return await LoadAsync(id, audit: false) ? Page() : NotFound();
        }
        return await AfterAsync(id, help.MarkDoneAsync(User, id, minutes, ct: HttpContext.RequestAborted), l["Thank you for helping! The resident is asked whether it worked out."]);
    }

    private async Task<IActionResult> AfterAsync(int id, Task<Outcome<HelpRequest>> write, string done)
    {
        var result = await write;
        if (result.Status == 404)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Message"] = done;
            return await help.FindAsync(User, id) is null ? Redirect("/hulpvragen") : Redirect($"/hulpvragen/{id}");
        }
        ModelState.AddModelError(result.Field == "Minutes" ? "Hours" : "", result.Message ?? "");
        return await LoadAsync(id, audit: false) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, bool audit)
    {
        var found = audit ? await help.ViewAsync(User, id, "page") : await help.FindAsync(User, id);
        if (found is not { } f)
        {
            return false;
        }
        (Help, Access) = f;
        Wijk = await HelpPages.WijkNameAsync(db, Help.WijkId);
        HealthDetails = await help.HealthDetailsForAsync(Help, Access);
        HealthConsent = await help.HealthConsentActiveAsync(id);
        VolunteerName = Help.MatchedVolunteerUserId is { } v ? await db.Users.Where(u => u.Id == v).Select(u => u.DisplayName).FirstOrDefaultAsync() : null;
        var userId = User.UserId();
        PendingAskId = await db.HelpMatchAsks.Where(a => a.HelpRequestId == id && a.VolunteerUserId == userId && a.Answer == AskAnswer.Pending).Select(a => (int?)a.Id).FirstOrDefaultAsync();
        if (Access.Staff)
        {
            StaffLink = $"/beheer/hulpvragen/{await db.Leerregios.Where(x => x.Id == Help.LeerregioId).Select(x => x.Slug).SingleAsync()}/{id}";
        }
        if (Help.ReferredServiceId is { } sid)
        {
            ServiceName = await db.SmServices.Where(s => s.Id == sid).Select(s => s.Name).FirstOrDefaultAsync();
        }
        if (userId is not null)
        {
            var subject = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var mine = await Notifications.Notifications.Mine(db, userId).Where(n => n.SubjectType == nameof(HelpRequest) && n.SubjectId == subject)
                .OrderByDescending(n => n.Id).Take(20).ToListAsync();
            Messages = mine.Select(n => (Notifications.Notifications.Text(n, l), n.CreatedAt, n.ReadAt is null)).ToList();
            if (audit)
            {
                // Seeing them here is reading them: the unread count in the menu goes down.
                await Notifications.Notifications.MarkSubjectReadAsync(db, userId, nameof(HelpRequest), subject, time.GetUtcNow());
            }
        }
        return true;
    }
}
