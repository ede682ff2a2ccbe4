using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.SocialMap;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.HelpRequests;

/// <summary>A vitality question as typed on the form or sent to the API; all optional so that each missing field gets its own message.</summary>
public sealed record VitalWorkInput(int? WijkId, string? CompanyName, string? KvkNumber, int? StaffCount, string? Wish,
    ContactPreference? ContactPreference, string? ContactPhone, string? ContactEmail, bool ProcessingConsent);

/// <summary>One provider the coordinator picked: an organisation, or a service (its organisation follows), of the Wijkportaal.</summary>
public sealed record VitalPick(VitalProviderKind? Kind, Guid? OrganizationId, Guid? ServiceId);

/// <summary>An organisation of the Wijkportaal with its published services, to choose from.</summary>
public sealed record VitalProvider(Guid OrganizationId, string Name, string? Description, IReadOnlyList<(Guid Id, string Name)> Services);

/// <summary>
/// Vitaal werken: an employer or entrepreneur (anyone signed in; the Entrepreneur role is not needed) asks for a
/// vitality programme for their staff, and a coordinator matches it with freelancers, professionals and education
/// institutions of the Wijkportaal. The question is a <see cref="HelpRequest"/> of kind VitalWork with a
/// <see cref="VitalWorkDetails"/> row, so it sits in the same queue and reports and follows the same status machine
/// (<see cref="HelpFlow"/>): New → Triaged (<see cref="HelpRequests.TriageAsync"/>) → Referred (here, with the
/// providers) → FollowedUp → Closed (<see cref="HelpRequests.AnswerFollowUpAsync"/>, <see cref="HelpRequests.CloseAsync"/>).
/// The asker is the request's resident: they see it, withdraw it and answer the follow-up like any resident.
/// </summary>
public sealed class VitalWork(GrozDbContext db, TimeProvider time, HelpRequests help, AuditLog audit, Mailer mailer, IStringLocalizer<SharedResource> l, ILogger<VitalWork> logger)
{
    public const int MaxPicks = 10;

    private Outcome<HelpRequest> NotFound() => Outcome<HelpRequest>.Fail("unknown-request", "", l["This help request does not exist."], 404);

