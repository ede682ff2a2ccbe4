using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.SocialMap;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

/// <summary>A question as typed on a form or sent to the API; all optional so that each missing field gets its own message.
/// The contact fields and <see cref="ProcessingConsent"/> are for a question entered on behalf of someone else.</summary>
public sealed record HelpInput(
    HelpCategory? Category, string? Description, string? HealthDetails, bool ShareHealthConsent,
    DateOnly? PreferredDate, TimeOnly? PreferredFrom, TimeOnly? PreferredUntil, ContactPreference? ContactPreference,
    string? ContactPhone, string? ContactEmail, int? WijkId, HelpUrgency? Urgency = null,
    string? ContactName = null, bool ProcessingConsent = false);

/// <summary>Who the actor is for one request: decides what they may see and do (need-to-know).</summary>
public sealed record HelpAccess(bool Resident, bool Staff, bool MatchedVolunteer, bool AskedVolunteer, bool EnteredBy)
{
    public bool Any => Resident || Staff || MatchedVolunteer || AskedVolunteer || EnteredBy;
    /// <summary>Volunteers see only what they need: first name, wijk, what and when; contact details once matched.</summary>
    public bool VolunteerOnly => !Resident && !Staff && !EnteredBy && (MatchedVolunteer || AskedVolunteer);
}

public sealed record VolunteerSuggestion(string UserId, string Name, int Score, bool CategoryMatch, int OffersMatching, int Accepted, int Declined, int ExchangesGiven, string Availability, int Expired = 0);

/// <summary>Raised inside a transaction when the request's status changed since it was read: the caller rolls back.</summary>
public sealed class HelpStatusChangedException : Exception
{
    public HelpStatusChangedException() : base("The help request changed meanwhile") { }
    public HelpStatusChangedException(string message) : base(message) { }
    public HelpStatusChangedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Every write of Hulpvragen that pages and the API share (like RecordTransfer for the Tijdbank). Each method checks on
/// the server who may do it, and a request the actor may not see "does not exist" (404) whatever its leerregio or wijk.
/// Status changes go through <see cref="MoveAsync"/>: allowed by <see cref="HelpFlow"/>, and a conditional UPDATE on the
/// status that was read, so of two people acting at once one wins and the other gets a clear 409.
/// Each write takes an optional callback that runs inside its transaction before the last save (the API's idempotency record).
/// </summary>
public sealed partial class HelpRequests(GrozDbContext db, TimeProvider time, AuditLog audit, Mailer mailer, Banks banks, RecordTransfer record,
    IHttpContextAccessor http, IStringLocalizer<SharedResource> l, ILogger<HelpRequests> logger)
{
    /// <summary>Version of the consent texts shown on the forms (resources "help.consent.*"); a new wording gets a new version.</summary>
    public const string ConsentTextVersion = "2026-11-v1";
    public const int MaxAsksAtOnce = 5;

    // ---- reading and access ----

    public HelpAccess AccessFor(ClaimsPrincipal actor, HelpRequest r, bool askedVolunteer)
    {
        var userId = actor.UserId();
        return new HelpAccess(
            Resident: userId is not null && r.ResidentUserId == userId,
            Staff: IsStaff(actor, r.LeerregioId, r.WijkId),
            MatchedVolunteer: userId is not null && r.MatchedVolunteerUserId == userId,
            AskedVolunteer: askedVolunteer,
            EnteredBy: userId is not null && r.EnteredByUserId == userId);
    }

    /// <summary>The wijk's buurtassistenten and the leerregio's coordinators (and administrators).</summary>
    public static bool IsStaff(ClaimsPrincipal actor, int leerregioId, int wijkId) =>
        actor.HasRole(GrozRole.Buurtassistent, leerregioId, wijkId) || actor.CanManage(leerregioId);

    /// <summary>May enter a question for someone else: the wijk's staff, and professionals of the leerregio.</summary>
    public static bool MayEnterOnBehalf(ClaimsPrincipal actor, int leerregioId, int wijkId) =>
        IsStaff(actor, leerregioId, wijkId) || actor.HasRole(GrozRole.Professional, leerregioId, wijkId);

    /// <summary>The request with the actor's access, or null when the actor may not know it exists.</summary>
    public async Task<(HelpRequest Request, HelpAccess Access)?> FindAsync(ClaimsPrincipal actor, int id, CancellationToken ct = default)
    {
        await ExpireAsksAsync(id, ct);
        var r = await db.HelpRequests.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return null;
        }
        var userId = actor.UserId();
        var asked = userId is not null && await db.HelpMatchAsks.AnyAsync(a => a.HelpRequestId == id && a.VolunteerUserId == userId
            && (a.Answer == AskAnswer.Pending || a.Answer == AskAnswer.Accepted), ct);
        var access = AccessFor(actor, r, asked);
        return access.Any ? (r, access) : null;
    }

    /// <summary>
    /// Opens a request for viewing: the same as <see cref="FindAsync"/>, and every view by someone other than the resident
    /// goes to the audit log (the resident reads those entries on "who looked at my request").
    /// </summary>
    public async Task<(HelpRequest Request, HelpAccess Access)?> ViewAsync(ClaimsPrincipal actor, int id, string via, CancellationToken ct = default)
    {
        var found = await FindAsync(actor, id, ct);
        if (found is { } f && !f.Access.Resident)
        {
            await audit.WriteAsync("helprequest.viewed", nameof(HelpRequest), id.ToString(CultureInfo.InvariantCulture), f.Request.LeerregioId, via, ct: ct);
        }
        return found;
    }

    public Task<bool> HealthConsentActiveAsync(int id, CancellationToken ct = default) =>
        db.HelpConsents.AnyAsync(c => c.HelpRequestId == id && c.Kind == HelpConsentKind.ShareHealthDetails && c.WithdrawnAt == null, ct);

    /// <summary>Health details for this viewer: staff and the resident always; the matched volunteer only while consent stands; nobody else.</summary>
    public async Task<string?> HealthDetailsForAsync(HelpRequest r, HelpAccess access, CancellationToken ct = default)
    {
        if (r.HealthDetails is null)
        {
            return null;
        }
        if (access.Resident || access.Staff || access.EnteredBy)
        {
            return r.HealthDetails;
        }
        return access.MatchedVolunteer && await HealthConsentActiveAsync(r.Id, ct) ? r.HealthDetails : null;
    }

    public static string FirstName(string name) => name.Trim().Split(' ', 2)[0];

    // ---- asking ----

