using System.Net;
using Microsoft.AspNetCore.Hosting;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Groz.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Browser.Tests.Support;

/// <summary>
/// The real app (own SQLite database with demo data, own mail outbox) on a real Kestrel port, because a browser
/// cannot talk to the in-memory test server. It speaks https with a throwaway self-signed certificate: the app
/// refuses plain http on purpose (antiforgery and session cookies are SecurePolicy=Always and antiforgery throws
/// on a non-TLS request), and the browser context ignores the certificate's issuer.
/// </summary>
public sealed class BrowserApp : GrozApp
{
    public BrowserApp()
    {
        var certificate = SelfSignedLocalhost();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
    }

    /// <summary>A tile host, so that the Wijkportaal offers its map (and the journeys can switch it off).</summary>
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Wijkportaal:TileUrl", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")];

    /// <summary>https://localhost:PORT/ (the port Kestrel picked).</summary>
    public Uri BaseAddress { get; private set; } = new("https://localhost/");

    protected override void Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri($"https://localhost:{new Uri(address).Port}/");
    }

    private static X509Certificate2 SelfSignedLocalhost()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
    }
}
