using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Groz.Tests.Support;

/// <summary>
/// A minimal SMTP server on loopback that accepts every message and keeps its raw text: enough to prove that the
/// app's MailKit client really delivers over SMTP (EHLO, MAIL, RCPT, DATA, QUIT), without a mail server installed.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public List<string> Messages { get; } = [];
    /// <summary>Addresses whose RCPT TO is answered 550 (mailbox unavailable), as a server does for one bad address.</summary>
    public HashSet<string> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>While true, every connection is closed right after it is accepted: the mail server is down.</summary>
    public bool Down { get; set; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public SmtpSink()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            if (Down)
            {
                return;
            }
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 groz-test ESMTP");
            while (await reader.ReadLineAsync() is { } line)
            {
                var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (command)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-groz-test");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                        var message = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } data && data != ".")
                        {
                            message.AppendLine(data.StartsWith("..", StringComparison.Ordinal) ? data[1..] : data);
                        }
                        lock (Messages)
                        {
                            Messages.Add(message.ToString());
                        }
                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "RCPT" when IsRefused(line):
                        await writer.WriteLineAsync("550 5.1.1 mailbox unavailable");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 ok");
                        break;
                }
            }
        }
    }

    private bool IsRefused(string line)
    {
        lock (Refused)
        {
            return Refused.Any(a => line.Contains($"<{a}>", StringComparison.OrdinalIgnoreCase));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
