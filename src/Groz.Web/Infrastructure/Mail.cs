using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Groz.Web.Infrastructure;

public sealed class MailOptions
{
    public string FromAddress { get; set; } = "noreply@groz.local";
    public string FromName { get; set; } = "Groz";
    /// <summary>Empty: no SMTP server; mail goes only to the outbox folder (if set).</summary>
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    /// <summary>StartTls (587), SslOnConnect (465) or None (a relay on localhost).</summary>
    public SecureSocketOptions SmtpSecurity { get; set; } = SecureSocketOptions.StartTls;
    /// <summary>Every mail is also written here as an .eml file (Development: data/outbox).</summary>
    public string? OutboxDirectory { get; set; }
    /// <summary>Show the outbox at /dev/outbox, so a new user can confirm an account without a mail server.</summary>
    public bool ShowOutboxPage { get; set; }
}

public sealed record OutgoingMail(string To, string Subject, string TextBody);

public sealed class Mailer(MailOptions options, TimeProvider time, ILogger<Mailer> logger)
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct = default)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Date = time.GetUtcNow();
        message.Body = new TextPart("plain") { Text = mail.TextBody };

        if (!string.IsNullOrWhiteSpace(options.OutboxDirectory))
        {
            Directory.CreateDirectory(options.OutboxDirectory);
            var name = $"{time.GetUtcNow():yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml";
            await message.WriteToAsync(Path.Combine(options.OutboxDirectory, name), ct);
        }
        if (!string.IsNullOrWhiteSpace(options.SmtpHost))
        {
            using var smtp = new SmtpClient();
            await smtp.ConnectAsync(options.SmtpHost, options.SmtpPort, options.SmtpSecurity, ct);
            if (!string.IsNullOrEmpty(options.SmtpUser))
            {
                await smtp.AuthenticateAsync(options.SmtpUser, options.SmtpPassword ?? "", ct);
            }
            await smtp.SendAsync(message, ct);
            try
            {
                await smtp.DisconnectAsync(true, ct);
            }
            catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or MailKit.CommandException or OperationCanceledException)
            {
                // The server has accepted the mail; a failed goodbye must not make the caller send it again.
                logger.LogWarning(ex, "SMTP disconnect failed after the mail was accepted");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.OutboxDirectory))
        {
            logger.LogWarning("Mail not sent: neither Mail:SmtpHost nor Mail:OutboxDirectory is configured");
        }
    }

    /// <summary>The outbox, newest first, for the development page and for tests.</summary>
    public IReadOnlyList<MimeMessage> ReadOutbox()
    {
        if (string.IsNullOrWhiteSpace(options.OutboxDirectory) || !Directory.Exists(options.OutboxDirectory))
        {
            return [];
        }
        return Directory.GetFiles(options.OutboxDirectory, "*.eml")
            .OrderDescending(StringComparer.Ordinal)
            .Select(f => MimeMessage.Load(f))
            .ToList();
    }
}

public static class MailSetup
{
    public static WebApplicationBuilder AddGrozMail(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<Mailer>();
        return builder;
    }
}
