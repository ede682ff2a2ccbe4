namespace Groz.Web.Features.Events;

public static class EventsSetup
{
    public static WebApplicationBuilder AddEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Registrations>();
        builder.Services.AddScoped<EventEditor>();
        builder.Services.AddScoped<EventReminders>();
        builder.Services.AddScoped<EventRetention>();
        builder.Services.AddScoped<Accounts.IPersonalDataPart, EventsPersonalData>();
        builder.Services.AddSingleton<EventJobs>();
        builder.Services.AddHostedService(s => s.GetRequiredService<EventJobs>());
        builder.Services.AddScoped<ProeverijEditor>();
        builder.Services.AddScoped<EventFeedbackService>();
        builder.Services.AddHostedService<EventFeedbackJob>();
        return builder;
    }
}
