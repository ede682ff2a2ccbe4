namespace Groz.Web.Features.Events;

public static class EventsSetup
{
    public static WebApplicationBuilder AddEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Registrations>();
        builder.Services.AddScoped<EventEditor>();
        return builder;
    }
}
