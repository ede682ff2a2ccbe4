namespace Groz.Web.Features.Collaboration;

public static class CollaborationSetup
{
    public static WebApplicationBuilder AddCollaboration(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Collaborations>();
        builder.Services.AddScoped<Wijkgesprekken>();
        builder.Services.AddScoped<Effectiveness>();
        builder.Services.AddScoped<Accounts.IPersonalDataPart, CollaborationPersonalData>();
        return builder;
    }

    public static WebApplication MapCollaboration(this WebApplication app)
    {
        app.MapCollaborationApi();
        return app;
    }
}
