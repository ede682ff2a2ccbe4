namespace Groz.Web.Features.SocialMap;

public static class PortalSetup
{
    /// <summary>The people-facing Wijkportaal: search, detail pages, the printable overview and curation.</summary>
    public static WebApplicationBuilder AddSocialMapPortal(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Wijkportaal").Get<PortalOptions>() ?? new PortalOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SearchIndexClock>();
        builder.Services.AddSingleton<WijkCache>();
        builder.Services.AddScoped<SearchIndex>();
        builder.Services.AddScoped<PortalSearch>();
        builder.Services.AddScoped<PortalCuration>();
        builder.Services.AddScoped<Accounts.IPersonalDataPart, PortalPersonalData>();
        return builder;
    }

    /// <summary>The origin of the tile URL template, for the CSP's img-src; null when there is no (valid https) tile URL.</summary>
    public static string? TileOrigin(string? tileUrl)
    {
        if (string.IsNullOrWhiteSpace(tileUrl))
        {
            return null;
        }
        var probe = tileUrl.Replace("{s}", "a", StringComparison.Ordinal).Replace("{z}", "0", StringComparison.Ordinal)
            .Replace("{x}", "0", StringComparison.Ordinal).Replace("{y}", "0", StringComparison.Ordinal).Replace("{r}", "", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme != "https")
        {
            return null;
        }
        // {s} subdomains (a.tile…, b.tile…) become a wildcard host.
        var host = tileUrl.Contains("{s}.", StringComparison.Ordinal) ? "*." + uri.Host[(uri.Host.IndexOf('.', StringComparison.Ordinal) + 1)..] : uri.Host;
        return $"https://{host}" + (uri.IsDefaultPort ? "" : $":{uri.Port}");
    }
}
