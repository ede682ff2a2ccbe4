namespace Groz.Web.Features.HelpRequests;

public static class HelpRequestsSetup
{
    public static WebApplicationBuilder AddHelpRequests(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<HelpRequests>();
        return builder;
    }
}
