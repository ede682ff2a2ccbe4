using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.SocialMap;

public sealed class SuggestionInput
{
    /// <summary>The service a correction is about; empty for a new entry.</summary>
    public Guid? ServiceId { get; set; }
    /// <summary>For a new entry: the leerregio (slug); empty means the member's own.</summary>
    public string? Leerregio { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Url { get; set; }
    public string? Email { get; set; }
    public string? Message { get; set; }
}

public sealed class ServiceEditInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Url { get; set; }
    public string? Email { get; set; }
    public string? FeesDescription { get; set; }
    public string? EligibilityDescription { get; set; }
    public string? ApplicationProcess { get; set; }
    /// <summary>HSDS status: active, inactive, defunct, temporarily closed.</summary>
    public string? Status { get; set; }
    public string? MinimumAge { get; set; }
    public string? MaximumAge { get; set; }
}

public sealed class PortalOptions
{
    /// <summary>Tile URL template for the map ({z}/{x}/{y}); empty: no map, and CSP allows no other image host.</summary>
    public string TileUrl { get; set; } = "";
    public string TileAttribution { get; set; } = "© OpenStreetMap";
    /// <summary>An entry not confirmed for this many months gets a reminder to its owner.</summary>
    public int ReminderMonths { get; set; } = 6;
    /// <summary>Days between two reminders about the same entry.</summary>
    public int ReminderRepeatDays { get; set; } = 30;
}

