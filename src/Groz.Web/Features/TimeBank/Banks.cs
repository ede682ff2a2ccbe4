using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank;

/// <summary>Finding or making a leerregio's Tijdbank and its accounts.</summary>
public sealed class Banks(GrozDbContext db, TimeProvider time)
{
    public const string PoolName = "Gemeenschapspot";
    public const string ConversionName = "Omzetting naar euro's";

    /// <summary>The settings of the leerregio's Tijdbank, with its pool and conversion account, made on first use.</summary>
    public async Task<TimeBankSettings> EnsureAsync(int leerregioId, CancellationToken ct = default)
    {
        var settings = await db.TimeBanks.FirstOrDefaultAsync(b => b.LeerregioId == leerregioId, ct);
        if (settings is not null)
        {
            return settings;
        }
        settings = new TimeBankSettings { LeerregioId = leerregioId };
        db.TimeBanks.Add(settings);
        var now = time.GetUtcNow();
        // The pool never goes below zero: it can only grant what was donated. The conversion account only receives.
        db.TimeAccounts.Add(new TimeAccount { LeerregioId = leerregioId, Kind = TimeAccountKind.Pool, Name = PoolName, MinMinutes = 0, CreatedAt = now });
        db.TimeAccounts.Add(new TimeAccount { LeerregioId = leerregioId, Kind = TimeAccountKind.Conversion, Name = ConversionName, MinMinutes = 0, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request made it at the same moment (unique index on the leerregio): use that one.
            db.ChangeTracker.Clear();
            return await db.TimeBanks.SingleAsync(b => b.LeerregioId == leerregioId, ct);
        }
        return settings;
    }

    public Task<TimeAccount> PoolAsync(int leerregioId, CancellationToken ct = default) =>
        db.TimeAccounts.SingleAsync(a => a.LeerregioId == leerregioId && a.Kind == TimeAccountKind.Pool, ct);

    /// <summary>The member's account in a leerregio, opened with the bank's limits when it does not exist yet.</summary>
    public async Task<TimeAccount> MemberAccountAsync(GrozUser user, int leerregioId, CancellationToken ct = default)
    {
        var account = await db.TimeAccounts.FirstOrDefaultAsync(a => a.LeerregioId == leerregioId && a.Kind == TimeAccountKind.Member && a.UserId == user.Id, ct);
        if (account is not null)
        {
            return account;
        }
        var settings = await EnsureAsync(leerregioId, ct);
        account = new TimeAccount
        {
            LeerregioId = leerregioId, Kind = TimeAccountKind.Member, UserId = user.Id, Name = user.DisplayName,
            MinMinutes = settings.MemberMinMinutes, MaxMinutes = settings.MemberMaxMinutes, CreatedAt = time.GetUtcNow(),
        };
        db.TimeAccounts.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Opened by a parallel request a moment ago (unique index): use that one.
            db.ChangeTracker.Clear();
            account = await db.TimeAccounts.SingleAsync(a => a.LeerregioId == leerregioId && a.Kind == TimeAccountKind.Member && a.UserId == user.Id, ct);
        }
        return account;
    }
}

/// <summary>Minutes as people read them: "2 u 30 min" / "2 h 30 min", with a sign when negative.</summary>
public static class Minutes
{
    public static string Format(int minutes, bool dutch)
    {
        var sign = minutes < 0 ? "−" : "";
        var abs = Math.Abs((long)minutes);
        var (h, m) = (abs / 60, abs % 60);
        var hours = dutch ? "u" : "h";
        return m == 0 ? $"{sign}{h} {hours}" : h == 0 ? $"{sign}{m} min" : $"{sign}{h} {hours} {m} min";
    }
}
