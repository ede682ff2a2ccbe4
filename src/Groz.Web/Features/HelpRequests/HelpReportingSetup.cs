namespace Groz.Web.Features.HelpRequests;

/// <summary>Reports, retention and vitaal werken of Hulpvragen (their own registration, next to <see cref="HelpRequestsSetup"/>).</summary>
public static class HelpReportingSetup
{
    public static WebApplicationBuilder AddHelpReporting(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<HelpReports>();
        builder.Services.AddScoped<HelpRetention>();
        builder.Services.AddScoped<VitalWork>();
        builder.Services.AddSingleton<HelpRetentionJob>();
        builder.Services.AddHostedService(s => s.GetRequiredService<HelpRetentionJob>());
        return builder;
    }
}
