namespace Groz.Web.Features.TimeBank;

public static class TimeBankSetup
{
    public static WebApplicationBuilder AddTimeBank(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Banks>();
        builder.Services.AddScoped<RecordTransfer>();
        builder.Services.AddScoped<TimeBankReports>();
        builder.Services.AddScoped<Marketplace>();
        builder.Services.AddScoped<Conversions>();
        builder.Services.AddScoped<Groz.Web.Features.Accounts.IPersonalDataPart, TimeBankPersonalData>();
        builder.Services.AddScoped<Groz.Web.Features.Accounts.IPersonalDataPart, MarketPersonalData>();
        return builder;
    }
}
