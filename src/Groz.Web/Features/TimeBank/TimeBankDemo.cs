using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.TimeBank;

/// <summary>Demo Tijdbank: accounts for the demo members and a few real transfers, made through RecordTransfer itself.</summary>
public static class TimeBankDemo
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        var banks = services.GetRequiredService<Banks>();
        var record = services.GetRequiredService<RecordTransfer>();
        foreach (var leerregio in await db.Leerregios.AsNoTracking().OrderBy(l => l.Id).ToListAsync(ct))
        {
            await banks.EnsureAsync(leerregio.Id, ct);
            var members = await db.Users.Where(u => u.LeerregioId == leerregio.Id && u.EmailConfirmed).OrderBy(u => u.Email).ToListAsync(ct);
            var accounts = new Dictionary<string, TimeAccount>();
            foreach (var m in members)
            {
                accounts[m.Email!] = await banks.MemberAccountAsync(m, leerregio.Id, ct);
            }
            TimeAccount Of(GrozRole role) => accounts[DemoData.DemoEmail(role, leerregio.Slug)];
            GrozUser Owner(GrozRole role) => members.Single(u => u.Email == DemoData.DemoEmail(role, leerregio.Slug));
            ClaimsPrincipal As(GrozUser user, bool coordinator = false)
            {
                List<Claim> claims = [new(ClaimTypes.NameIdentifier, user.Id), new(Access.LeerregioClaim, leerregio.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))];
                if (coordinator)
                {
                    claims.Add(new(Access.RoleClaim, Access.Encode(GrozRole.Coordinator, leerregio.Id, null)));
                    claims.Add(new(Access.TwoFactorClaim, "1"));
                }
                return new ClaimsPrincipal(new ClaimsIdentity(claims, "demo"));
            }
            var resident = Owner(GrozRole.Resident);
            var volunteer = Owner(GrozRole.Volunteer);
            await record.ExecuteAsync(As(resident), new(TransferKind.Exchange, Of(GrozRole.Resident).Id, [Of(GrozRole.Volunteer).Id], 90, "Boodschappen gedaan en samen koffie gedronken"), ct: ct);
            await record.ExecuteAsync(As(Owner(GrozRole.InformalCarer)), new(TransferKind.Exchange, Of(GrozRole.InformalCarer).Id, [Of(GrozRole.Student).Id], 120, "Hulp bij de computer en DigiD"), ct: ct);
            await record.ExecuteAsync(As(volunteer), new(TransferKind.Donation, Of(GrozRole.Volunteer).Id, [(await banks.PoolAsync(leerregio.Id, ct)).Id], 60, "Voor buren die het zelf niet kunnen"), ct: ct);
            var pool = await banks.PoolAsync(leerregio.Id, ct);
            await record.ExecuteAsync(As(Owner(GrozRole.Coordinator), coordinator: true), new(TransferKind.Grant, pool.Id, [Of(GrozRole.InformalCarer).Id], 30, "Dank voor de inzet bij de buurtschoonmaak"), ct: ct);
            await MarketDemo.SeedAsync(services, leerregio, members, ct);
        }
    }
}