    public async Task<Outcome<HelpRequest>> AskAsync(ClaimsPrincipal actor, VitalWorkInput input, Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var userId = actor.UserId();
        var user = userId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.ErasedAt == null, ct);
        if (user is null)
        {
            return Outcome<HelpRequest>.Fail("not-allowed", "", l["Sign in to ask for a vitality programme."], 403);
        }
        var errors = new Dictionary<string, string>();
        var wijk = input.WijkId is { } w ? await db.Wijken.AsNoTracking().FirstOrDefaultAsync(x => x.Id == w, ct) : null;
        if (wijk is null)
        {
            errors["WijkId"] = l["Choose the wijk where your company is, or the nearest one."];
        }
        var company = input.CompanyName?.Trim() ?? "";
        if (company.Length == 0 || company.Length > VitalWorkDetails.MaxCompanyName)
        {
            errors["CompanyName"] = l["Fill in the name of your company (at most 200 characters)."];
        }
        var kvk = input.KvkNumber?.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (!string.IsNullOrEmpty(kvk) && (kvk.Length != 8 || !kvk.All(char.IsAsciiDigit)))
        {
            errors["KvkNumber"] = l["A KvK number has 8 digits. You may also leave it empty."];
        }
        if (input.StaffCount is not (>= 1 and <= VitalWorkDetails.MaxStaff))
        {
            errors["StaffCount"] = l["Fill in how many people work for you: 1 or more."];
        }
        var wish = input.Wish?.Trim() ?? "";
        if (wish.Length == 0 || wish.Length > HelpRequest.MaxDescription)
        {
            errors["Wish"] = l["Tell in a few sentences what you would like for your staff (at most 2000 characters)."];
        }
        HelpRequests.ValidateContact(input.ContactPreference, input.ContactPhone, input.ContactEmail, errors, l);
        var phone = input.ContactPhone?.Trim();
        var email = input.ContactEmail?.Trim();
        if (!input.ProcessingConsent)
        {
            errors["ProcessingConsent"] = l["Tick that we may store your question and share it with the providers we find for you."];
        }
        if (errors.Count > 0)
        {
            return Outcome<HelpRequest>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var (first, match) = await help.TargetsAsync(wijk!.LeerregioId, HelpUrgency.Normal, ct);
        var r = new HelpRequest
        {
            LeerregioId = wijk.LeerregioId, WijkId = wijk.Id, Kind = HelpRequestKind.VitalWork,
            // The personal categories do not fit a programme for staff; the kind tells them apart in every report.
            Category = HelpCategory.Other, Urgency = HelpUrgency.Normal, Description = wish,
            ContactPreference = input.ContactPreference!.Value, ContactName = user.DisplayName, ContactPhone = string.IsNullOrEmpty(phone) ? null : phone,
            ContactEmail = string.IsNullOrEmpty(email) ? (input.ContactPreference == ContactPreference.Email ? user.Email : null) : email,
            ResidentUserId = user.Id, EnteredByUserId = user.Id, Status = HelpStatus.New, CreatedAt = now, UpdatedAt = now,
            FirstResponseDueAt = now.AddMinutes(first), MatchDueAt = now.AddMinutes(match),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.HelpRequests.Add(r);
        await db.SaveChangesAsync(ct);
        db.VitalWorkDetails.Add(new VitalWorkDetails { HelpRequestId = r.Id, LeerregioId = r.LeerregioId, CompanyName = company, KvkNumber = string.IsNullOrEmpty(kvk) ? null : kvk, StaffCount = input.StaffCount!.Value });
        db.HelpConsents.Add(new HelpConsent { HelpRequestId = r.Id, LeerregioId = r.LeerregioId, Kind = HelpConsentKind.Processing, TextVersion = HelpRequests.ConsentTextVersion, GivenAt = now, GivenByUserId = user.Id });
        db.HelpStatusChanges.Add(new HelpStatusChange { HelpRequestId = r.Id, LeerregioId = r.LeerregioId, From = null, To = HelpStatus.New, At = now, ByUserId = user.Id });
        if (inTransaction is not null)
        {
            await inTransaction(r);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<HelpRequest>.Ok(r);
    }

    /// <summary>The vitality details of a request, for its asker and the wijk's staff; an audited view for staff.</summary>
    public async Task<(HelpRequest Request, VitalWorkDetails Details, List<(VitalWorkReferral Referral, string? Organization, string? Service)> Referrals)?> ViewAsync(
        ClaimsPrincipal actor, int id, string via, CancellationToken ct = default)
    {
        var found = await help.FindAsync(actor, id, ct);
        if (found is not { } f || f.Request.Kind != HelpRequestKind.VitalWork || !(f.Access.Resident || f.Access.Staff))
        {
            return null;
        }
        var details = await db.VitalWorkDetails.AsNoTracking().SingleAsync(d => d.HelpRequestId == id, ct);
        if (!f.Access.Resident)
        {
            await audit.WriteAsync("helprequest.viewed", nameof(HelpRequest), id.ToString(CultureInfo.InvariantCulture), f.Request.LeerregioId, via, ct: ct);
        }
        return (f.Request, details, await ReferralsAsync(id, ct));
    }

    public async Task<List<(VitalWorkReferral Referral, string? Organization, string? Service)>> ReferralsAsync(int id, CancellationToken ct = default)
    {
        var rows = await (from v in db.VitalWorkReferrals.AsNoTracking()
                          where v.HelpRequestId == id
                          join o in db.SmOrganizations on v.OrganizationId equals (Guid?)o.Id into orgs
                          from o in orgs.DefaultIfEmpty()
                          join s in db.SmServices on v.ServiceId equals (Guid?)s.Id into services
                          from s in services.DefaultIfEmpty()
                          orderby v.Id
                          select new { v, Org = o == null ? null : o.Name, Service = s == null ? null : s.Name }).ToListAsync(ct);
        return rows.Select(x => (x.v, (string?)x.Org, (string?)x.Service)).ToList();
    }

    /// <summary>Published organisations of the leerregio whose name or description matches, with their published services; at most 30.</summary>
    public async Task<List<VitalProvider>> ProvidersAsync(int leerregioId, string? search, CancellationToken ct = default)
    {
        var q = db.SmOrganizations.AsNoTracking().Where(o => o.LeerregioId == leerregioId && o.Publication == Publication.Published);
        var text = search?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            text = text.Length > 100 ? text[..100] : text;
            var pattern = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).ToLowerInvariant() + "%";
            q = q.Where(o => EF.Functions.Like(o.Name.ToLower(), pattern, "\\") || EF.Functions.Like(o.Description.ToLower(), pattern, "\\")
                || db.SmServices.Any(s => s.OrganizationId == o.Id && s.Publication == Publication.Published && EF.Functions.Like(s.Name.ToLower(), pattern, "\\")));
        }
        var orgs = await q.OrderBy(o => o.Name).Take(30).Select(o => new { o.Id, o.Name, o.Description }).ToListAsync(ct);
        var ids = orgs.Select(o => (Guid?)o.Id).ToList();
        var services = await db.SmServices.AsNoTracking().Where(s => s.LeerregioId == leerregioId && s.Publication == Publication.Published && ids.Contains(s.OrganizationId))
            .OrderBy(s => s.Name).Select(s => new { s.Id, s.Name, s.OrganizationId }).ToListAsync(ct);
        return orgs.Select(o => new VitalProvider(o.Id, o.Name, o.Description,
            services.Where(s => s.OrganizationId == o.Id).Select(s => (s.Id, s.Name)).ToList())).ToList();
    }

