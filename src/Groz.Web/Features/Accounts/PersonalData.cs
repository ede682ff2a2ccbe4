using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Accounts;

/// <summary>
/// A module that keeps personal data registers one of these, so that "download my data" and "delete my account"
/// (AVG art. 15, 17 and 20) cover it without the Accounts module knowing the module.
/// </summary>
public interface IPersonalDataPart
{
    /// <summary>Key of this part in the export, e.g. "timebank".</summary>
    string Name { get; }
    Task<object?> ExportAsync(string userId, CancellationToken ct);
    /// <summary>Erase or pseudonymise; rows others depend on stay, pointing at the "former member" placeholder.</summary>
    Task EraseAsync(string userId, CancellationToken ct);
}

public sealed class PersonalData(GrozDbContext db, UserManager<GrozUser> users, IEnumerable<IPersonalDataPart> parts,
    TimeProvider time, AuditLog audit)
{
    public const string FormerMemberName = "Oud-lid";

    public async Task<Dictionary<string, object?>> ExportAsync(GrozUser user, CancellationToken ct = default)
    {
        var export = new Dictionary<string, object?>
        {
            ["exportedAt"] = time.GetUtcNow(),
            ["account"] = new
            {
                user.Id, user.Email, user.EmailConfirmed, user.DisplayName, user.PhoneNumber, user.PreferredCulture,
                user.LeerregioId, user.WijkId,
                Interests = user.Interests.Split(',', StringSplitOptions.RemoveEmptyEntries),
                user.TwoFactorEnabled, user.CreatedAt,
            },
            ["roles"] = await db.RoleAssignments.Where(r => r.UserId == user.Id)
                .Select(r => new { Role = r.Role.ToString(), r.LeerregioId, r.WijkId, r.GrantedAt }).ToListAsync(ct),
            ["consents"] = await db.Consents.Where(c => c.UserId == user.Id)
                .Select(c => new { c.Purpose, c.TextVersion, c.GivenAt, c.WithdrawnAt }).ToListAsync(ct),
            ["apiTokens"] = await db.ApiTokens.Where(t => t.UserId == user.Id)
                .Select(t => new { t.Name, t.Prefix, t.Scopes, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt }).ToListAsync(ct),
            ["activity"] = await db.AuditLog.Where(a => a.UserId == user.Id).OrderBy(a => a.Id)
                .Select(a => new { a.At, a.Action, a.SubjectType, a.SubjectId, a.IpAddress }).ToListAsync(ct),
        };
        foreach (var part in parts)
        {
            export[part.Name] = await part.ExportAsync(user.Id, ct);
        }
        await audit.WriteAsync("personal-data.exported", "user", user.Id, user.LeerregioId, ct: ct);
        return export;
    }

    /// <summary>Erases every personal field; the row stays as an anonymous placeholder so that others' records keep their link.</summary>
    public async Task EraseAsync(GrozUser user, CancellationToken ct = default)
    {
        foreach (var part in parts)
        {
            await part.EraseAsync(user.Id, ct);
        }
        var now = time.GetUtcNow();
        await db.RoleAssignments.Where(r => r.UserId == user.Id).ExecuteDeleteAsync(ct);
        await db.ApiTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);
        await db.Consents.Where(c => c.UserId == user.Id && c.WithdrawnAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.WithdrawnAt, now), ct);
        await db.UserClaims.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);
        await db.UserPasskeys.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);
        // IP addresses in the member's own audit entries are personal data too; the entries themselves stay as the security record.
        await db.AuditLog.Where(a => a.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.IpAddress, (string?)null), ct);

        var placeholder = $"oud-lid-{user.Id}@groz.invalid";
        user.Email = placeholder;
        user.NormalizedEmail = placeholder.ToUpperInvariant();
        user.UserName = placeholder;
        user.NormalizedUserName = placeholder.ToUpperInvariant();
        user.DisplayName = FormerMemberName;
        user.PhoneNumber = null;
        user.PasswordHash = null;
        user.Interests = "";
        user.WijkId = null;
        user.TwoFactorEnabled = false;
        user.EmailConfirmed = false;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.ErasedAt = now;
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync("account.erased", "user", user.Id, user.LeerregioId, ct: ct);
    }
}