    /// <summary>A resident asks for help for themselves.</summary>
    public async Task<Outcome<HelpRequest>> AskAsync(ClaimsPrincipal actor, HelpInput input, Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var userId = actor.UserId();
        var user = userId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.ErasedAt == null, ct);
        if (user?.LeerregioId is not { } leerregioId)
        {
            return Outcome<HelpRequest>.Fail("not-a-member", "", l["You are not a member of a leerregio yet. Choose your wijk in your account first."], 403);
        }
        var errors = await ValidateAsync(input, leerregioId, onBehalf: false, ct);
        if (errors.Count > 0)
        {
            return Outcome<HelpRequest>.Invalid(errors);
        }
        var r = await NewRequestAsync(input, leerregioId, userId!, ct);
        r.ResidentUserId = userId;
        r.ContactName = user.DisplayName;
        r.ContactEmail = input.ContactPreference == ContactPreference.Email ? Clean(input.ContactEmail) ?? user.Email : Clean(input.ContactEmail);
        return await CreateAsync(r, input, onBehalf: false, inTransaction, ct);
    }

    /// <summary>A buurtassistent, coordinator or professional enters a question after a phone call or a visit, recording the resident's consent.</summary>
    public async Task<Outcome<HelpRequest>> EnterOnBehalfAsync(ClaimsPrincipal actor, int leerregioId, HelpInput input, Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var userId = actor.UserId()!;
        if (input.WijkId is { } w && await db.Wijken.AnyAsync(x => x.Id == w && x.LeerregioId == leerregioId, ct) && !MayEnterOnBehalf(actor, leerregioId, w))
        {
            return Outcome<HelpRequest>.Fail("not-allowed", "WijkId", l["You cannot enter questions for this wijk."], 403);
        }
        if (!actor.CanManage(leerregioId) && !actor.Grants().Any(g => g.LeerregioId == leerregioId && g.Role is GrozRole.Buurtassistent or GrozRole.Professional))
        {
            return Outcome<HelpRequest>.Fail("not-allowed", "", l["You cannot enter questions for this wijk."], 403);
        }
        var errors = await ValidateAsync(input, leerregioId, onBehalf: true, ct);
        if (errors.Count > 0)
        {
            return Outcome<HelpRequest>.Invalid(errors);
        }
        var r = await NewRequestAsync(input, leerregioId, userId, ct);
        r.EnteredOnBehalf = true;
        r.ContactName = input.ContactName!.Trim();
        r.ContactEmail = Clean(input.ContactEmail);
        return await CreateAsync(r, input, onBehalf: true, inTransaction, ct);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>How to reach the asker: the same rules for a help question and a vitaal werken question.</summary>
    internal static void ValidateContact(ContactPreference? preference, string? phone, string? email, Dictionary<string, string> errors, IStringLocalizer l)
    {
        if (preference is not { } pref || !Enum.IsDefined(pref))
        {
            errors["ContactPreference"] = l["Choose how we can reach you."];
        }
        phone = phone?.Trim();
        if (!string.IsNullOrEmpty(phone) && (phone.Length > HelpRequest.MaxPhone || !phone.All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')')))
        {
            errors["ContactPhone"] = l["Fill in a phone number with digits only, for example 06 12345678."];
        }
        else if (preference == ContactPreference.Phone && string.IsNullOrEmpty(phone))
        {
            errors["ContactPhone"] = l["Fill in a phone number, or choose another way to reach you."];
        }
        email = email?.Trim();
        if (!string.IsNullOrEmpty(email) && (email.Length > HelpRequest.MaxEmail || !System.Net.Mail.MailAddress.TryCreate(email, out _)))
        {
            errors["ContactEmail"] = l["Fill in an e-mail address like name@example.nl."];
        }
    }

    private async Task<Dictionary<string, string>> ValidateAsync(HelpInput input, int leerregioId, bool onBehalf, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (input.Category is not { } category || !Enum.IsDefined(category))
        {
            errors["Category"] = l["Choose what you need help with."];
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length == 0 || description.Length > HelpRequest.MaxDescription)
        {
            errors["Description"] = l["Tell in a few sentences what you need (at most 2000 characters)."];
        }
        if (input.HealthDetails is { } health && health.Trim().Length > HelpRequest.MaxHealthDetails)
        {
            errors["HealthDetails"] = l["Health details can be at most 1000 characters."];
        }
        if (!string.IsNullOrWhiteSpace(input.HealthDetails) && !input.ShareHealthConsent && !onBehalf)
        {
            // Without consent we do not keep them at all: nobody could be told them anyway.
            errors["ShareHealthConsent"] = l["Tick that we may share your health details with the volunteer, or leave them out."];
        }
        if (input.WijkId is not { } wijkId || !await db.Wijken.AnyAsync(w => w.Id == wijkId && w.LeerregioId == leerregioId, ct))
        {
            errors["WijkId"] = l["Choose a wijk of your leerregio."];
        }
        if (input.Urgency is { } u && !Enum.IsDefined(u))
        {
            errors["Urgency"] = l["Choose how urgent it is."];
        }
        var today = DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow()));
        if (input.PreferredDate is { } date && (date < today || date > today.AddYears(1)))
        {
            errors["PreferredDate"] = l["Choose a day from today until one year ahead."];
        }
        if (input.PreferredFrom is { } from && input.PreferredUntil is { } until && until <= from)
        {
            errors["PreferredUntil"] = l["The end time must be after the start time."];
        }
        ValidateContact(input.ContactPreference, input.ContactPhone, input.ContactEmail, errors, l);
        if (onBehalf && input.ContactPreference == ContactPreference.Email && string.IsNullOrWhiteSpace(input.ContactEmail) && !errors.ContainsKey("ContactEmail"))
        {
            errors["ContactEmail"] = l["Fill in an e-mail address, or choose another way to reach the resident."];
        }
        if (onBehalf)
        {
            if (input.ContactPreference == ContactPreference.Platform)
            {
                errors["ContactPreference"] = l["The resident has no account here: choose phone or e-mail."];
            }
            var name = input.ContactName?.Trim() ?? "";
            if (name.Length == 0 || name.Length > HelpRequest.MaxName)
            {
                errors["ContactName"] = l["Fill in the resident's name (at most 100 characters)."];
            }
            if (!input.ProcessingConsent)
            {
                errors["ProcessingConsent"] = l["Ask the resident for consent and tick the box: without it the question cannot be stored."];
            }
        }
        return errors;
    }

    private async Task<HelpRequest> NewRequestAsync(HelpInput input, int leerregioId, string enteredBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var urgency = input.Urgency ?? HelpUrgency.Normal;
        var (firstResponse, match) = await TargetsAsync(leerregioId, urgency, ct);
        return new HelpRequest
        {
            LeerregioId = leerregioId, WijkId = input.WijkId!.Value, Category = input.Category!.Value, Urgency = urgency,
            Description = input.Description!.Trim(),
            HealthDetails = string.IsNullOrWhiteSpace(input.HealthDetails) ? null : input.HealthDetails.Trim(),
            PreferredDate = input.PreferredDate, PreferredFrom = input.PreferredFrom, PreferredUntil = input.PreferredUntil,
            ContactPreference = input.ContactPreference!.Value, ContactPhone = Clean(input.ContactPhone), ContactName = "",
            EnteredByUserId = enteredBy, Status = HelpStatus.New, CreatedAt = now, UpdatedAt = now,
            FirstResponseDueAt = now.AddMinutes(firstResponse), MatchDueAt = now.AddMinutes(match),
        };
    }

    private async Task<Outcome<HelpRequest>> CreateAsync(HelpRequest r, HelpInput input, bool onBehalf, Func<HelpRequest, Task>? inTransaction, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.HelpRequests.Add(r);
        await db.SaveChangesAsync(ct);
        var by = r.EnteredByUserId;
        if (onBehalf)
        {
            db.HelpConsents.Add(new HelpConsent { HelpRequestId = r.Id, LeerregioId = r.LeerregioId, Kind = HelpConsentKind.Processing, TextVersion = ConsentTextVersion, GivenAt = r.CreatedAt, GivenByUserId = by });
        }
        if (r.HealthDetails is not null && input.ShareHealthConsent)
        {
            db.HelpConsents.Add(new HelpConsent { HelpRequestId = r.Id, LeerregioId = r.LeerregioId, Kind = HelpConsentKind.ShareHealthDetails, TextVersion = ConsentTextVersion, GivenAt = r.CreatedAt, GivenByUserId = by });
        }
        db.HelpStatusChanges.Add(new HelpStatusChange { HelpRequestId = r.Id, LeerregioId = r.LeerregioId, From = null, To = HelpStatus.New, At = r.CreatedAt, ByUserId = by });
        await NotifyStaffAsync(r, "help.new", "notify.help.new", by, ct, await HelpPages.WijkNameAsync(db, r.WijkId));
        if (inTransaction is not null)
        {
            await inTransaction(r);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (onBehalf)
        {
            await audit.WriteAsync("helprequest.entered-on-behalf", nameof(HelpRequest), r.Id.ToString(CultureInfo.InvariantCulture), r.LeerregioId, ct: ct);
        }
        return Outcome<HelpRequest>.Ok(r);
    }

    // ---- settings and targets ----

    public async Task<HelpRequestSettings> SettingsAsync(int leerregioId, CancellationToken ct = default)
    {
        var settings = await db.HelpSettings.Include(s => s.Targets).FirstOrDefaultAsync(s => s.LeerregioId == leerregioId, ct);
        if (settings is not null)
        {
            return settings;
        }
        settings = new HelpRequestSettings { LeerregioId = leerregioId };
        foreach (var (urgency, first, match) in HelpTarget.Defaults)
        {
            settings.Targets.Add(new HelpTarget { LeerregioId = leerregioId, Urgency = urgency, FirstResponseMinutes = first, MatchMinutes = match });
        }
        db.HelpSettings.Add(settings);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Made by a parallel request a moment ago (unique index on the leerregio).
            db.ChangeTracker.Clear();
            settings = await db.HelpSettings.Include(s => s.Targets).SingleAsync(s => s.LeerregioId == leerregioId, ct);
        }
        return settings;
    }

    public async Task<(int FirstResponse, int Match)> TargetsAsync(int leerregioId, HelpUrgency urgency, CancellationToken ct = default)
    {
        var settings = await SettingsAsync(leerregioId, ct);
        var target = settings.Targets.FirstOrDefault(t => t.Urgency == urgency);
        var fallback = HelpTarget.Defaults.First(d => d.Urgency == urgency);
        return (target?.FirstResponseMinutes ?? fallback.FirstResponse, target?.MatchMinutes ?? fallback.Match);
    }

    // ---- the status machine ----

    private Outcome<HelpRequest> NotFound() => Outcome<HelpRequest>.Fail("unknown-request", "", l["This help request does not exist."], 404);

    private Outcome<HelpRequest> NotAllowed() => Outcome<HelpRequest>.Fail("not-allowed", "", l["You cannot do this for this help request."], 403);

    private Outcome<HelpRequest> Changed() => Outcome<HelpRequest>.Fail("status-changed", "", l["Someone else changed this help request just now. Look at it again."], 409);

    private Outcome<HelpRequest> Jump(HelpStatus from, HelpStatus to) => Outcome<HelpRequest>.Fail("invalid-transition", "",
        string.Format(CultureInfo.CurrentCulture, l["This step is not possible now: the request is '{0}', and '{1}' cannot follow that."], StatusName(from), StatusName(to)), 409);

    public string StatusName(HelpStatus s) => l["help.status." + s];

    /// <summary>
    /// Moves a request one allowed step, as one conditional UPDATE on the status that was read (in the caller's
    /// transaction), and records the step. False when the status changed meanwhile.
    /// </summary>
    private async Task<bool> MoveAsync(HelpRequest r, HelpStatus to, string? byUserId, Action<UpdateSettersBuilder<HelpRequest>>? also, CancellationToken ct)
    {
        if (!HelpFlow.Allowed(r.Status, to))
        {
            throw new InvalidOperationException($"{r.Status} → {to} is not an allowed step");
        }
        var now = time.GetUtcNow();
        var from = r.Status;
        var changed = await db.HelpRequests.Where(x => x.Id == r.Id && x.Status == from).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(x => x.Status, to);
            s.SetProperty(x => x.UpdatedAt, now);
            also?.Invoke(s);
        }, ct);
        if (changed == 0)
        {
            return false;
        }
        db.HelpStatusChanges.Add(new HelpStatusChange { HelpRequestId = r.Id, LeerregioId = r.LeerregioId, From = from, To = to, At = now, ByUserId = byUserId });
        r.Status = to;
        return true;
    }

    /// <summary>One step in its own transaction, with the caller's extra rows and the idempotency callback.</summary>
    private async Task<Outcome<HelpRequest>> StepAsync(ClaimsPrincipal actor, int id, HelpStatus to, Func<HelpRequest, HelpAccess, Outcome<HelpRequest>?> check,
        Action<UpdateSettersBuilder<HelpRequest>>? also, Func<HelpRequest, Task>? extra, Func<HelpRequest, Task>? inTransaction, CancellationToken ct)
    {
        if (await FindAsync(actor, id, ct) is not { } found)
        {
            return NotFound();
        }
        var (r, access) = found;
        if (check(r, access) is { } refused)
        {
            return refused;
        }
        if (!HelpFlow.Allowed(r.Status, to))
        {
            return Jump(r.Status, to);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await MoveAsync(r, to, actor.UserId(), also, ct))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Changed();
        }
        if (extra is not null)
        {
            await extra(r);
        }
        var fresh = await db.HelpRequests.AsNoTracking().SingleAsync(x => x.Id == id, ct);
        if (inTransaction is not null)
        {
            await inTransaction(fresh);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<HelpRequest>.Ok(fresh);
    }

    private Outcome<HelpRequest>? StaffOnly(HelpRequest r, HelpAccess a) => a.Staff ? null : NotAllowed();

    /// <summary>Triage: a buurtassistent accepts the question, with its category and urgency (deadlines follow the urgency).</summary>
    public async Task<Outcome<HelpRequest>> TriageAsync(ClaimsPrincipal actor, int id, HelpCategory? category, HelpUrgency? urgency,
        Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        if (category is not { } c || !Enum.IsDefined(c))
        {
            errors["Category"] = l["Choose what you need help with."];
        }
        if (urgency is not { } u || !Enum.IsDefined(u))
        {
            errors["Urgency"] = l["Choose how urgent it is."];
        }
        if (errors.Count > 0)
        {
            return Outcome<HelpRequest>.Invalid(errors);
        }
        var row = await db.HelpRequests.Where(x => x.Id == id).Select(x => new { x.LeerregioId, x.CreatedAt }).FirstOrDefaultAsync(ct);
        var (first, match) = row is null ? (0, 0) : await TargetsAsync(row.LeerregioId, urgency!.Value, ct);
        var createdAt = row?.CreatedAt ?? default;
        var now = time.GetUtcNow();
        var userId = actor.UserId();
        return await StepAsync(actor, id, HelpStatus.Triaged, StaffOnly, s =>
        {
            s.SetProperty(x => x.Category, category!.Value);
            s.SetProperty(x => x.Urgency, urgency!.Value);
            s.SetProperty(x => x.AssistantUserId, userId);
            s.SetProperty(x => x.FirstResponseAt, x => x.FirstResponseAt ?? now);
            s.SetProperty(x => x.FirstResponseDueAt, createdAt.AddMinutes(first));
            s.SetProperty(x => x.MatchDueAt, createdAt.AddMinutes(match));
        }, r => NotifyResidentAsync(r, "help.triaged", "notify.help.triaged", userId), inTransaction, ct);
    }

    public async Task<Outcome<HelpRequest>> AddNoteAsync(ClaimsPrincipal actor, int id, string? text, Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        if (await FindAsync(actor, id, ct) is not { } found)
        {
            return NotFound();
        }
        if (!found.Access.Staff)
        {
            return NotAllowed();
        }
        var clean = text?.Trim() ?? "";
        if (clean.Length == 0 || clean.Length > HelpNote.MaxText)
        {
            return Outcome<HelpRequest>.Fail("validation", "Text", l["Write a note (at most 2000 characters)."]);
        }
        db.HelpNotes.Add(new HelpNote { HelpRequestId = id, LeerregioId = found.Request.LeerregioId, AuthorUserId = actor.UserId()!, Text = clean, CreatedAt = time.GetUtcNow() });
        if (inTransaction is not null)
        {
            await inTransaction(found.Request);
        }
        await db.SaveChangesAsync(ct);
        return Outcome<HelpRequest>.Ok(found.Request);
    }

    /// <summary>Private notes: only for the wijk's assistants and the leerregio's coordinators. Reading them is a view of personal data.</summary>
    public async Task<List<(HelpNote Note, string Author)>?> NotesAsync(ClaimsPrincipal actor, int id, CancellationToken ct = default)
    {
        if (await FindAsync(actor, id, ct) is not { Access.Staff: true })
        {
            return null;
        }
        var rows = await (from n in db.HelpNotes.AsNoTracking()
                          where n.HelpRequestId == id
                          join u in db.Users on n.AuthorUserId equals u.Id
                          orderby n.Id
                          select new { n, u.DisplayName }).ToListAsync(ct);
        return rows.Select(x => (x.n, x.DisplayName)).ToList();
    }

    /// <summary>Refer to a published service of the Wijkportaal of the same leerregio.</summary>
    public async Task<Outcome<HelpRequest>> ReferAsync(ClaimsPrincipal actor, int id, Guid? serviceId, Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var leerregioId = await db.HelpRequests.Where(x => x.Id == id).Select(x => (int?)x.LeerregioId).FirstOrDefaultAsync(ct);
        var exists = serviceId is { } sid && leerregioId is { } lr
            && await db.SmServices.AnyAsync(s => s.Id == sid && s.LeerregioId == lr && s.Publication == Publication.Published, ct);
        return await StepAsync(actor, id, HelpStatus.Referred, (r, a) => a.Staff
                ? exists ? null : Outcome<HelpRequest>.Fail("unknown-service", "ServiceId", l["Choose a published service of the Wijkportaal of this leerregio."])
                : NotAllowed(),
            s => s.SetProperty(x => x.ReferredServiceId, serviceId), r => NotifyResidentAsync(r, "help.referred", "notify.help.referred", actor.UserId()), inTransaction, ct);
    }

    // ---- matching ----

    private static readonly Dictionary<HelpCategory, string[]> Keywords = new()
    {
        [HelpCategory.Groceries] = ["boodschap", "winkel", "grocer", "shopping"],
        [HelpCategory.Transport] = ["vervoer", "rijden", "auto", "brengen", "lift", "transport", "drive", "ride"],
        [HelpCategory.OddJobs] = ["klus", "tuin", "repar", "schilder", "odd job", "garden", "repair", "fix"],
        [HelpCategory.Company] = ["gezelschap", "koffie", "bezoek", "praat", "wandel", "company", "visit", "coffee", "talk"],
        [HelpCategory.DigitalHelp] = ["computer", "telefoon", "tablet", "digi", "internet", "laptop", "phone", "smartphone"],
        [HelpCategory.Paperwork] = ["formulier", "administratie", "papier", "brief", "belasting", "post", "paperwork", "forms", "letter", "tax"],
        [HelpCategory.Exercise] = ["beweg", "sport", "wandel", "fiets", "yoga", "gym", "exercise", "walk", "cycl"],
        [HelpCategory.Other] = [],
    };

    public static string ThemeOf(HelpCategory c) => c == HelpCategory.Exercise ? "leefstijl" : "zorg-voor-elkaar";

    /// <summary>
    /// Volunteers and Tijdbank members of the request's wijk, ranked: the categories they offer in Hulpvragen, their open
    /// Tijdbank offers about the same thing, their interests, and past reliability (asks accepted against declined or let
    /// expire, exchanges in which they gave help). Only staff of the wijk gets suggestions.
    /// </summary>
    public async Task<List<VolunteerSuggestion>?> SuggestAsync(ClaimsPrincipal actor, int id, int max = 10, CancellationToken ct = default)
    {
        if (await FindAsync(actor, id, ct) is not { Access.Staff: true } found)
        {
            return null;
        }
        var r = found.Request;
        var candidates = await CandidatesInWijk(r).Select(u => new { u.Id, u.DisplayName, u.Interests }).Take(500).ToListAsync(ct);
        var ids = candidates.Select(c => c.Id).ToList();
        var alreadyAsked = await db.HelpMatchAsks.Where(a => a.HelpRequestId == id).Select(a => a.VolunteerUserId).ToListAsync(ct);
        var profiles = await db.HelpVolunteerProfiles.AsNoTracking().Where(p => p.LeerregioId == r.LeerregioId && ids.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);
        var offers = await db.Offers.AsNoTracking()
            .Where(o => o.LeerregioId == r.LeerregioId && o.Kind == OfferKind.Offer && o.Status == OfferStatus.Open && ids.Contains(o.OwnerUserId))
            .Select(o => new { o.OwnerUserId, o.Title, o.Description, o.Theme }).ToListAsync(ct);
        var asks = await db.HelpMatchAsks.Where(a => ids.Contains(a.VolunteerUserId))
            .GroupBy(a => a.VolunteerUserId)
            .Select(g => new { g.Key, Accepted = g.Count(a => a.Answer == AskAnswer.Accepted), Declined = g.Count(a => a.Answer == AskAnswer.Declined), Expired = g.Count(a => a.Answer == AskAnswer.Expired) })
            .ToDictionaryAsync(x => x.Key, ct);
        var given = await (from t in db.Transfers
                           where t.LeerregioId == r.LeerregioId && t.Kind == TransferKind.Exchange && t.Status == TransferStatus.Completed
                           join a in db.TimeAccounts on t.ToAccountId equals a.Id
                           where a.UserId != null && ids.Contains(a.UserId)
                           group t by a.UserId into g
                           select new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key!, x => x.Count, ct);
        var words = Keywords[r.Category];
        var theme = ThemeOf(r.Category);
        var bit = 1 << (int)r.Category;
        var list = new List<VolunteerSuggestion>();
        foreach (var c in candidates.Where(c => !alreadyAsked.Contains(c.Id)))
        {
            var profile = profiles.GetValueOrDefault(c.Id);
            if (profile is { Active: false })
            {
                continue;
            }
            var categoryMatch = profile is not null && (profile.Categories & bit) != 0;
            var matching = offers.Count(o => o.OwnerUserId == c.Id
                && words.Any(w => o.Title.Contains(w, StringComparison.OrdinalIgnoreCase) || o.Description.Contains(w, StringComparison.OrdinalIgnoreCase)));
            var interest = c.Interests.Split(',').Contains(theme);
            var (accepted, declined, expired) = asks.TryGetValue(c.Id, out var s) ? (s.Accepted, s.Declined, s.Expired) : (0, 0, 0);
            var exchanges = given.GetValueOrDefault(c.Id);
            // Reliability counts, but never outweighs doing the right kind of help: at most 4 points against 5 for the category.
            var reliability = Math.Clamp(Reliability(accepted, declined, expired, exchanges), -4, 4);
            var score = (categoryMatch ? 5 : 0) + Math.Min(matching, 2) * 2 + (interest ? 1 : 0) + reliability
                + (HelpVolunteering.DayFits(profile, r.PreferredDate) ? 1 : 0);
            list.Add(new VolunteerSuggestion(c.Id, c.DisplayName, score, categoryMatch, matching, accepted, declined, exchanges, profile?.Availability ?? "", expired));
        }
        return list.OrderByDescending(x => x.Score).ThenBy(x => x.Name, StringComparer.Ordinal).Take(max).ToList();
    }

    /// <summary>
    /// Who may be asked: volunteering in the request's wijk (one of the wijken of an active Hulpvragen profile, or without a
    /// profile the home wijk; a paused profile is asked nothing), and a volunteer (role), a Tijdbank member or someone with
    /// an active profile in the leerregio; never the resident themselves.
    /// </summary>
    private IQueryable<GrozUser> CandidatesInWijk(HelpRequest r) =>
        db.Users.AsNoTracking().Where(u => u.ErasedAt == null && u.EmailConfirmed && u.Id != r.ResidentUserId
            && (db.HelpVolunteerProfiles.Any(p => p.UserId == u.Id && p.LeerregioId == r.LeerregioId && p.Active
                    && (p.WijkId == r.WijkId || db.Set<HelpVolunteerWijk>().Any(w => w.ProfileId == p.Id && w.WijkId == r.WijkId)))
                // Without a profile the home wijk counts; with one, the wijken the volunteer chose there.
                || (u.WijkId == r.WijkId && !db.HelpVolunteerProfiles.Any(p => p.UserId == u.Id && p.LeerregioId == r.LeerregioId)))
            && (db.RoleAssignments.Any(g => g.UserId == u.Id && g.Role == GrozRole.Volunteer && g.LeerregioId == r.LeerregioId && (g.WijkId == null || g.WijkId == r.WijkId))
                || db.TimeAccounts.Any(a => a.UserId == u.Id && a.LeerregioId == r.LeerregioId && a.Kind == TimeAccountKind.Member)
                || db.HelpVolunteerProfiles.Any(p => p.UserId == u.Id && p.LeerregioId == r.LeerregioId && p.Active)));

    /// <summary>
    /// The assistant asks one or more volunteers of the wijk. Each gets an e-mail with a link bound to their ask (a random
    /// token; only its hash is stored), valid until the leerregio's expiry, and sees the ask in their inbox on /hulpvragen.
    /// </summary>
    public async Task<Outcome<HelpRequest>> AskVolunteersAsync(ClaimsPrincipal actor, int id, IReadOnlyList<string>? volunteerUserIds,
        Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        if (await FindAsync(actor, id, ct) is not { } found)
        {
            return NotFound();
        }
        var (r, access) = found;
        if (!access.Staff)
        {
            return NotAllowed();
        }
        var wanted = (volunteerUserIds ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct().ToList();
        if (wanted.Count == 0 || wanted.Count > MaxAsksAtOnce)
        {
            return Outcome<HelpRequest>.Fail("validation", "VolunteerUserIds", l["Choose one to five volunteers."]);
        }
        if (r.Status is not (HelpStatus.Triaged or HelpStatus.Asked))
        {
            return Jump(r.Status, HelpStatus.Asked);
        }
        var eligible = await CandidatesInWijk(r).Where(u => wanted.Contains(u.Id)).Select(u => new { u.Id, u.Email, u.DisplayName, u.PreferredCulture }).ToListAsync(ct);
        if (eligible.Count != wanted.Count)
        {
            var missing = wanted.Except(eligible.Select(e => e.Id)).ToList();
            // A paused volunteer is in the wijk all right; saying "not in the wijk" would send the assistant looking for the wrong cause.
            if (await db.HelpVolunteerProfiles.AnyAsync(p => missing.Contains(p.UserId) && p.LeerregioId == r.LeerregioId && !p.Active, ct))
            {
                return Outcome<HelpRequest>.Fail("volunteer-paused", "VolunteerUserIds", l["This volunteer has paused their help for now and cannot be asked."]);
            }
            return Outcome<HelpRequest>.Fail("volunteer-not-in-wijk", "VolunteerUserIds", l["You can only ask volunteers of the wijk of this request."]);
        }
        if (await db.HelpMatchAsks.AnyAsync(a => a.HelpRequestId == id && wanted.Contains(a.VolunteerUserId) && a.Answer == AskAnswer.Pending, ct))
        {
            return Outcome<HelpRequest>.Fail("already-asked", "VolunteerUserIds", l["This volunteer has already been asked and has not answered yet."], 409);
        }
        var settings = await SettingsAsync(r.LeerregioId, ct);
        var now = time.GetUtcNow();
        var tokens = new List<(HelpMatchAsk Ask, string Token, string Email, string Name)>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (r.Status == HelpStatus.Triaged && !await MoveAsync(r, HelpStatus.Asked, actor.UserId(), null, ct))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Changed();
        }
        if (r.Status == HelpStatus.Asked && await db.HelpRequests.Where(x => x.Id == id && x.Status == HelpStatus.Asked)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.UpdatedAt, now), ct) == 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Changed();
        }
        foreach (var v in eligible)
        {
            var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
            var ask = new HelpMatchAsk
            {
                HelpRequestId = id, LeerregioId = r.LeerregioId, VolunteerUserId = v.Id, AskedByUserId = actor.UserId()!, AskedAt = now,
                ExpiresAt = now.AddMinutes(settings.AskExpiryMinutes), TokenHash = Hash(token), Answer = AskAnswer.Pending,
            };
            db.HelpMatchAsks.Add(ask);
            tokens.Add((ask, token, v.Email!, v.DisplayName));
            await NotifyUserAsync(r, v.Id, "help.asked", "notify.help.asked", await HelpPages.WijkNameAsync(db, r.WijkId));
        }
        var fresh = await db.HelpRequests.AsNoTracking().SingleAsync(x => x.Id == id, ct);
        if (inTransaction is not null)
        {
            await inTransaction(fresh);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var (ask, token, email, name) in tokens)
        {
            await SendAsync(email, l["Can you help someone in your wijk?"], string.Format(CultureInfo.CurrentCulture, l["help.mail.ask"],
                name, CategoryName(r.Category), Link($"/hulpvragen/vraag/{ask.Id}?token={token}"), Link("/hulpvragen")), ct);
        }
        return Outcome<HelpRequest>.Ok(fresh);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public string CategoryName(HelpCategory c) => l["help.category." + c];

    /// <summary>An ask found by the token of its e-mail link: only while it is pending and not expired.</summary>
    public async Task<HelpMatchAsk?> AskByTokenAsync(int askId, string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = Hash(token);
        var ask = await db.HelpMatchAsks.AsNoTracking().FirstOrDefaultAsync(a => a.Id == askId && a.TokenHash == hash, ct);
        return ask is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ask.TokenHash), Encoding.ASCII.GetBytes(hash)) ? ask : null;
    }

    /// <summary>
    /// The volunteer answers an ask: signed in as that volunteer, or through the link of the e-mail (a token bound to this
    /// ask). Accepting matches the request — the first yes wins, the other open asks are withdrawn; declining the last open
    /// ask sends the request back to the assistant (Triaged).
    /// </summary>
    public async Task<Outcome<HelpRequest>> AnswerAskAsync(ClaimsPrincipal actor, int askId, bool accept, string? token,
        Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var ask = await db.HelpMatchAsks.AsNoTracking().FirstOrDefaultAsync(a => a.Id == askId, ct);
        var byToken = token is not null && ask is not null && await AskByTokenAsync(askId, token, ct) is not null;
        if (ask is null || (!byToken && ask.VolunteerUserId != actor.UserId()))
        {
            return Outcome<HelpRequest>.Fail("unknown-ask", "", l["This question for help does not exist, or the link is not right."], 404);
        }
        var now = time.GetUtcNow();
        if (ask.Answer != AskAnswer.Pending)
        {
            return Outcome<HelpRequest>.Fail("ask-answered", "", l["This question has already been answered, or someone else is helping already."], 409);
        }
        if (ask.ExpiresAt <= now)
        {
            await ExpireAsksAsync(ask.HelpRequestId, ct);
            return Outcome<HelpRequest>.Fail("ask-expired", "", l["This question has expired. The buurtassistent will look for someone else."], 410);
        }
        var r = await db.HelpRequests.AsNoTracking().SingleAsync(x => x.Id == ask.HelpRequestId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var answered = await db.HelpMatchAsks.Where(a => a.Id == askId && a.Answer == AskAnswer.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answer, accept ? AskAnswer.Accepted : AskAnswer.Declined).SetProperty(a => a.AnsweredAt, now), ct);
        if (answered == 0)
        {
            await tx.RollbackAsync(ct);
            return Outcome<HelpRequest>.Fail("ask-answered", "", l["This question has already been answered, or someone else is helping already."], 409);
        }
        var volunteer = ask.VolunteerUserId;
        if (accept)
        {
            if (r.Status != HelpStatus.Asked || !await MoveAsync(r, HelpStatus.Matched, volunteer, s =>
                {
                    s.SetProperty(x => x.MatchedVolunteerUserId, volunteer);
                    s.SetProperty(x => x.MatchedAt, now);
                }, ct))
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return Outcome<HelpRequest>.Fail("ask-answered", "", l["This question has already been answered, or someone else is helping already."], 409);
            }
            await db.HelpMatchAsks.Where(a => a.HelpRequestId == r.Id && a.Answer == AskAnswer.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answer, AskAnswer.Withdrawn).SetProperty(a => a.AnsweredAt, now), ct);
        }
        else if (r.Status == HelpStatus.Asked && !await db.HelpMatchAsks.AnyAsync(a => a.HelpRequestId == r.Id && a.Answer == AskAnswer.Pending, ct))
        {
            // Nobody left to answer: back to the assistant's queue. Losing this race to an accept is fine (the accept wins).
            await MoveAsync(r, HelpStatus.Triaged, volunteer, null, ct);
        }
        var volunteerName = await FirstNameOfAsync(volunteer, ct);
        if (accept)
        {
            await NotifyResidentAsync(r, "help.matched", "notify.help.matched", null, null, volunteerName);
        }
        await NotifyStaffAsync(r, accept ? "help.accepted" : "help.declined", accept ? "notify.help.accepted" : "notify.help.declined", null, ct, volunteerName);
        var fresh = await db.HelpRequests.AsNoTracking().SingleAsync(x => x.Id == r.Id, ct);
        if (inTransaction is not null)
        {
            await inTransaction(fresh);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await audit.WriteAsync(accept ? "helprequest.ask-accepted" : "helprequest.ask-declined", nameof(HelpRequest),
            r.Id.ToString(CultureInfo.InvariantCulture), r.LeerregioId, byToken ? "link" : "signed-in", volunteer, ct);
        if (accept && r.AssistantUserId is { } assistant && await db.Users.Where(u => u.Id == assistant).Select(u => u.Email).FirstOrDefaultAsync(ct) is { } mail)
        {
            await SendAsync(mail, l["A volunteer said yes"], string.Format(CultureInfo.CurrentCulture, l["help.mail.accepted"],
                r.Id, Link($"/beheer/hulpvragen/{await SlugAsync(r.LeerregioId, ct)}/{r.Id}")), ct);
        }
        return Outcome<HelpRequest>.Ok(fresh);
    }

    private Task<string> SlugAsync(int leerregioId, CancellationToken ct) =>
        db.Leerregios.Where(x => x.Id == leerregioId).Select(x => x.Slug).SingleAsync(ct);

    // ---- doing the help ----

    public Task<Outcome<HelpRequest>> StartAsync(ClaimsPrincipal actor, int id, Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default) =>
        StepAsync(actor, id, HelpStatus.InProgress, (r, a) => a.Staff || a.MatchedVolunteer ? null : NotAllowed(), null, null, inTransaction, ct);

    /// <summary>
    /// The help was given: InProgress → Done, optionally with the hours as a Tijdbank exchange written by RecordTransfer in
    /// the same transaction (the status UPDATE runs inside RecordTransfer's transaction: both happen or neither).
    /// Who pays follows the Tijdbank's own rules: the resident pays the volunteer; the volunteer asks the resident for the
    /// hours (the resident confirms in the Tijdbank); a coordinator records it for the resident, or grants it from the
    /// gemeenschapspot when the resident has no account. The resident then gets "Is het gelukt?".
    /// </summary>
    public async Task<Outcome<HelpRequest>> MarkDoneAsync(ClaimsPrincipal actor, int id, int? minutes, Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        if (await FindAsync(actor, id, ct) is not { } found)
        {
            return NotFound();
        }
        var (r, access) = found;
        if (!access.Staff && !access.MatchedVolunteer && !access.Resident)
        {
            return NotAllowed();
        }
        if (!HelpFlow.Allowed(r.Status, HelpStatus.Done))
        {
            return Jump(r.Status, HelpStatus.Done);
        }
        if (minutes is < 0 or > 24 * 60)
        {
            return Outcome<HelpRequest>.Fail("validation", "Minutes", l["Fill in the time spent: 0 to 24 hours."]);
        }
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var userId = actor.UserId();
        async Task DoneInTransactionAsync(long? transferId)
        {
            if (!await MoveAsync(r, HelpStatus.Done, userId, s =>
                {
                    s.SetProperty(x => x.DoneAt, now);
                    s.SetProperty(x => x.TransferId, transferId);
                    s.SetProperty(x => x.HelpedMinutes, minutes);
                    s.SetProperty(x => x.FollowUpTokenHash, Hash(token));
                    s.SetProperty(x => x.FollowUpSentAt, now);
                }, ct))
            {
                throw new HelpStatusChangedException();
            }
            // The resident hears that the help was given and gets the follow-up question in the inbox too (signed in, no token needed).
            await NotifyResidentAsync(r, "help.followup", "notify.help.followup", userId, $"/hulpvragen/{r.Id}/gelukt");
            if (inTransaction is not null)
            {
                await inTransaction(await db.HelpRequests.AsNoTracking().SingleAsync(x => x.Id == id, ct));
            }
        }
        try
        {
            if (minutes is > 0)
            {
                if (await TransferCommandAsync(actor, r, access, minutes.Value, ct) is not { } command)
                {
                    return Outcome<HelpRequest>.Fail("hours-not-possible", "Minutes",
                        l["You cannot record hours for this help. The volunteer, the resident or a coordinator can."], 403);
                }
                var result = await record.ExecuteAsync(actor, command, t => DoneInTransactionAsync(t.Id), ct);
                if (!result.Succeeded)
                {
                    return Outcome<HelpRequest>.Fail(result.Code!, "Minutes", result.Message!, result.Status);
                }
            }
            else
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await DoneInTransactionAsync(null);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
        }
        catch (HelpStatusChangedException)
        {
            db.ChangeTracker.Clear();
            return Changed();
        }
        var fresh = await db.HelpRequests.AsNoTracking().SingleAsync(x => x.Id == id, ct);
        await SendFollowUpAsync(fresh, token, ct);
        return Outcome<HelpRequest>.Ok(fresh);
    }

    private async Task<TransferCommand?> TransferCommandAsync(ClaimsPrincipal actor, HelpRequest r, HelpAccess access, int minutes, CancellationToken ct)
    {
        if (r.MatchedVolunteerUserId is not { } volunteerId || await db.Users.FirstOrDefaultAsync(u => u.Id == volunteerId, ct) is not { } volunteer)
        {
            return null;
        }
        var description = string.Format(CultureInfo.CurrentCulture, l["Help request {0}: {1}"], r.Id, CategoryName(r.Category));
        var theme = ThemeOf(r.Category);
        var to = await banks.MemberAccountAsync(volunteer, r.LeerregioId, ct);
        var resident = r.ResidentUserId is { } rid ? await db.Users.FirstOrDefaultAsync(u => u.Id == rid && u.ErasedAt == null, ct) : null;
        var from = resident is null ? null : await banks.MemberAccountAsync(resident, r.LeerregioId, ct);
        if (access.Resident && from is not null)
        {
            return new TransferCommand(TransferKind.Exchange, from.Id, [to.Id], minutes, description, Theme: theme);
        }
        if (access.MatchedVolunteer && from is not null)
        {
            return new TransferCommand(TransferKind.Exchange, from.Id, [to.Id], minutes, description, Theme: theme, PaymentRequest: true);
        }
        if (actor.CanManage(r.LeerregioId))
        {
            return from is not null
                ? new TransferCommand(TransferKind.Exchange, from.Id, [to.Id], minutes, description, Theme: theme)
                : new TransferCommand(TransferKind.Grant, (await banks.PoolAsync(r.LeerregioId, ct)).Id, [to.Id], minutes, description, Theme: theme);
        }
        return null;
    }

    private async Task SendFollowUpAsync(HelpRequest r, string token, CancellationToken ct)
    {
        var email = r.ContactEmail ?? (r.ResidentUserId is { } rid ? await db.Users.Where(u => u.Id == rid).Select(u => u.Email).FirstOrDefaultAsync(ct) : null);
        if (email is null)
        {
            // A resident without e-mail is called by the assistant, who records the answer.
            return;
        }
        await SendAsync(email, l["Is het gelukt?"], string.Format(CultureInfo.CurrentCulture, l["help.mail.followup"],
            FirstName(r.ContactName), Link($"/hulpvragen/{r.Id}/gelukt?token={token}")), ct);
    }

    /// <summary>"Is het gelukt?": the resident answers (signed in, or with the token of the e-mail), or the assistant records a phoned answer.</summary>
    public async Task<Outcome<HelpRequest>> AnswerFollowUpAsync(ClaimsPrincipal actor, int id, string? token, FollowUpAnswer? answer, string? comment,
        Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var r = await db.HelpRequests.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        var byToken = r?.FollowUpTokenHash is { } h && !string.IsNullOrEmpty(token) && token.Length <= 100 && h == Hash(token);
        var access = r is null ? null : AccessFor(actor, r, false);
        if (r is null || (!byToken && access is not { Resident: true } && access is not { Staff: true }))
        {
            return NotFound();
        }
        if (answer is not { } a || !Enum.IsDefined(a))
        {
            return Outcome<HelpRequest>.Fail("validation", "Answer", l["Choose yes, partly or no."]);
        }
        var text = comment?.Trim();
        if (text?.Length > HelpRequest.MaxDescription)
        {
            return Outcome<HelpRequest>.Fail("validation", "Comment", l["Your comment can be at most 2000 characters."]);
        }
        if (!HelpFlow.Allowed(r.Status, HelpStatus.FollowedUp))
        {
            return Jump(r.Status, HelpStatus.FollowedUp);
        }
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await MoveAsync(r, HelpStatus.FollowedUp, actor.UserId(), s =>
            {
                s.SetProperty(x => x.FollowUpAnswer, a);
                s.SetProperty(x => x.FollowUpComment, string.IsNullOrEmpty(text) ? null : text);
                s.SetProperty(x => x.FollowedUpAt, now);
                // The link answers once.
                s.SetProperty(x => x.FollowUpTokenHash, (string?)null);
            }, ct))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Changed();
        }
        await NotifyStaffAsync(r, "help.followed-up", "notify.help.followed-up", actor.UserId(), ct);
        var fresh = await db.HelpRequests.AsNoTracking().SingleAsync(x => x.Id == id, ct);
        if (inTransaction is not null)
        {
            await inTransaction(fresh);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<HelpRequest>.Ok(fresh);
    }

    /// <summary>The assistant closes the request with its outcome (after the follow-up, or straight from triage or a referral).</summary>
    public Task<Outcome<HelpRequest>> CloseAsync(ClaimsPrincipal actor, int id, HelpOutcome? outcome, Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        if (outcome is not { } o || !Enum.IsDefined(o))
        {
            return Task.FromResult(Outcome<HelpRequest>.Fail("validation", "Outcome", l["Choose how it ended."]));
        }
        var now = time.GetUtcNow();
        return StepAsync(actor, id, HelpStatus.Closed, StaffOnly, s =>
        {
            s.SetProperty(x => x.Outcome, o);
            s.SetProperty(x => x.ClosedAt, now);
            s.SetProperty(x => x.FirstResponseAt, x => x.FirstResponseAt ?? now);
        }, r => NotifyResidentAsync(r, "help.closed", "notify.help.closed", actor.UserId()), inTransaction, ct);
    }

    /// <summary>The resident (or the assistant for them) withdraws the question; open asks are withdrawn with it.</summary>
    public Task<Outcome<HelpRequest>> WithdrawAsync(ClaimsPrincipal actor, int id, Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        return StepAsync(actor, id, HelpStatus.Withdrawn, (r, a) => a.Resident || a.Staff ? null : NotAllowed(), s =>
        {
            s.SetProperty(x => x.Outcome, HelpOutcome.Withdrawn);
            s.SetProperty(x => x.ClosedAt, now);
        }, async r =>
        {
            // The volunteers who were asked or help hear that they are not needed any more; the assistants that it is off their list.
            var volunteers = await db.HelpMatchAsks.Where(a => a.HelpRequestId == r.Id && (a.Answer == AskAnswer.Pending || a.Answer == AskAnswer.Accepted))
                .Select(a => a.VolunteerUserId).ToListAsync(ct);
            await db.HelpMatchAsks.Where(a => a.HelpRequestId == r.Id && a.Answer == AskAnswer.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answer, AskAnswer.Withdrawn).SetProperty(a => a.AnsweredAt, now), ct);
            foreach (var v in volunteers.Distinct())
            {
                await NotifyUserAsync(r, v, "help.withdrawn", "notify.help.withdrawn-volunteer");
            }
            await NotifyStaffAsync(r, "help.withdrawn", "notify.help.withdrawn", actor.UserId(), ct);
        }, inTransaction, ct);
    }

    /// <summary>
    /// Withdraws the consent to share health details: from this moment the matched volunteer no longer sees them (every
    /// read checks the consent). The resident, or staff recording a withdrawal given by phone.
    /// </summary>
    public async Task<Outcome<HelpRequest>> WithdrawHealthConsentAsync(ClaimsPrincipal actor, int id, Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        if (await FindAsync(actor, id, ct) is not { } found)
        {
            return NotFound();
        }
        if (!found.Access.Resident && !found.Access.Staff)
        {
            return NotAllowed();
        }
        var now = time.GetUtcNow();
        var userId = actor.UserId();
        var changed = await db.HelpConsents.Where(c => c.HelpRequestId == id && c.Kind == HelpConsentKind.ShareHealthDetails && c.WithdrawnAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.WithdrawnAt, now).SetProperty(c => c.WithdrawnByUserId, userId), ct);
        if (changed == 0)
        {
            return Outcome<HelpRequest>.Fail("no-consent", "", l["There is no consent to withdraw."], 409);
        }
        if (inTransaction is not null)
        {
            await inTransaction(found.Request);
            await db.SaveChangesAsync(ct);
        }
        await audit.WriteAsync("helprequest.consent-withdrawn", nameof(HelpRequest), id.ToString(CultureInfo.InvariantCulture), found.Request.LeerregioId, ct: ct);
        return Outcome<HelpRequest>.Ok(found.Request);
    }

    // ---- lists ----

    /// <summary>
    /// The queue of one wijk (or all wijken of the leerregio the actor is staff of): open requests, those past a deadline
    /// first, then new before the rest, then oldest first. No personal data in the list; opening one is audited.
    /// </summary>
    public IQueryable<HelpRequest> Queue(ClaimsPrincipal actor, int leerregioId, int? wijkId, bool includeClosed = false)
    {
        var now = time.GetUtcNow();
        var wijken = StaffWijken(actor, leerregioId);
        var q = db.HelpRequests.AsNoTracking().Where(r => r.LeerregioId == leerregioId);
        if (wijken is not null)
        {
            q = q.Where(r => wijken.Contains(r.WijkId));
        }
        if (wijkId is { } w)
        {
            q = q.Where(r => r.WijkId == w);
        }
        if (!includeClosed)
        {
            var open = HelpFlow.Open.ToList();
            q = q.Where(r => open.Contains(r.Status));
        }
        return q.OrderByDescending(r => (r.FirstResponseAt == null && r.FirstResponseDueAt < now)
                || (r.MatchedAt == null && r.MatchDueAt < now && (r.Status == HelpStatus.Triaged || r.Status == HelpStatus.Asked)))
            .ThenByDescending(r => r.Status == HelpStatus.New)
            .ThenBy(r => r.FirstResponseDueAt).ThenBy(r => r.Id);
    }

    /// <summary>Null: every wijk of the leerregio (coordinators, leerregio-wide assistants); otherwise the wijken the actor assists.</summary>
    public static List<int>? StaffWijken(ClaimsPrincipal actor, int leerregioId)
    {
        if (actor.CanManage(leerregioId) || actor.Grants().Any(g => g.Role == GrozRole.Buurtassistent && g.LeerregioId == leerregioId && g.WijkId is null))
        {
            return null;
        }
        return actor.Grants().Where(g => g.Role == GrozRole.Buurtassistent && g.LeerregioId == leerregioId && g.WijkId is not null).Select(g => g.WijkId!.Value).ToList();
    }

    public static bool IsStaffOfLeerregio(ClaimsPrincipal actor, int leerregioId) =>
        actor.CanManage(leerregioId) || actor.Grants().Any(g => g.Role == GrozRole.Buurtassistent && g.LeerregioId == leerregioId);

    public bool IsOverdue(HelpRequest r) => IsOverdue(r.FirstResponseAt, r.FirstResponseDueAt, r.MatchedAt, r.MatchDueAt, r.Status);

    /// <summary>The same rule as the queue's sort key (<see cref="Queue"/>), for lines that carry only these columns.</summary>
    public bool IsOverdue(DateTimeOffset? firstResponseAt, DateTimeOffset firstResponseDueAt, DateTimeOffset? matchedAt, DateTimeOffset matchDueAt, HelpStatus status)
    {
        var now = time.GetUtcNow();
        return (firstResponseAt is null && firstResponseDueAt < now)
            || (matchedAt is null && matchDueAt < now && status is HelpStatus.Triaged or HelpStatus.Asked);
    }

    /// <summary>Who looked at this request: the audit entries about it, for its resident only.</summary>
    public async Task<List<(DateTimeOffset At, string Who, string Action)>?> WhoLookedAsync(ClaimsPrincipal actor, int id, CancellationToken ct = default)
    {
        if (await FindAsync(actor, id, ct) is not { Access.Resident: true })
        {
            return null;
        }
        var subject = id.ToString(CultureInfo.InvariantCulture);
        var rows = await (from a in db.AuditLog.AsNoTracking()
                          where a.SubjectType == nameof(HelpRequest) && a.SubjectId == subject
                          join u in db.Users on a.UserId equals u.Id into users
                          from u in users.DefaultIfEmpty()
                          orderby a.At descending
                          select new { a.At, Name = u == null ? null : u.DisplayName, a.Action }).Take(500).ToListAsync(ct);
        return rows.Select(x => (x.At, x.Name ?? l["Someone without an account"].Value, x.Action)).ToList();
    }

    // ---- mail ----

    private string Link(string path) => http.HttpContext is { } context ? AccountLinks.Absolute(context, path) : path;

    private async Task SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        try
        {
            await mailer.SendAsync(new OutgoingMail(to, subject, body), ct);
        }
        catch (Exception e) when (e is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException)
        {
            // The step itself is saved; the inbox on /hulpvragen shows it too, so a failed mail does not undo it.
            logger.LogWarning(e, "Help request mail to be sent later by hand: {Subject}", subject);
        }
    }
}
