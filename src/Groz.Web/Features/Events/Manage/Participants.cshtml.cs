using System.Globalization;
using Groz.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events.Manage;

/// <summary>The participant list of one date, with check-in at the door and entering someone without an account.</summary>
[Authorize]
public sealed class ParticipantsModel(GrozDbContext db, Registrations registrations, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed record Row(EventRegistration Registration, string Name, string? Contact);

    public sealed class InputModel
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        /// <summary>A walk-in at the door: checked in at once, also after the start (<see cref="Registrations.WalkInAsync"/>).</summary>
        public bool Present { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Op { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public Event Event { get; private set; } = null!;
    public DateTimeOffset Date { get; private set; }
    public List<KeyValuePair<string, string>> Dates { get; private set; } = [];
    public List<Row> Rows { get; private set; } = [];

    private async Task<bool> LoadAsync()
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id && db.Leerregios.Any(l => l.Id == x.LeerregioId && l.Slug == Slug));
        if (e is null || !await Registrations.CanManageAsync(db, User, e))
        {
            return false;
        }
        Event = e;
        var now = time.GetUtcNow();
        // Dates with registrations, and the coming ones: the organiser picks today's at the door.
        var withRegistrations = await db.EventOccurrences.Where(o => o.EventId == e.Id).Select(o => o.StartsAt).ToListAsync();
        var dates = withRegistrations.Concat(e.RecurrenceRule is null ? [e.StartsAt] : Recurrence.Occurrences(e, now.AddDays(-1), now.AddDays(EventListing.MaxDays), 8))
            .Distinct().Order().ToList();
        Dates = dates.Select(d => new KeyValuePair<string, string>(EventPages.Ticks(d), EventPages.Span(d, d + e.Duration))).ToList();
        Date = EventPages.FromTicks(Op) is { } chosen && dates.Contains(chosen) ? chosen : dates.FirstOrDefault(d => d + e.Duration > now, dates.LastOrDefault(e.StartsAt));
        Op = EventPages.Ticks(Date);
        var rows = await db.EventRegistrations.AsNoTracking().Where(r => r.EventId == e.Id && r.OccurrenceStartsAt == Date)
            .OrderBy(r => r.Status == RegistrationStatus.Waitlisted).ThenBy(r => r.WaitlistPosition).ThenBy(r => r.Id)
            .Select(r => new { R = r, User = db.Users.Where(u => u.Id == r.UserId).Select(u => new { u.DisplayName, u.Email, u.PhoneNumber }).FirstOrDefault() })
            .ToListAsync();
        Rows = rows.Select(x => new Row(x.R, x.R.GuestName ?? x.User?.DisplayName ?? "?",
            x.R.GuestEmail ?? x.R.GuestPhone ?? x.User?.Email)).ToList();
        return true;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    /// <summary>The list as a file: this date (op), or every date without op.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format)
    {
        var all = EventPages.FromTicks(Op) is null;
        if (!await LoadAsync())
        {
            return NotFound();
        }
        format = format == "xlsx" ? "xlsx" : "csv";
        DateTimeOffset? date = all ? null : Date;
        var lines = await RegistrationExport.LinesAsync(db, Event, date, l, HttpContext.RequestAborted);
        var name = RegistrationExport.FileName(Event, date, format);
        return format == "csv"
            ? File(RegistrationExport.Csv(lines, l, Infrastructure.Localization.IsDutch), TimeBank.StatementExport.CsvType, name)
            : File(await RegistrationExport.XlsxAsync(lines, l, HttpContext.RequestAborted), TimeBank.StatementExport.XlsxType, name);
    }

    public async Task<IActionResult> OnPostCheckInAsync(long registrationId, bool attended)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var outcome = await registrations.SetAttendanceAsync(User, registrationId, attended, HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError("", outcome.Message!);
            return Page();
        }
        return Redirect($"/beheer/activiteiten/{Slug}/{Id}/deelnemers?op={Op}");
    }

    public async Task<IActionResult> OnPostCancelAsync(long registrationId)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var outcome = await registrations.CancelAsync(User, registrationId, ct: HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError("", outcome.Message!);
            return Page();
        }
        TempData["Message"] = l["The registration has been cancelled."].Value;
        return Redirect($"/beheer/activiteiten/{Slug}/{Id}/deelnemers?op={Op}");
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        var outcome = Input.Present
            ? await registrations.WalkInAsync(User, Id, Date, Input.Name, Input.Email, Input.Phone, HttpContext.RequestAborted)
            : await registrations.RegisterAsync(User, Id, new RegistrationInput(Date, Input.Name, Input.Email, Input.Phone, AsGuest: true), ct: HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            EventPages.AddErrors(ModelState, outcome);
            return Page();
        }
        TempData["Message"] = string.Format(CultureInfo.CurrentCulture, Input.Present ? l["{0} has been checked in."] : l["{0} has been added."], outcome.Value!.Registration.GuestName);
        return Redirect($"/beheer/activiteiten/{Slug}/{Id}/deelnemers?op={Op}");
    }
}
