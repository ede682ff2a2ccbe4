using Groz.Web.Data;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring.Dashboard;

/// <summary>
/// The public dashboard of a leerregio or wijk: aggregates only, small cells suppressed for everyone, coordinators too
/// (a public page may be shown on a screen or printed; their exact figures are on the beheer dashboard).
/// </summary>
public sealed class PublicModel(GrozDbContext db, Dashboards dashboards, IStringLocalizer<SharedResource> l) : DashboardPageModel(db, dashboards, l)
{
    public override string BasePath => "/monitoring/" + Leerregio.Slug;

    protected override bool? HideSmall(int leerregioId) => true;
}