    /// <summary>
    /// A coordinator matches a triaged vitality question with one or more providers of the Wijkportaal: the first
    /// referral moves it Triaged → Referred (a conditional UPDATE on the status read, allowed by <see cref="HelpFlow"/>);
    /// more can be added while it is Referred. The asker gets an e-mail with the providers' names.
    /// </summary>
    public async Task<Outcome<HelpRequest>> ReferAsync(ClaimsPrincipal actor, int id, IReadOnlyList<VitalPick>? picks, Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        if (await help.FindAsync(actor, id, ct) is not { } found || found.Request.Kind != HelpRequestKind.VitalWork)
        {
            return NotFound();
        }
        var r = found.Request;
        if (!actor.CanManage(r.LeerregioId))
        {
            return Outcome<HelpRequest>.Fail("not-allowed", "", l["Only a coordinator matches vitality questions with providers."], 403);
        }
        var list = (picks ?? []).ToList();
        if (list.Count == 0 || list.Count > MaxPicks)
        {
            return Outcome<HelpRequest>.Fail("validation", "Picks", l["Choose one to ten providers."]);
        }
        if (list.Any(p => p.Kind is not { } k || !Enum.IsDefined(k)))
        {
            return Outcome<HelpRequest>.Fail("validation", "Picks", l["Say for each provider whether it is a freelancer, a professional organisation or an education institution."]);
        }
        var rows = new List<VitalWorkReferral>();
        var now = time.GetUtcNow();
        foreach (var p in list)
        {
            Guid? orgId = p.OrganizationId;
            if (p.ServiceId is { } sid)
            {
                var service = await db.SmServices.AsNoTracking().Where(s => s.Id == sid && s.LeerregioId == r.LeerregioId && s.Publication == Publication.Published)
                    .Select(s => new { s.OrganizationId }).FirstOrDefaultAsync(ct);
                if (service is null)
                {
                    return Outcome<HelpRequest>.Fail("unknown-provider", "Picks", l["Choose published organisations or services of the Wijkportaal of this leerregio."]);
                }
                orgId = service.OrganizationId;
            }
            else if (orgId is not { } oid || !await db.SmOrganizations.AnyAsync(o => o.Id == oid && o.LeerregioId == r.LeerregioId && o.Publication == Publication.Published, ct))
            {
                return Outcome<HelpRequest>.Fail("unknown-provider", "Picks", l["Choose published organisations or services of the Wijkportaal of this leerregio."]);
            }
            rows.Add(new VitalWorkReferral { HelpRequestId = id, LeerregioId = r.LeerregioId, ProviderKind = p.Kind!.Value, OrganizationId = orgId, ServiceId = p.ServiceId, At = now, ByUserId = actor.UserId() });
        }
        if (r.Status != HelpStatus.Referred && !HelpFlow.Allowed(r.Status, HelpStatus.Referred))
        {
            return Outcome<HelpRequest>.Fail("invalid-transition", "",
                string.Format(CultureInfo.CurrentCulture, l["This step is not possible now: the request is '{0}', and '{1}' cannot follow that."], help.StatusName(r.Status), help.StatusName(HelpStatus.Referred)), 409);
        }
        var firstService = rows.FirstOrDefault(x => x.ServiceId is not null)?.ServiceId;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var from = r.Status;
        var to = HelpStatus.Referred;
        // Triaged → Referred is a step of the machine; Referred → Referred only adds providers, still guarded on the status read.
        var moved = await db.HelpRequests.Where(x => x.Id == id && x.Status == from).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, to)
            .SetProperty(x => x.UpdatedAt, now)
            .SetProperty(x => x.FirstResponseAt, x => x.FirstResponseAt ?? now)
            .SetProperty(x => x.ReferredServiceId, x => x.ReferredServiceId ?? firstService), ct);
        if (moved == 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Outcome<HelpRequest>.Fail("status-changed", "", l["Someone else changed this help request just now. Look at it again."], 409);
        }
        if (from != to)
        {
            db.HelpStatusChanges.Add(new HelpStatusChange { HelpRequestId = id, LeerregioId = r.LeerregioId, From = from, To = to, At = now, ByUserId = actor.UserId() });
        }
        db.VitalWorkReferrals.AddRange(rows);
        var fresh = await db.HelpRequests.AsNoTracking().SingleAsync(x => x.Id == id, ct);
        if (inTransaction is not null)
        {
            await inTransaction(fresh);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await MailAskerAsync(fresh, rows, ct);
        return Outcome<HelpRequest>.Ok(fresh);
    }

    private async Task MailAskerAsync(HelpRequest r, List<VitalWorkReferral> rows, CancellationToken ct)
    {
        var email = r.ContactEmail ?? (r.ResidentUserId is { } rid ? await db.Users.Where(u => u.Id == rid).Select(u => u.Email).FirstOrDefaultAsync(ct) : null);
        if (email is null)
        {
            return;
        }
        var orgIds = rows.Select(x => x.OrganizationId).ToList();
        var names = await db.SmOrganizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).Select(o => o.Name).ToListAsync(ct);
        try
        {
            await mailer.SendAsync(new OutgoingMail(email, l["Providers for your vitality programme"],
                string.Format(CultureInfo.CurrentCulture, l["help.mail.vitalwork.referred"], HelpRequests.FirstName(r.ContactName), string.Join(Environment.NewLine, names.Select(n => "- " + n)))), ct);
        }
        catch (Exception e) when (e is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException)
        {
            logger.LogWarning(e, "Vitaal werken mail to be sent later by hand for request {Id}", r.Id);
        }
    }
}
