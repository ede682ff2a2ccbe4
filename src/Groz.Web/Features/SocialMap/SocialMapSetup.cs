using Groz.Web.Infrastructure;

namespace Groz.Web.Features.SocialMap;

public static class SocialMapSetup
{
    public static WebApplicationBuilder AddSocialMap(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<HsdsExport>();
        builder.Services.AddScoped<HsdsImport>();
        builder.Services.AddScoped<Accounts.IPersonalDataPart, SocialMapPersonalData>();
        builder.AllowLargeUpload(SocialMapApi.ImportRoute, HsdsImport.MaxPackageBytes);
        builder.AllowLargeUpload(Manage.IndexModel.Route, HsdsImport.MaxPackageBytes);
        return builder;
    }
}
