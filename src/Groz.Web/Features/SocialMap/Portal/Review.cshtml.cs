using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.SocialMap.Portal;

/// <summary>The coordinator's desk: open suggestions, drafts, entries not checked for a long time, reminders, and who keeps which organisation's entries.</summary>
[Authorize]
public sealed class ReviewModel(GrozDbContext db, PortalCuration curation, PortalOptions options, TimeProvider time, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Row(Suggestion Suggestion, string? ServiceName, string SubmittedBy);

    public List<Leerregio> Managed { get; private set; } = [];
    public List<Row> Open { get; private set; } = [];
    public List<Service> Drafts { get; private set; } = [];
    public List<Service> Stale { get; private set; } = [];
    public List<KeyValuePair<string, string>> Organizations { get; private set; } = [];
    public int ReminderMonths => options.ReminderMonths;

    [BindProperty] public string? MemberEmail { get; set; }
    [BindProperty] public Guid? MemberOrganization { get; set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : StatusCode(StatusCodes.Status403Forbidden);

    public async Task<IActionResult> OnPostReviewAsync(Guid suggestionId, bool accept, string? note)
    {
        var result = await curation.ReviewAsync(User, suggestionId, accept, note, HttpContext.RequestAborted);
        if (result.Status == 404)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            TempData["Message"] = result.Message;
            return Redirect("/wijkportaal/beoordelen");
        }
        var s = result.Value!;
        if (accept && s.Kind == SuggestionKind.NewEntry)
        {
            TempData["Message"] = l["Accepted. The new entry is a draft: complete it and publish it."].Value;
            return Redirect($"/wijkportaal/dienst/{s.ServiceId}/bewerken");
        }
        TempData["Message"] = accept ? l["Accepted and applied."].Value : l["Rejected."].Value;
        return Redirect("/wijkportaal/beoordelen");
    }

    public async Task<IActionResult> OnPostRemindersAsync(int leerregioId)
    {
        if (!User.CanManage(leerregioId))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var report = await curation.SendRemindersAsync(leerregioId, $"{Request.Scheme}://{Request.Host}", HttpContext.RequestAborted);
        await audit.WriteAsync("socialmap.reminders-sent", "leerregio", leerregioId.ToString(CultureInfo.InvariantCulture), leerregioId,
            $"entries {report.Entries}, mails {report.Mails}", ct: HttpContext.RequestAborted);
        TempData["Message"] = string.Format(CultureInfo.CurrentCulture, l["Reminders sent: {0} entries, {1} e-mails."], report.Entries, report.Mails);
        return Redirect("/wijkportaal/beoordelen");
    }

    public async Task<IActionResult> OnPostMemberAsync()
    {
        if (MemberOrganization is not { } org)
        {
            ModelState.AddModelError(nameof(MemberOrganization), l["Choose an organisation."]);
        }
        else
        {
            var result = await curation.AddMemberAsync(User, org, MemberEmail, HttpContext.RequestAborted);
            if (result.Succeeded)
            {
                TempData["Message"] = l["Done: this member can now keep the organisation's entries up to date (with the Professional role)."].Value;
                return Redirect("/wijkportaal/beoordelen");
            }
            ModelState.AddModelError(result.Field == "Email" ? nameof(MemberEmail) : nameof(MemberOrganization), result.Message ?? "");
        }
        return await LoadAsync() ? Page() : StatusCode(StatusCodes.Status403Forbidden);
    }

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var all = await db.Leerregios.AsNoTracking().OrderBy(x => x.Name).ToListAsync(ct);
        Managed = all.Where(x => User.CanManage(x.Id)).ToList();
        if (Managed.Count == 0)
        {
            return false;
        }
        var ids = Managed.Select(x => x.Id).ToList();
        var open = await db.SmSuggestions.AsNoTracking().Where(s => ids.Contains(s.LeerregioId) && s.Status == SuggestionStatus.Open)
            .OrderBy(s => s.SubmittedAt).Take(200).ToListAsync(ct);
        var serviceIds = open.Select(s => s.ServiceId).Where(x => x is not null).ToList();
        var names = await db.SmServices.Where(s => serviceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var userIds = open.Select(s => s.SubmittedByUserId).Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        Open = open.Select(s => new Row(s, s.ServiceId is { } id ? names.GetValueOrDefault(id) : null, users.GetValueOrDefault(s.SubmittedByUserId) ?? "")).ToList();
        Drafts = await db.SmServices.AsNoTracking().Where(s => ids.Contains(s.LeerregioId) && s.Publication == Publication.Draft).OrderBy(s => s.Name).Take(200).ToListAsync(ct);
        var due = time.GetUtcNow().AddMonths(-options.ReminderMonths);
        Stale = await db.SmServices.AsNoTracking().Where(s => ids.Contains(s.LeerregioId) && s.Publication == Publication.Published && (s.LastCheckedAt ?? s.CreatedAt) <= due)
            .OrderBy(s => s.LastCheckedAt ?? s.CreatedAt).Take(100).ToListAsync(ct);
        Organizations = [.. (await db.SmOrganizations.AsNoTracking().Where(o => ids.Contains(o.LeerregioId)).OrderBy(o => o.Name).Take(2000)
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => new KeyValuePair<string, string>(o.Id.ToString(), o.Name))];
        return true;
    }
}
