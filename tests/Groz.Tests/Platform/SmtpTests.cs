using Groz.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Platform;

/// <summary>The app configured with an SMTP server (and no outbox), as in production.</summary>
public sealed class SmtpApp : GrozApp
{
    public SmtpSink Sink { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Mail:SmtpHost", "127.0.0.1"), new("Mail:SmtpPort", Sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Mail:SmtpSecurity", "None"), new("Mail:OutboxDirectory", ""), new("Mail:FromAddress", "noreply@groz.example"),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Sink.DisposeAsync();
    }
}

public sealed class SmtpTests(SmtpApp app) : IClassFixture<SmtpApp>
{
    [Fact]
    public async Task Registration_mail_is_delivered_over_smtp_with_the_confirmation_link()
    {
        using var client = app.NewClient();
        var email = $"smtp.{Guid.NewGuid():N}@example.org";
        var wijk = await app.DbAsync(db => db.Wijken.Select(w => w.Id).FirstAsync());
        await client.PostFormAsync("/account/registreren", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Sanne", ["Input.Email"] = email, ["Input.Password"] = "een zin om te onthouden",
            ["Input.ConfirmPassword"] = "een zin om te onthouden", ["Input.WijkId"] = wijk.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.AcceptPrivacy"] = "true",
        });
        string message;
        lock (app.Sink.Messages)
        {
            message = app.Sink.Messages.Single(m => m.Contains(email, StringComparison.Ordinal));
        }
        Assert.Contains("From: Groz <noreply@groz.example>", message, StringComparison.Ordinal);
        Assert.Contains("/account/bevestigen?userId=", message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(app.OutboxDirectory) && Directory.EnumerateFiles(app.OutboxDirectory).Any(), "no outbox when only SMTP is configured");
    }
}
