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
            var coordinator = As(Owner(GrozRole.Coordinator), coordinator: true);
            await record.ExecuteAsync(coordinator, new(TransferKind.Grant, pool.Id, [Of(GrozRole.InformalCarer).Id], 30, "Dank voor de inzet bij de buurtschoonmaak"), ct: ct);
            await SeedConversionsAsync(services, leerregio, coordinator, As(Owner(GrozRole.Student)), Of(GrozRole.Student), As(volunteer), Of(GrozRole.Volunteer), ct);
            await MarketDemo.SeedAsync(services, leerregio, members, ct);
        }
    }

    /// <summary>
    /// Converting hours: the paying organisation, a rate since the start of the year, a budget of the gemeente, and two
    /// requests made through <see cref="Conversions"/> itself: the student's approved by the coordinator and paid in a
    /// SEPA batch, the volunteer's still waiting.
    /// </summary>
    private static async Task SeedConversionsAsync(IServiceProvider services, Regions.Leerregio leerregio, ClaimsPrincipal coordinator,
        ClaimsPrincipal student, TimeAccount studentAccount, ClaimsPrincipal volunteer, TimeAccount volunteerAccount, CancellationToken ct)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        var conversions = services.GetRequiredService<Conversions>();
        var today = conversions.Today;
        var settings = await conversions.SettingsAsync(leerregio.Id, ct);
        settings.PayerName = $"Stichting GROZ {leerregio.Name}";
        settings.PayerIban = DemoPayerIban;
        settings.PayerBic = "ABNANL2A";
        // The demo's rate starts on the first of January; a coordinator can only add rates from today on.
        db.ConversionRates.Add(new ConversionRate
        {
            LeerregioId = leerregio.Id, EurosPerHour = 10.00m, ValidFrom = new DateOnly(today.Year, 1, 1), CreatedByUserId = coordinator.UserId()!, CreatedAt = DateTimeOffset.UnixEpoch,
        });
        await db.SaveChangesAsync(ct);
        await conversions.AddBudgetAsync(coordinator, leerregio.Id, new("Gemeente Utrecht", 5000m, new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31), null), ct: ct);
        var paid = await conversions.RequestAsync(student, new(studentAccount.Id, 60, Iban.Make("NL", "INGB0001234567"), "Daan Mulder"), ct: ct);
        if (paid.Value is { } request)
        {
            await conversions.ApproveAsync(coordinator, request.Id, null, "Akkoord", ct: ct);
            await conversions.ExportAsync(coordinator, leerregio.Id, today.AddDays(1), ct: ct);
        }
        await conversions.RequestAsync(volunteer, new(volunteerAccount.Id, 30, Iban.Make("NL", "RABO0123456789"), "Joost Bakker"), ct: ct);
    }

    /// <summary>The textbook example IBAN of ISO 13616 (ABN AMRO): valid, and nobody's real account.</summary>
    public const string DemoPayerIban = "NL91ABNA0417164300";
}
