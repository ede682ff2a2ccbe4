using System.Globalization;
using System.Text;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.TimeBank;

public static class TimeBankTestSupport
{
    public static Task<TimeAccount> MemberAccountAsync(this GrozApp app, GrozRole role, string leerregio = "utrecht") => app.DbAsync(db =>
        db.TimeAccounts.AsNoTracking().Where(a => a.Kind == TimeAccountKind.Member && db.Users.Any(u => u.Id == a.UserId && u.Email == DemoData.DemoEmail(role, leerregio)))
            .SingleAsync());

    public static Task<TimeAccount> PoolAsync(this GrozApp app, string leerregio = "utrecht") => app.DbAsync(db =>
        db.TimeAccounts.AsNoTracking().SingleAsync(a => a.Kind == TimeAccountKind.Pool && db.Leerregios.Any(l => l.Id == a.LeerregioId && l.Slug == leerregio)));

    public static Task<int> BalanceAsync(this GrozApp app, int accountId) =>
        app.DbAsync(db => db.TimeAccounts.Where(a => a.Id == accountId).Select(a => a.BalanceMinutes).SingleAsync());

    /// <summary>Every balance, limit, transfer, entry and setting in one string: equal before and after means the ledger did not change.</summary>
    public static Task<string> LedgerAsync(this GrozApp app) => app.DbAsync(async db =>
    {
        var s = new StringBuilder();
        foreach (var a in await db.TimeAccounts.OrderBy(x => x.Id).ToListAsync()) s.Append(CultureInfo.InvariantCulture, $"A{a.Id}:{a.BalanceMinutes}:{a.MinMinutes}:{a.MaxMinutes}\n");
        foreach (var b in await db.TimeBanks.OrderBy(x => x.Id).ToListAsync())
            s.Append(CultureInfo.InvariantCulture, $"B{b.Id}:{b.MemberMinMinutes}:{b.MemberMaxMinutes}:{b.OrganisationMinMinutes}:{b.OrganisationMaxMinutes}:{b.MaxPerTransferMinutes}:{b.ExchangeNeedsConfirmation}:{b.SocialValuePerHour}\n");
        s.Append(CultureInfo.InvariantCulture, $"T{await db.Transfers.CountAsync()} E{await db.TimeEntries.CountAsync()}");
        return s.ToString();
    });

    public static string ErrorAt(Page page, string fieldId) => page.Html.QuerySelector($"#{fieldId}-error")?.TextContent ?? "";
}
