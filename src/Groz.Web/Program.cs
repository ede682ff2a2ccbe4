using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.Collaboration;
using Groz.Web.Features.Events;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Features.Knowledge;
using Groz.Web.Features.Monitoring;
using Groz.Web.Features.Notifications;
using Groz.Web.Features.Regions;
using Groz.Web.Features.SocialMap;
using Groz.Web.Features.TimeBank;
using Groz.Web.Features.Welcome;
using Groz.Web.Infrastructure;

// `groz backup FILE` and `groz restore FILE` run instead of the web server (README: Operations).
if (args.Length > 0 && Operations.IsCommand(args[0]))
{
    return await Operations.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddGrozPlatform();
builder.AddGrozData();
builder.AddGrozSecurity();
builder.AddGrozErrors();
builder.AddGrozLocalization();
builder.AddGrozMail();
builder.AddGrozApi();
builder.AddAccounts();
builder.AddRegions();
builder.AddNotifications();
builder.AddTimeBank();
builder.AddSocialMap();
builder.AddSocialMapPortal();
builder.AddHelpRequests();
builder.AddEvents();
builder.AddMonitoring();
builder.AddKnowledge();
builder.AddCollaboration();
builder.AddWelcome();

var app = builder.Build();
app.UseGrozForwardedHeaders();
app.UseRequestLocalization(); // before errors, so that error pages and problem titles are in the caller's language
app.UseGrozErrors();
app.UseGrozSecurityHeaders();
app.UseRequestSizeLimit();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseTwoFactorRequirement();
app.UseAuthorization();
app.UseAntiforgery();

app.MapGrozPlatform();
app.MapGrozApi();
app.MapAccountsApi();
app.MapRegionsApi();
app.MapNotificationsApi();
app.MapTimeBankApi();
app.MapMarketApi();
app.MapHsdsApi();
app.MapSocialMapApi();
app.MapPortalApi();
app.MapHelpRequestsModuleApi();
app.MapEventsApi();
app.MapMonitoring();
app.MapKnowledge();
app.MapCollaboration();
app.MapWelcome();

await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;

/// <summary>Visible to the test projects' WebApplicationFactory.</summary>
public partial class Program;
