namespace Groz.Web.Features.HelpRequests;

public static class HelpRequestsSetup
{
    public static WebApplicationBuilder AddHelpRequests(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<HelpRequests>();
        builder.Services.AddScoped<HelpReports>();
        builder.Services.AddScoped<HelpRetention>();
        builder.Services.AddScoped<VitalWork>();
        builder.Services.AddScoped<HelpSettingsEditing>();
        builder.Services.AddScoped<HelpVolunteering>();
        builder.Services.AddScoped<Accounts.IPersonalDataPart, HelpRequestsPersonalData>();
        builder.Services.AddSingleton<HelpRetentionJob>();
        builder.Services.AddHostedService(s => s.GetRequiredService<HelpRetentionJob>());
        builder.Services.AddHostedService<HelpOverdueJob>();
        return builder;
    }

    /// <summary>The module's API: the workflow, reports and retention, settings and profiles (each in its own file).</summary>
    public static WebApplication MapHelpRequestsModuleApi(this WebApplication app)
    {
        app.MapHelpRequestsApi();
        app.MapHelpReportingApi();
        app.MapHelpSettingsApi();
        return app;
    }
}