/// <summary>
/// The curation writes the pages and the API share: suggestions, review, editing by a coordinator or by the owning
/// organisation's professionals, publication, confirmation ("still correct") and reminders. Each changed field is
/// written as an HSDS metadata row (previous and new value, who as a role or organisation name, the member's id kept apart).
/// </summary>
public sealed class PortalCuration(GrozDbContext db, TimeProvider time, SearchIndex index, Mailer mailer, PortalOptions options,
    IStringLocalizer<SharedResource> l)
{
    public const int MaxName = 300;
    public const int MaxText = 4000;
    public const int MaxMessage = 2000;

    /// <summary>Coordinators of the leerregio, and professionals of the organisation that owns the entry.</summary>
    public async Task<bool> CanEditAsync(ClaimsPrincipal user, Service s, CancellationToken ct = default)
    {
        if (user.CanManage(s.LeerregioId))
        {
            return true;
        }
        var owner = s.OwnerOrganizationId ?? s.OrganizationId;
        if (owner is null || !user.HasRole(GrozRole.Professional, s.LeerregioId) || user.UserId() is not { } me)
        {
            return false;
        }
        return await db.SmOrganizationMembers.AnyAsync(m => m.OrganizationId == owner && m.UserId == me, ct);
    }

    /// <summary>A service as this member may see it: public for everyone, drafts and archived ones for its editors.</summary>
    public async Task<Service?> FindVisibleAsync(ClaimsPrincipal user, Guid id, CancellationToken ct = default)
    {
        var s = await db.SmServices.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null)
        {
            return null;
        }
        if (await SearchIndex.Public(db.SmServices).AnyAsync(x => x.Id == id, ct))
        {
            return s;
        }
        return user.Identity?.IsAuthenticated == true && await CanEditAsync(user, s, ct) ? s : null;
    }

    public async Task<Outcome<Suggestion>> SuggestAsync(ClaimsPrincipal user, SuggestionInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        int leerregioId;
        var kind = input.ServiceId is null ? SuggestionKind.NewEntry : SuggestionKind.Correction;
        if (input.ServiceId is { } sid)
        {
            var s = await FindVisibleAsync(user, sid, ct);
            if (s is null)
            {
                return Outcome<Suggestion>.Fail("not-found", "ServiceId", l["This entry does not exist (any more)."], 404);
            }
            leerregioId = s.LeerregioId;
        }
        else
        {
            int? found = string.IsNullOrWhiteSpace(input.Leerregio)
                ? user.HomeLeerregioId()
                : await db.Leerregios.Where(x => x.Slug == input.Leerregio).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct);
            if (found is null)
            {
                errors["Leerregio"] = l["Choose the leerregio the entry belongs to."];
            }
            leerregioId = found ?? 0;
            if (string.IsNullOrWhiteSpace(input.Name))
            {
                errors["Name"] = l["Fill in the name."];
            }
        }
        CheckText(errors, "Name", input.Name, MaxName);
        CheckText(errors, "Description", input.Description, MaxText);
        CheckText(errors, "Message", input.Message, MaxMessage);
        CheckUrl(errors, "Url", input.Url);
        CheckEmail(errors, "Email", input.Email);
        if (kind == SuggestionKind.Correction && new[] { input.Name, input.Description, input.Url, input.Email, input.Message }.All(string.IsNullOrWhiteSpace))
        {
            errors["Message"] = l["Tell us what is wrong or what should change."];
        }
        if (errors.Count > 0)
        {
            return Outcome<Suggestion>.Invalid(errors);
        }
        var suggestion = new Suggestion
        {
            Id = Guid.NewGuid(), LeerregioId = leerregioId, Kind = kind, ServiceId = input.ServiceId,
            Name = Clean(input.Name), Description = Clean(input.Description), Url = Clean(input.Url), Email = Clean(input.Email), Message = Clean(input.Message),
            SubmittedByUserId = user.UserId()!, SubmittedAt = time.GetUtcNow(), Status = SuggestionStatus.Open,
        };
        db.SmSuggestions.Add(suggestion);
        await db.SaveChangesAsync(ct);
        return Outcome<Suggestion>.Ok(suggestion);
    }

    /// <summary>Accepting a new entry makes it a draft service for the coordinator to complete and publish; accepting a correction applies its values.</summary>
    public async Task<Outcome<Suggestion>> ReviewAsync(ClaimsPrincipal user, Guid id, bool accept, string? note, CancellationToken ct = default)
    {
        var suggestion = await db.SmSuggestions.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (suggestion is null || !user.CanManage(suggestion.LeerregioId))
        {
            return Outcome<Suggestion>.Fail("not-found", "", l["This suggestion does not exist (any more)."], 404);
        }
        if (suggestion.Status != SuggestionStatus.Open)
        {
            return Outcome<Suggestion>.Fail("already-reviewed", "", l["This suggestion has already been reviewed."], 409);
        }
        var errors = new Dictionary<string, string>();
        CheckText(errors, "Note", note, MaxMessage);
        if (errors.Count > 0)
        {
            return Outcome<Suggestion>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var by = await UpdatedByAsync(user, suggestion.LeerregioId, null, ct);
        if (accept && suggestion.Kind == SuggestionKind.NewEntry)
        {
            var s = new Service
            {
                Id = Guid.NewGuid(), LeerregioId = suggestion.LeerregioId, Name = suggestion.Name ?? "", Description = suggestion.Description,
                Url = suggestion.Url, Email = suggestion.Email, Publication = Publication.Draft, LastModified = now, CreatedAt = now,
            };
            db.SmServices.Add(s);
            Record(s, "create", "name", null, s.Name, by, user, now);
            suggestion.ServiceId = s.Id;
        }
        else if (accept)
        {
            var s = await db.SmServices.FirstOrDefaultAsync(x => x.Id == suggestion.ServiceId, ct);
            if (s is null)
            {
                return Outcome<Suggestion>.Fail("not-found", "", l["This entry does not exist (any more)."], 404);
            }
            var changed = Apply(s, "name", s.Name, suggestion.Name, v => s.Name = v!, by, user, now)
                | Apply(s, "description", s.Description, suggestion.Description, v => s.Description = v, by, user, now)
                | Apply(s, "url", s.Url, suggestion.Url, v => s.Url = v, by, user, now)
                | Apply(s, "email", s.Email, suggestion.Email, v => s.Email = v, by, user, now);
            if (changed)
            {
                s.LastModified = now;
            }
        }
        suggestion.Status = accept ? SuggestionStatus.Accepted : SuggestionStatus.Rejected;
        suggestion.ReviewedAt = now;
        suggestion.ReviewedByUserId = user.UserId();
        suggestion.ReviewNote = Clean(note);
        await db.SaveChangesAsync(ct);
        await index.SyncAsync(ct);
        return Outcome<Suggestion>.Ok(suggestion);
    }

    public async Task<Outcome<Service>> EditAsync(ClaimsPrincipal user, Guid id, ServiceEditInput input, CancellationToken ct = default)
    {
        var s = await db.SmServices.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null || !await CanEditAsync(user, s, ct))
        {
            return Outcome<Service>.Fail("not-found", "", l["This entry does not exist (any more)."], 404);
        }
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors["Name"] = l["Fill in the name."];
        }
        CheckText(errors, "Name", input.Name, MaxName);
        CheckText(errors, "Description", input.Description, MaxText);
        CheckText(errors, "FeesDescription", input.FeesDescription, MaxText);
        CheckText(errors, "EligibilityDescription", input.EligibilityDescription, MaxText);
        CheckText(errors, "ApplicationProcess", input.ApplicationProcess, MaxText);
        CheckUrl(errors, "Url", input.Url);
        CheckEmail(errors, "Email", input.Email);
        var status = string.IsNullOrWhiteSpace(input.Status) ? s.Status : input.Status.Trim();
        if (!HsdsValues.ServiceStatuses.Contains(status))
        {
            errors["Status"] = l["Choose a status from the list."];
        }
        var min = ParseAge(errors, "MinimumAge", input.MinimumAge);
        var max = ParseAge(errors, "MaximumAge", input.MaximumAge);
        if (min is not null && max is not null && min > max)
        {
            errors["MaximumAge"] = l["The maximum age must be at least the minimum age."];
        }
        if (errors.Count > 0)
        {
            return Outcome<Service>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var by = await UpdatedByAsync(user, s.LeerregioId, s, ct);
        var changed = Apply(s, "name", s.Name, Clean(input.Name), v => s.Name = v!, by, user, now)
            | Apply(s, "description", s.Description, Clean(input.Description) ?? "", v => s.Description = v, by, user, now, clear: true)
            | Apply(s, "url", s.Url, Clean(input.Url) ?? "", v => s.Url = v, by, user, now, clear: true)
            | Apply(s, "email", s.Email, Clean(input.Email) ?? "", v => s.Email = v, by, user, now, clear: true)
            | Apply(s, "fees_description", s.FeesDescription, Clean(input.FeesDescription) ?? "", v => s.FeesDescription = v, by, user, now, clear: true)
            | Apply(s, "eligibility_description", s.EligibilityDescription, Clean(input.EligibilityDescription) ?? "", v => s.EligibilityDescription = v, by, user, now, clear: true)
            | Apply(s, "application_process", s.ApplicationProcess, Clean(input.ApplicationProcess) ?? "", v => s.ApplicationProcess = v, by, user, now, clear: true)
            | Apply(s, "status", s.Status, status, v => s.Status = v!, by, user, now)
            | Apply(s, "minimum_age", Age(s.MinimumAge), Age(min) ?? "", v => s.MinimumAge = min, by, user, now, clear: true)
            | Apply(s, "maximum_age", Age(s.MaximumAge), Age(max) ?? "", v => s.MaximumAge = max, by, user, now, clear: true);
        // Saving the form is the editor saying "this is right now": it counts as a check.
        Record(s, "update", "x_groz_last_checked_at", Stamp(s.LastCheckedAt), Stamp(now), by, user, now);
        s.LastCheckedAt = now;
        if (changed)
        {
            s.LastModified = now;
        }
        await db.SaveChangesAsync(ct);
        await index.SyncAsync(ct);
        return Outcome<Service>.Ok(s);
    }

    /// <summary>"Still correct": the entry's last-checked date moves to now.</summary>
    public async Task<Outcome<Service>> ConfirmAsync(ClaimsPrincipal user, Guid id, CancellationToken ct = default)
    {
        var s = await db.SmServices.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null || !await CanEditAsync(user, s, ct))
        {
            return Outcome<Service>.Fail("not-found", "", l["This entry does not exist (any more)."], 404);
        }
        var now = time.GetUtcNow();
        Record(s, "update", "x_groz_last_checked_at", Stamp(s.LastCheckedAt), Stamp(now), await UpdatedByAsync(user, s.LeerregioId, s, ct), user, now);
        s.LastCheckedAt = now;
        await db.SaveChangesAsync(ct);
        // The search shows "last checked on" from its document: show the new date at once.
        await index.SyncAsync(ct);
        return Outcome<Service>.Ok(s);
    }

    /// <summary>Publish or archive (coordinators only).</summary>
    public async Task<Outcome<Service>> SetPublicationAsync(ClaimsPrincipal user, Guid id, Publication publication, CancellationToken ct = default)
    {
        var s = await db.SmServices.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null || !user.CanManage(s.LeerregioId))
        {
            return Outcome<Service>.Fail("not-found", "", l["This entry does not exist (any more)."], 404);
        }
        if (publication == Publication.Published && string.IsNullOrWhiteSpace(s.Name))
        {
            return Outcome<Service>.Fail("validation", "Name", l["Fill in the name."]);
        }
        var now = time.GetUtcNow();
        if (Apply(s, "x_groz_publication", s.Publication.ToString(), publication.ToString(), _ => s.Publication = publication,
            await UpdatedByAsync(user, s.LeerregioId, null, ct), user, now))
        {
            s.LastModified = now;
            if (publication == Publication.Published)
            {
                s.LastCheckedAt ??= now;
            }
        }
        await db.SaveChangesAsync(ct);
        await index.SyncAsync(ct);
        return Outcome<Service>.Ok(s);
    }

    public sealed record ReminderReport(int Entries, int Mails);

    /// <summary>
    /// Mails the owners of published entries not confirmed for <see cref="PortalOptions.ReminderMonths"/> months: the
    /// professionals of the owning organisation, or the organisation's own address when it has none on Groz.
    /// An entry is reminded again after <see cref="PortalOptions.ReminderRepeatDays"/> days at the earliest.
    /// </summary>
    public async Task<ReminderReport> SendRemindersAsync(int leerregioId, string baseUrl, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var due = now.AddMonths(-options.ReminderMonths);
        var repeat = now.AddDays(-options.ReminderRepeatDays);
        var services = await db.SmServices.AsNoTracking()
            .Where(s => s.LeerregioId == leerregioId && s.Publication == Publication.Published)
            .Where(s => (s.LastCheckedAt ?? s.CreatedAt) <= due)
            .Where(s => !db.SmCheckReminders.Any(r => r.ServiceId == s.Id && r.SentAt > repeat))
            .OrderBy(s => s.Name).ToListAsync(ct);
        var mails = 0;
        foreach (var s in services)
        {
            var owner = s.OwnerOrganizationId ?? s.OrganizationId;
            var recipients = await db.SmOrganizationMembers.Where(m => m.OrganizationId == owner)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Email, u.PreferredCulture, u.EmailConfirmed, u.ErasedAt })
                .Where(u => u.Email != null && u.EmailConfirmed && u.ErasedAt == null)
                .Select(u => new { Email = u.Email!, u.PreferredCulture }).ToListAsync(ct);
            if (recipients.Count == 0 && owner is not null
                && await db.SmOrganizations.Where(o => o.Id == owner && o.Email != null).Select(o => o.Email).FirstOrDefaultAsync(ct) is { Length: > 0 } orgEmail)
            {
                recipients.Add(new { Email = orgEmail, PreferredCulture = "nl" });
            }
            foreach (var r in recipients)
            {
                await mailer.SendAsync(ReminderMail(r.Email, r.PreferredCulture, s, baseUrl), ct);
                mails++;
            }
            db.SmCheckReminders.Add(new CheckReminder { LeerregioId = leerregioId, ServiceId = s.Id, SentAt = now, Recipients = recipients.Count });
        }
        await db.SaveChangesAsync(ct);
        return new ReminderReport(services.Count, mails);
    }

    private OutgoingMail ReminderMail(string to, string culture, Service s, string baseUrl)
    {
        var previous = CultureInfo.CurrentUICulture;
        var previousFormat = CultureInfo.CurrentCulture;
        try
        {
            var c = new CultureInfo(culture == "en" ? "en" : "nl");
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (c, c);
            var checkedOn = (s.LastCheckedAt ?? s.CreatedAt).ToString("d MMMM yyyy", c);
            var link = $"{baseUrl.TrimEnd('/')}/wijkportaal/dienst/{s.Id:D}/bewerken";
            return new OutgoingMail(to,
                string.Format(c, l["Is \"{0}\" still correct?"], s.Name),
                string.Format(c, l["The Wijkportaal shows \"{0}\". It was last checked on {1}. Please check whether everything is still correct, and change what is not: {2}"], s.Name, checkedOn, link));
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (previous, previousFormat);
        }
    }

    /// <summary>Links a member to an organisation as one of its professionals (coordinators).</summary>
    public async Task<Outcome<OrganizationMember>> AddMemberAsync(ClaimsPrincipal user, Guid organizationId, string? email, CancellationToken ct = default)
    {
        var org = await db.SmOrganizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (org is null || !user.CanManage(org.LeerregioId))
        {
            return Outcome<OrganizationMember>.Fail("not-found", "OrganizationId", l["This organisation does not exist (any more)."], 404);
        }
        var normalized = (email ?? "").Trim().ToUpperInvariant();
        var member = normalized.Length == 0 ? null : await db.Users.Where(u => u.NormalizedEmail == normalized && u.ErasedAt == null).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (member is null)
        {
            return Outcome<OrganizationMember>.Fail("validation", "Email", l["There is no member with this e-mail address."]);
        }
        var existing = await db.SmOrganizationMembers.FirstOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == member, ct);
        if (existing is not null)
        {
            return Outcome<OrganizationMember>.Ok(existing);
        }
        var row = new OrganizationMember { LeerregioId = org.LeerregioId, OrganizationId = organizationId, UserId = member, AddedAt = time.GetUtcNow() };
        db.SmOrganizationMembers.Add(row);
        await db.SaveChangesAsync(ct);
        return Outcome<OrganizationMember>.Ok(row);
    }

    /// <summary>The name in the published history: the organisation for its professionals, the coordinator role otherwise; never a member's own name.</summary>
    private async Task<string> UpdatedByAsync(ClaimsPrincipal user, int leerregioId, Service? s, CancellationToken ct)
    {
        if (s is not null && !user.CanManage(leerregioId) && (s.OwnerOrganizationId ?? s.OrganizationId) is { } owner)
        {
            var name = await db.SmOrganizations.Where(o => o.Id == owner).Select(o => o.Name).FirstOrDefaultAsync(ct);
            return string.Format(CultureInfo.CurrentCulture, l["Staff of {0}"], name);
        }
        var leerregio = await db.Leerregios.AsNoTracking().FirstAsync(x => x.Id == leerregioId, ct);
        return SocialMapApi.UpdatedBy(l, leerregio);
    }

    /// <summary>Sets a field when the new value differs and records the change. Null means "leave as it is"; with clear, "" empties the field.</summary>
    private bool Apply(Service s, string field, string? old, string? value, Action<string?> set, string by, ClaimsPrincipal user, DateTimeOffset now, bool clear = false)
    {
        if (value is null)
        {
            return false;
        }
        var next = clear && value.Length == 0 ? null : value;
        if (string.Equals(old ?? "", next ?? "", StringComparison.Ordinal))
        {
            return false;
        }
        set(next);
        Record(s, "update", field, old, next, by, user, now);
        return true;
    }

    private void Record(Service s, string action, string field, string? previous, string? replacement, string by, ClaimsPrincipal user, DateTimeOffset now) =>
        db.SmMetadata.Add(new HsdsMetadata
        {
            Id = Guid.NewGuid(), LeerregioId = s.LeerregioId, ResourceId = s.Id, ResourceType = "service", LastActionDate = now,
            LastActionType = action, FieldName = field, PreviousValue = previous ?? "", ReplacementValue = replacement ?? "",
            UpdatedBy = by, UpdatedByUserId = user.UserId(),
        });

    private static string? Stamp(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Age(decimal? a) => a?.ToString("0.##", CultureInfo.InvariantCulture);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private void CheckText(Dictionary<string, string> errors, string field, string? text, int max)
    {
        if (text is not null && text.Trim().Length > max && !errors.ContainsKey(field))
        {
            errors[field] = string.Format(CultureInfo.CurrentCulture, l["Use at most {0} characters."], max);
        }
    }

    private void CheckUrl(Dictionary<string, string> errors, string field, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text)
            && (text.Trim().Length > 500 || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors[field] = l["Fill in a web address that starts with https://."];
        }
    }

    private void CheckEmail(Dictionary<string, string> errors, string field, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text) && (text.Trim().Length > 254 || !System.Net.Mail.MailAddress.TryCreate(text.Trim(), out _)))
        {
            errors[field] = l["Fill in an e-mail address like name@example.org."];
        }
    }

    private decimal? ParseAge(Dictionary<string, string> errors, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a <= 120)
        {
            return a;
        }
        errors[field] = l["Fill in an age in years, from 0 to 120."];
        return null;
    }
}
