using System.Net;
using System.Text.Json;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Accounts;

public sealed class RegistrationTests(GrozApp app) : IClassFixture<GrozApp>
{
    private static int _n;
    private static string NewEmail() => $"nieuw{Interlocked.Increment(ref _n)}.{Guid.NewGuid():N}@example.org";
    private const string Password = "fietsen langs de vaartsche rijn";

    private async Task<int> KanaleneilandIdAsync() => await app.DbAsync(db => db.Wijken.Where(w => w.Code == "WK034408").Select(w => w.Id).FirstAsync());

    private async Task<Page> RegisterAsync(FormClient client, string email, string password = Password, Dictionary<string, string>? extra = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Noor", ["Input.Email"] = email, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
            ["Input.WijkId"] = (await KanaleneilandIdAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Interests[]"] = "leefstijl,zorg-voor-elkaar", ["Input.Roles[]"] = "Volunteer", ["Input.AcceptPrivacy"] = "true",
        };
        foreach (var (k, v) in extra ?? [])
        {
            fields[k] = v;
        }
        return await client.PostFormAsync("/account/registreren", fields);
    }

    [Fact]
    public async Task New_member_registers_confirms_signs_in_turns_on_2fa_and_signs_out()
    {
        using var client = app.NewClient();
        var email = NewEmail();
        var registered = await RegisterAsync(client, email);
        Assert.Equal(HttpStatusCode.OK, registered.Status);
        Assert.Contains("Kijk in uw e-mail", registered.Text, StringComparison.Ordinal);

        // Not confirmed yet: signing in is refused with a clear message.
        var early = await client.SignInAsync(email, Password);
        Assert.Contains("nog niet bevestigd", early.Text, StringComparison.Ordinal);

        var confirm = await client.GetAsync(client.LinkInLatestMail(email));
        Assert.Contains("Uw e-mailadres is bevestigd", confirm.Text, StringComparison.Ordinal);

        var signedIn = await client.SignInAsync(email, Password);
        Assert.Equal("/", signedIn.Location);
        var home = await client.GetAsync("/");
        Assert.Contains("Mijn wijk: Kanaleneiland", home.Text, StringComparison.Ordinal);

        var user = await app.DbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        var roles = await app.DbAsync(db => db.RoleAssignments.Where(r => r.UserId == user.Id).Select(r => r.Role).ToListAsync());
        Assert.Equal([GrozRole.Resident, GrozRole.Volunteer], roles.Order());
        Assert.Equal("leefstijl,zorg-voor-elkaar", user.Interests);
        Assert.True(await app.DbAsync(db => db.Consents.AnyAsync(c => c.UserId == user.Id && c.Purpose == "privacy-statement" && c.TextVersion == RegisterModel.PrivacyTextVersion)));

        // 2FA enrolment with the key shown on the page.
        var setup = await client.GetAsync("/account/tweestaps");
        var key = setup.Html.QuerySelector("main .code")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var wrong = await client.SubmitAsync(setup, new Dictionary<string, string> { ["Input.Code"] = "000000" });
        Assert.Contains("Deze code klopt niet", wrong.Text, StringComparison.Ordinal);
        var enabled = await client.SubmitAsync(await client.GetAsync("/account/tweestaps"), new Dictionary<string, string> { ["Input.Code"] = AccountHelpers.TotpCode(key) });
        Assert.Equal(10, enabled.Html.QuerySelectorAll("ul.code li").Length);
        Assert.True(await app.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync()));

        var signedOut = await client.SubmitAsync(await client.GetAsync("/"), new Dictionary<string, string>(), "form[action='/account/uitloggen']");
        Assert.Equal("/", signedOut.Location);
        Assert.Null((await client.GetAsync("/")).Html.QuerySelector("form[action='/account/uitloggen']"));

