using System.Security.Claims;
using Groz.Web.Data;

namespace Groz.Web.Infrastructure;

/// <summary>One row of <c>audit_log</c>: who did or saw what, when, and from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    /// <summary>Stable dotted name, e.g. "account.signin.failed" or "personal-data.viewed".</summary>
    public required string Action { get; set; }
    public string? SubjectType { get; set; }
    public string? SubjectId { get; set; }
    public int? LeerregioId { get; set; }
    public string? IpAddress { get; set; }
    public string? Detail { get; set; }
}

/// <summary>Writes audit entries. Called for security events and for every view of another person's sensitive data.</summary>
public sealed class AuditLog(GrozDbContext db, TimeProvider time, IHttpContextAccessor http)
{
    public async Task WriteAsync(string action, string? subjectType = null, string? subjectId = null,
        int? leerregioId = null, string? detail = null, string? userId = null, CancellationToken ct = default)
    {
        var context = http.HttpContext;
        db.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            UserId = userId ?? context?.User.FindFirstValue(ClaimTypes.NameIdentifier),
            Action = action,
            SubjectType = subjectType,
            SubjectId = subjectId,
            LeerregioId = leerregioId,
            IpAddress = context?.Connection.RemoteIpAddress?.ToString(),
            Detail = detail,
        });
        await db.SaveChangesAsync(ct);
    }
}
