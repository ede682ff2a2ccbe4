using Groz.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Monitoring.Dashboard;

/// <summary>The dashboard for the leerregio's coordinators (every figure) and researchers (small cells suppressed).</summary>
[Authorize]
public sealed class ManageModel(GrozDbContext db, Dashboards dashboards, IStringLocalizer<SharedResource> l) : DashboardPageModel(db, dashboards, l)
{
    public override string BasePath => $"/beheer/monitoring/{Leerregio.Slug}/dashboard";

    protected override bool? HideSmall(int leerregioId) => Surveys.MayRead(User, leerregioId) ? !Surveys.SeesSmallNumbers(User, leerregioId) : null;
}
