using Microsoft.Extensions.Options;

namespace Groz.Web.Features.Welcome;

public static class WelcomeSetup
{
    public static WebApplicationBuilder AddWelcome(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WelcomeOptions>().Bind(builder.Configuration.GetSection("Welcome")).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WelcomeOptions>, WelcomeOptionsValidation>();
        builder.Services.AddScoped<WelcomeRoutes>();
        builder.Services.AddScoped<WelcomeLetters>();
        builder.Services.AddScoped<WelcomeRetention>();
        builder.Services.AddHostedService<WelcomeRetentionJob>();
        return builder;
    }

    public static WebApplication MapWelcome(this WebApplication app)
    {
        app.MapWelcomeApi();
        return app;
    }
}