        // Next sign-in asks for the code.
        var again = await client.SignInAsync(email, Password);
        Assert.StartsWith("/account/inloggen/tweestaps", again.Location, StringComparison.Ordinal);
        var done = await client.SubmitAsync(await client.GetAsync(again.Location!), new Dictionary<string, string> { ["Input.Code"] = AccountHelpers.TotpCode(key) });
        Assert.Equal("/", done.Location);
        var actions = await app.DbAsync(db => db.AuditLog.Where(a => a.UserId == user.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains("account.registered", actions);
        Assert.Contains("account.email-confirmed", actions);
        Assert.Contains("account.2fa-enabled", actions);
        Assert.Contains("account.signin", actions);
    }

    [Theory]
    [InlineData("Input.Password", "kort", "minstens 12 tekens")]
    [InlineData("Input.Password", "wachtwoord2024!", "te makkelijk te raden")]
    [InlineData("Input.Password", "qwertyuiopasdf", "te makkelijk te raden")]
    [InlineData("Input.ConfirmPassword", "iets heel anders dan dit", "niet hetzelfde")]
    [InlineData("Input.WijkId", "", "Kies uw wijk")]
    [InlineData("Input.WijkId", "999999", "Kies uw wijk")]
    [InlineData("Input.AcceptPrivacy", "false", "akkoord gaat met de privacyverklaring")]
    [InlineData("Input.Email", "geen-adres", "geen geldig e-mailadres")]
    [InlineData("Input.DisplayName", "", "Vul uw naam in")]
    public async Task Bad_registration_input_shows_a_clear_message_and_creates_nothing(string field, string value, string message)
    {
        using var client = app.NewClient();
        var email = NewEmail();
        var before = await app.DbAsync(db => db.Users.CountAsync());
        var extra = new Dictionary<string, string> { [field] = value };
        if (field == "Input.Password")
        {
            extra["Input.ConfirmPassword"] = value;
        }
        var page = await RegisterAsync(client, email, extra: extra);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.Text, StringComparison.Ordinal);
        Assert.Equal(before, await app.DbAsync(db => db.Users.CountAsync()));
        Assert.Empty(client.MailsTo(email));
    }

    [Fact]
    public async Task Registering_a_known_address_looks_the_same_but_creates_nothing_and_warns_the_owner()
    {
        using var client = app.NewClient();
        var existing = Groz.Web.Data.DemoData.DemoEmail(GrozRole.Resident, "utrecht");
        var before = await app.DbAsync(db => db.Users.CountAsync());
        var page = await RegisterAsync(client, existing);
        Assert.Contains("Kijk in uw e-mail", page.Text, StringComparison.Ordinal);
        Assert.Equal(before, await app.DbAsync(db => db.Users.CountAsync()));
        Assert.Contains(client.MailsTo(existing), m => m.Subject == "U heeft al een Groz-account");
    }

