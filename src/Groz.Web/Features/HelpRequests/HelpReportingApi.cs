using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// Reports, retention and vitaal werken under /api/v1/helprequests (next to <see cref="HelpRequestsApi"/>, same tag).
/// Writes go through the same services as the pages and take an Idempotency-Key like every write of the module.
/// </summary>
public static class HelpReportingApi
{
    public sealed record NewVitalWork(int? WijkId, string? CompanyName, string? KvkNumber, int? StaffCount, string? Wish,
        ContactPreference? ContactPreference, string? ContactPhone, string? ContactEmail, bool? ProcessingConsent);
    public sealed record VitalReferrals(VitalPick[]? Picks);
    public sealed record VitalReferralDto(int Id, string ProviderKind, Guid? OrganizationId, string? Organization, Guid? ServiceId, string? Service, DateTimeOffset At);
    public sealed record VitalWorkDto(int Id, string Status, string CompanyName, string? KvkNumber, int StaffCount, IReadOnlyList<VitalReferralDto> Referrals);
    public sealed record VitalProviderDto(Guid OrganizationId, string Name, string? Description, IReadOnlyList<VitalServiceDto> Services);
    public sealed record VitalServiceDto(Guid Id, string Name);
    public sealed record RetentionDto(int LeerregioId, int Pseudonymised, DateTimeOffset ClosedBefore);

    public static WebApplication MapHelpReportingApi(this WebApplication app)
    {
        var api = app.MapApiV1("helprequests", "HelpRequests").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/reports", HelpReports.GetAsync)
            .WithSummary("Report of a leerregio (or one wijk) for a period (from, to: yyyy-MM-dd, by the day asked): by category and urgency, deadlines met, matched vs referred, outcomes, medians; personal help and vitaal werken apart. Coordinators see every figure; researchers and buurtassistenten (their wijk only) get counts 1–4 as null. format=csv for a spreadsheet.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/retention/run", RetentionAsync).DisableValidation()
            .WithSummary("Pseudonymise now the requests of the leerregio closed longer ago than its retention period (coordinators and administrators); audited. The same runs daily by itself.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/vital-work", AskVitalAsync).DisableValidation()
            .WithSummary("Vitaal werken: ask, as an employer or entrepreneur, for a vitality programme for your staff. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/{id:int}/vital-work", GetVitalAsync)
            .WithSummary("The company details and chosen providers of a vitality question (its asker, the wijk's staff; staff views are audited).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/vital-providers", ProvidersAsync)
            .WithSummary("Published organisations of the leerregio's Wijkportaal with their services, to match a vitality question with (coordinators); q filters by name.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:int}/vital-referrals", ReferVitalAsync).DisableValidation()
            .WithSummary("Match a triaged vitality question with one to ten providers (organisation or service, each as freelancer, professional or education); triaged → referred. Coordinators only. Send an Idempotency-Key header.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> RetentionAsync(string? leerregio, HttpContext http, GrozDbContext db, HelpRetention retention)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == leerregio);
        if (lr is null || !HelpReports.MayRead(http.User, lr.Id))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        if (!http.User.CanManage(lr.Id))
        {
            return Errors.Problem(http, 403, "not-allowed");
        }
        var result = await retention.RunAsync(lr.Id, http.User.UserId(), http.RequestAborted);
        return TypedResults.Ok(new RetentionDto(result.LeerregioId, result.Pseudonymised, result.ClosedBefore));
    }

    private static Task<IResult> AskVitalAsync(NewVitalWork input, HttpContext http, GrozDbContext db, TimeProvider time, VitalWork vital, HelpRequests help) =>
        Run(http, db, time, help, "vital:" + JsonSerializer.Serialize(input), save => vital.AskAsync(http.User,
            new VitalWorkInput(input.WijkId, input.CompanyName, input.KvkNumber, input.StaffCount, input.Wish, input.ContactPreference, input.ContactPhone, input.ContactEmail,
                input.ProcessingConsent ?? false), save, http.RequestAborted), 201);

    private static Task<IResult> ReferVitalAsync(int id, VitalReferrals input, HttpContext http, GrozDbContext db, TimeProvider time, VitalWork vital, HelpRequests help) =>
        Run(http, db, time, help, $"vital-refer:{id}:" + JsonSerializer.Serialize(input), save => vital.ReferAsync(http.User, id, input.Picks, save, http.RequestAborted));

    private static async Task<IResult> Run(HttpContext http, GrozDbContext db, TimeProvider time, HelpRequests help, string what,
        Func<Func<HelpRequest, Task>, Task<Outcome<HelpRequest>>> write, int successStatus = 200)
    {
        if (!http.User.HasScope("write"))
        {
            return Errors.Problem(http, 403, "write-scope-required");
        }
        return await TimeBankApi.IdempotentAsync(http, db, time, what, write, r => HelpRequestsApi.DtoAsync(db, help, http.User, r), r => $"/api/v1/helprequests/{r.Id}", successStatus);
    }

    private static async Task<IResult> GetVitalAsync(int id, HttpContext http, VitalWork vital)
    {
        if (await vital.ViewAsync(http.User, id, "api", http.RequestAborted) is not { } v)
        {
            return Errors.Problem(http, 404, "unknown-request");
        }
        return TypedResults.Ok(new VitalWorkDto(id, v.Request.Status.ToString(), v.Details.CompanyName, v.Details.KvkNumber, v.Details.StaffCount,
            v.Referrals.Select(x => new VitalReferralDto(x.Referral.Id, x.Referral.ProviderKind.ToString(), x.Referral.OrganizationId, x.Organization, x.Referral.ServiceId, x.Service, x.Referral.At)).ToList()));
    }

    private static async Task<IResult> ProvidersAsync(string? leerregio, string? q, HttpContext http, GrozDbContext db, VitalWork vital)
    {
        var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == leerregio);
        if (lr is null || !http.User.CanManage(lr.Id))
        {
            return Errors.Problem(http, 404, "not-found");
        }
        var rows = await vital.ProvidersAsync(lr.Id, q, http.RequestAborted);
        return TypedResults.Ok(rows.Select(p => new VitalProviderDto(p.OrganizationId, p.Name, p.Description, p.Services.Select(s => new VitalServiceDto(s.Id, s.Name)).ToList())).ToList());
    }
}
