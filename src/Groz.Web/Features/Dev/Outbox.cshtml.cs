using System.Text.RegularExpressions;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Groz.Web.Features.Dev;

/// <summary>
/// The mail outbox, for development and demos: a new user can confirm an account without a mail server.
/// Only there when Mail:ShowOutboxPage is on (Development); otherwise it does not exist (404).
/// </summary>
public sealed partial class OutboxModel(Mailer mailer, MailOptions options) : PageModel
{
    public sealed record Segment(string Text, bool IsLink);
    public sealed record Mail(string To, string Subject, DateTimeOffset Date, List<List<Segment>> Lines);

    public List<Mail> Mails { get; } = [];

    public IActionResult OnGet()
    {
        if (!options.ShowOutboxPage)
        {
            return NotFound();
        }
        foreach (var m in mailer.ReadOutbox().Take(50))
        {
            var lines = (m.TextBody ?? "").Split('\n').Select(Split).ToList();
            Mails.Add(new Mail(string.Join(", ", m.To.Mailboxes.Select(x => x.Address)), m.Subject ?? "", m.Date, lines));
        }
        return Page();
    }

    /// <summary>Splits a line into text and links, so that the page renders links without raw HTML.</summary>
    private static List<Segment> Split(string line)
    {
        var segments = new List<Segment>();
        var at = 0;
        foreach (Match match in LinkRegex().Matches(line))
        {
            if (match.Index > at)
            {
                segments.Add(new Segment(line[at..match.Index], false));
            }
            segments.Add(new Segment(match.Value, true));
            at = match.Index + match.Length;
        }
        if (at < line.Length)
        {
            segments.Add(new Segment(line[at..].TrimEnd('\r'), false));
        }
        return segments;
    }

    [GeneratedRegex(@"https?://[^\s]+")]
    private static partial Regex LinkRegex();
}