    [Fact]
    public async Task Registration_form_in_english_gives_english_messages()
    {
        using var client = app.NewClient();
        await client.SubmitAsync(await client.GetAsync("/"), new Dictionary<string, string> { ["culture"] = "en" }, "form.language-switch");
        var page = await RegisterAsync(client, NewEmail(), extra: new() { ["Input.Password"] = "kort", ["Input.ConfirmPassword"] = "kort" });
        Assert.Contains("at least 12 characters", page.Text, StringComparison.Ordinal);
        Assert.Equal("en", page.Html.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Password_reset_by_mail_sets_a_new_password_and_does_not_reveal_unknown_addresses()
    {
        using var client = app.NewClient();
        var email = Groz.Web.Data.DemoData.DemoEmail(GrozRole.Student, "leidsche-rijn");
        var unknown = await client.PostFormAsync("/account/wachtwoord-vergeten", new Dictionary<string, string> { ["Input.Email"] = "niemand@example.org" });
        var known = await client.PostFormAsync("/account/wachtwoord-vergeten", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Equal(unknown.Html.QuerySelector("main")!.TextContent, known.Html.QuerySelector("main")!.TextContent);

        var link = client.LinkInLatestMail(email);
        var reset = await client.SubmitAsync(await client.GetAsync(link), new Dictionary<string, string> { ["Input.Password"] = "een nieuw lang wachtwoord", ["Input.ConfirmPassword"] = "een nieuw lang wachtwoord" });
        Assert.Equal("/account/inloggen", reset.Location);
        Assert.Equal("/", (await client.SignInAsync(email, "een nieuw lang wachtwoord")).Location);

        // The link works once.
        var reused = await client.SubmitAsync(await client.GetAsync(link), new Dictionary<string, string> { ["Input.Password"] = "nog een ander wachtwoord", ["Input.ConfirmPassword"] = "nog een ander wachtwoord" });
        Assert.Equal(HttpStatusCode.OK, reused.Status);
        Assert.Contains("werkt niet meer", reused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_contains_what_was_entered_and_deletion_really_erases_it()
    {
        using var client = app.NewClient();
        var email = NewEmail();
        await RegisterAsync(client, email, extra: new() { ["Input.DisplayName"] = "Zeldzame Naam Zonneveld" });
        await client.GetAsync(client.LinkInLatestMail(email));
        await client.SignInAsync(email, Password);

        var download = await client.Http.GetAsync("/account/mijn-gegevens?handler=Download");
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await download.Content.ReadAsStringAsync());
        var account = json.RootElement.GetProperty("account");
        Assert.Equal(email, account.GetProperty("email").GetString());
        Assert.Equal("Zeldzame Naam Zonneveld", account.GetProperty("displayName").GetString());
        Assert.Equal(["leefstijl", "zorg-voor-elkaar"], account.GetProperty("interests").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("privacy-statement", json.RootElement.GetProperty("consents")[0].GetProperty("purpose").GetString());
        Assert.Contains(json.RootElement.GetProperty("roles").EnumerateArray(), r => r.GetProperty("role").GetString() == "Volunteer");

        var userId = await app.DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var wrongPassword = await client.PostFormAsync("/account/mijn-gegevens", new Dictionary<string, string> { ["Input.Password"] = "niet mijn wachtwoord" });
        Assert.Contains("Het wachtwoord klopt niet", wrongPassword.Text, StringComparison.Ordinal);
        Assert.True(await app.DbAsync(db => db.Users.AnyAsync(u => u.Email == email)));

        var deleted = await client.PostFormAsync("/account/mijn-gegevens", new Dictionary<string, string> { ["Input.Password"] = Password });
        Assert.Equal("/", deleted.Location);

        var row = await app.DbAsync(db => db.Users.SingleAsync(u => u.Id == userId));
        Assert.Equal(PersonalData.FormerMemberName, row.DisplayName);
        Assert.DoesNotContain(email, row.Email, StringComparison.Ordinal);
        Assert.Null(row.PasswordHash);
        Assert.Equal("", row.Interests);
        Assert.NotNull(row.ErasedAt);
        Assert.False(await app.DbAsync(db => db.Users.AnyAsync(u => u.Email == email || u.DisplayName == "Zeldzame Naam Zonneveld")));
        Assert.False(await app.DbAsync(db => db.RoleAssignments.AnyAsync(r => r.UserId == userId)));
        Assert.False(await app.DbAsync(db => db.AuditLog.AnyAsync(a => a.UserId == userId && a.IpAddress != null)));
        Assert.True(await app.DbAsync(db => db.Consents.Where(c => c.UserId == userId).AllAsync(c => c.WithdrawnAt != null)));
        Assert.Contains(client.MailsTo(email), m => m.Subject == "Uw Groz-account is verwijderd");

        // Signed out, and the old password no longer works.
        Assert.Null((await client.GetAsync("/")).Html.QuerySelector("form[action='/account/uitloggen']"));
        Assert.Contains("klopt niet", (await client.SignInAsync(email, Password)).Text, StringComparison.Ordinal);
    }
}
