using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Groz.Web.Infrastructure;

public static class Localization
{
    public const string CultureCookie = ".Groz.Culture";
    public static readonly CultureInfo Dutch = new("nl-NL");
    public static readonly CultureInfo English = new("en-GB");

    public static bool IsDutch => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl";

    public static WebApplicationBuilder AddGrozLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Dutch);
            // The neutral cultures too, so that "Accept-Language: en" or "?culture=nl" match.
            o.SupportedCultures = [Dutch, English, new CultureInfo("nl"), new CultureInfo("en")];
            o.SupportedUICultures = [Dutch, English, new CultureInfo("nl"), new CultureInfo("en")];
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // Dutch first for people: only an explicit choice (cookie from the switch, or ?culture=) changes it.
            // API callers may ask for English with Accept-Language.
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider { CookieName = CultureCookie },
                new ApiAcceptLanguageProvider(),
            ];
        });
        return builder;
    }

    private sealed class ApiAcceptLanguageProvider : AcceptLanguageHeaderRequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            Errors.IsApi(httpContext.Request) ? base.DetermineProviderCultureResult(httpContext) : NullProviderCultureResult;
    }
}
