namespace Groz.Web.Features.Monitoring;

public static class MonitoringSetup
{
    public static WebApplicationBuilder AddMonitoring(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Surveys>();
        builder.Services.AddScoped<Accounts.IPersonalDataPart, MonitoringPersonalData>();
        builder.Services.AddScoped<SurveyResults>();
        builder.Services.AddScoped<PlatformIndicators>();
        builder.Services.AddScoped<IndicatorReads>();
        builder.Services.AddScoped<Dashboards>();
        builder.Services.AddScoped<PeriodicReports>();
        builder.Services.AddScoped<MonitoringImport>();
        builder.Services.AddScoped<SurveyIndicators>();
        builder.Services.AddScoped<Targets>();
        builder.Services.AddScoped<SurveyExtracts>();
        builder.Services.AddSingleton<MonitoringJob>();
        builder.Services.AddHostedService(s => s.GetRequiredService<MonitoringJob>());
        return builder;
    }

    public static WebApplication MapMonitoring(this WebApplication app)
    {
        app.MapMonitoringApi();
        app.MapDashboardApi();
        app.MapTargetsApi();
        return app;
    }
}
