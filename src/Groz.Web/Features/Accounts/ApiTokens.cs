using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Groz.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Groz.Web.Features.Accounts;

/// <summary>Personal access tokens: "groz_" + 8 characters of prefix + "_" + 32 random bytes, stored only as a SHA-256 hash.</summary>
public sealed class ApiTokens(GrozDbContext db, TimeProvider time)
{
    public static readonly IReadOnlyList<string> KnownScopes = ["read", "write"];
    public const int MaxLifetimeDays = 365;

    public sealed record Created(ApiToken Token, string Secret);

    public async Task<Created> CreateAsync(string userId, string name, IEnumerable<string> scopes, int lifetimeDays, CancellationToken ct = default)
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = $"groz_{prefix}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var now = time.GetUtcNow();
        var token = new ApiToken
        {
            UserId = userId,
            Name = name,
            Prefix = prefix,
            SecretHash = Hash(secret),
            Scopes = string.Join(' ', scopes.Distinct().Order(StringComparer.Ordinal)),
            CreatedAt = now,
            ExpiresAt = now.AddDays(Math.Clamp(lifetimeDays, 1, MaxLifetimeDays)),
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new Created(token, secret);
    }

    public async Task<ApiToken?> FindValidAsync(string presented, CancellationToken ct = default)
    {
        // The random part is base64url and may itself contain '_': split into three at most.
        var parts = presented.Split('_', 3);
        if (parts.Length != 3 || parts[0] != "groz" || parts[1].Length != 8)
        {
            return null;
        }
        var prefix = parts[1];
        var now = time.GetUtcNow();
        var candidates = await db.ApiTokens.Include(t => t.User)
            .Where(t => t.Prefix == prefix && t.RevokedAt == null).ToListAsync(ct);
        var hash = Encoding.ASCII.GetBytes(Hash(presented));
        var token = candidates.FirstOrDefault(t => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(t.SecretHash), hash));
        if (token is null || token.ExpiresAt <= now || token.User is null || token.User.ErasedAt is not null)
        {
            return null;
        }
        // Recording every use would write on every request; once a minute is enough to show "last used".
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return token;
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// The principal of a bearer token, kept for a short while so that an API call does not read the token, the user,
/// their claims and their roles again (three queries of the four or five a typical call makes). Keyed by the token's
/// SHA-256, never by the secret. A revoked token, an erased account or a changed role is honoured at once by this
/// instance (those paths call <see cref="EvictUser"/>) and by other instances within <see cref="Lifetime"/>: shorter than
/// the one minute in which a sign-in cookie picks up the same changes (SecurityStampValidatorOptions.ValidationInterval).
/// </summary>
public sealed class ApiPrincipalCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 10_000;

    private sealed record Entry(string UserId, IReadOnlyList<Claim> Claims, DateTimeOffset ExpiresAt, long CachedAt);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The cached claims, unless the entry is older than <see cref="Lifetime"/> or the token has expired since.</summary>
    public IReadOnlyList<Claim>? Find(string hash)
    {
        if (!_entries.TryGetValue(hash, out var entry))
        {
            return null;
        }
        if (time.GetElapsedTime(entry.CachedAt) > Lifetime || entry.ExpiresAt <= time.GetUtcNow())
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(hash, entry));
            return null;
        }
        return entry.Claims;
    }

    public void Add(string hash, string userId, IReadOnlyList<Claim> claims, DateTimeOffset expiresAt)
    {
        if (_entries.Count >= MaxEntries)
        {
            // Many distinct tokens in 30 s: start over rather than grow without bound.
            _entries.Clear();
        }
        _entries[hash] = new Entry(userId, claims, expiresAt, time.GetTimestamp());
    }

    /// <summary>Forget every cached token of this member: revoked token, erased account, changed roles or 2FA.</summary>
    public void EvictUser(string userId)
    {
        foreach (var (hash, entry) in _entries)
        {
            if (entry.UserId == userId)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(hash, entry));
            }
        }
    }
}

public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens, IUserClaimsPrincipalFactory<GrozUser> principals, ApiPrincipalCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var presented = header["Bearer ".Length..].Trim();
        var hash = ApiTokens.Hash(presented);
        var claims = cache.Find(hash);
        if (claims is null)
        {
            var token = await tokens.FindValidAsync(presented, Context.RequestAborted);
            if (token?.User is null)
            {
                return AuthenticateResult.Fail("invalid token");
            }
            var principal = await principals.CreateAsync(token.User);
            var list = principal.Claims.ToList();
            foreach (var scope in token.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                list.Add(new Claim(Access.ScopeClaim, scope));
            }
            list.Add(new Claim("groz:token", token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            claims = list;
            cache.Add(hash, token.UserId, claims, token.ExpiresAt);
        }
        // A fresh identity per request (claims themselves are immutable and shared).
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
