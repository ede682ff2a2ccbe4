using System.Globalization;
using System.Security.Claims;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Web.Data;
using Groz.Web.Features.Api;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Groz.Web.Features.Events;

/// <summary>
/// The participant list as a file for the organiser (CSV or XLSX, as the Tijdbank statement is made): one date of an
/// activity or all its dates, with status, waitlist position and check-in. Only for those who may manage the event
/// (<see cref="Registrations.CanManageAsync"/>); anyone else gets the same 404 as for an activity that does not exist.
/// Names, e-mail addresses and phone numbers are typed by guests: in the CSV a cell that starts like a formula gets a
/// leading apostrophe (<see cref="StatementExport.AsText"/>); the XLSX stores them as text cells, which no spreadsheet runs.
/// </summary>
public static class RegistrationExport
{
    public sealed record Line(DateTime Date, string Name, string Email, string Phone, string Kind, string Status, int? WaitlistPosition,
        bool CheckedIn, DateTime? CheckedInAt, DateTime RegisteredAt);

    /// <summary>The event if <paramref name="user"/> may export it, else null.</summary>
    public static async Task<Event?> ManagedEventAsync(GrozDbContext db, ClaimsPrincipal user, int eventId, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
        return e is not null && await Registrations.CanManageAsync(db, user, e, ct) ? e : null;
    }

    /// <summary>Lines of one date (<paramref name="occurrence"/>) or of every date; in the order of the participant list.</summary>
    public static async Task<List<Line>> LinesAsync(GrozDbContext db, Event e, DateTimeOffset? occurrence, IStringLocalizer l, CancellationToken ct = default)
    {
        var q = db.EventRegistrations.AsNoTracking().Where(r => r.EventId == e.Id);
        if (occurrence is { } at)
        {
            q = q.Where(r => r.OccurrenceStartsAt == at);
        }
        var rows = await q.OrderBy(r => r.OccurrenceStartsAt).ThenBy(r => r.Status == RegistrationStatus.Waitlisted).ThenBy(r => r.WaitlistPosition).ThenBy(r => r.Id)
            .Select(r => new { R = r, User = db.Users.Where(u => u.Id == r.UserId).Select(u => new { u.DisplayName, u.Email, u.PhoneNumber }).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(x => new Line(
            Recurrence.Local(x.R.OccurrenceStartsAt), x.R.GuestName ?? x.User?.DisplayName ?? "", x.R.GuestEmail ?? x.User?.Email ?? "", x.R.GuestPhone ?? x.User?.PhoneNumber ?? "",
            x.R.UserId is null ? l["Guest"] : l["Member"], l["registration.status." + x.R.Status], x.R.Status == RegistrationStatus.Waitlisted ? x.R.WaitlistPosition : null,
            x.R.Status == RegistrationStatus.Attended, x.R.AttendedAt is { } a ? Recurrence.Local(a) : null, Recurrence.Local(x.R.CreatedAt))).ToList();
    }

    private static string[] Headers(IStringLocalizer l) =>
        [l["Date"], l["Name"], l["E-mail address"], l["Phone number"], l["Kind"], l["Status"], l["Waitlist position"], l["Present"], l["Checked in at"], l["Signed up at"]];

    private static string Stamp(DateTime d) => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>UTF-8 with a byte order mark, ";" in Dutch (as Dutch Excel expects).</summary>
    public static byte[] Csv(IReadOnlyList<Line> lines, IStringLocalizer l, bool dutch)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = dutch ? ";" : "," };
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, config))
        {
            foreach (var header in Headers(l))
            {
                csv.WriteField(header);
            }
            csv.NextRecord();
            foreach (var x in lines)
            {
                csv.WriteField(Stamp(x.Date));
                csv.WriteField(StatementExport.AsText(x.Name));
                csv.WriteField(StatementExport.AsText(x.Email));
                // A phone number like +31 6 … starts with "+": as text it stays a number to call, not a sum.
                csv.WriteField(StatementExport.AsText(x.Phone));
                csv.WriteField(x.Kind);
                csv.WriteField(x.Status);
                csv.WriteField(x.WaitlistPosition?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(x.CheckedIn ? l["yes"] : l["no"]);
                csv.WriteField(x.CheckedInAt is { } c ? Stamp(c) : "");
                csv.WriteField(Stamp(x.RegisteredAt));
                csv.NextRecord();
            }
        }
        return buffer.ToArray();
    }

    /// <summary>One sheet; dates as real dates and the waitlist position as a number.</summary>
    public static async Task<byte[]> XlsxAsync(IReadOnlyList<Line> lines, IStringLocalizer l, CancellationToken ct = default)
    {
        var h = Headers(l);
        var rows = lines.Select(x => new Dictionary<string, object?>
        {
            [h[0]] = x.Date, [h[1]] = x.Name, [h[2]] = x.Email, [h[3]] = x.Phone, [h[4]] = x.Kind, [h[5]] = x.Status,
            [h[6]] = x.WaitlistPosition, [h[7]] = x.CheckedIn ? l["yes"].Value : l["no"].Value, [h[8]] = x.CheckedInAt, [h[9]] = x.RegisteredAt,
        }).ToList();
        if (rows.Count == 0)
        {
            rows.Add(h.ToDictionary(x => x, _ => (object?)""));
        }
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, rows, sheetName: l["Participants"], cancellationToken: ct);
        return buffer.ToArray();
    }

    /// <summary>"deelnemers-12-2026-03-10.csv" (one date) or "deelnemers-12-alle-data.csv".</summary>
    public static string FileName(Event e, DateTimeOffset? occurrence, string extension) =>
        string.Create(CultureInfo.InvariantCulture,
            $"deelnemers-{e.Id}-{(occurrence is { } o ? Recurrence.Local(o).ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture) : "alle-data")}.{extension}");

    public static WebApplication MapEventExportApi(this WebApplication app)
    {
        var api = app.MapApiV1("events", "Events").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapGet("/{id:int}/registrations/export", ExportAsync)
            .WithSummary("The participant list as a file (format=csv or xlsx), of one date (occurrenceStartsAt) or of every date: status, waitlist position, check-in. Organisers and coordinators.")
            .Produces(200, contentType: "text/csv").Produces(200, contentType: StatementExport.XlsxType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ExportAsync(int id, string? format, DateTimeOffset? occurrenceStartsAt, HttpContext http, GrozDbContext db, IStringLocalizer<SharedResource> l)
    {
        format ??= "csv";
        if (format is not ("csv" or "xlsx"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["csv or xlsx"] }, type: Errors.TypeUri("validation"));
        }
        var e = await ManagedEventAsync(db, http.User, id, http.RequestAborted);
        if (e is null)
        {
            return Errors.Problem(http, 404, "unknown-event");
        }
        var lines = await LinesAsync(db, e, occurrenceStartsAt, l, http.RequestAborted);
        var name = FileName(e, occurrenceStartsAt, format);
        return format == "csv"
            ? TypedResults.File(Csv(lines, l, Localization.IsDutch), StatementExport.CsvType, name)
            : TypedResults.File(await XlsxAsync(lines, l, http.RequestAborted), StatementExport.XlsxType, name);
    }
}
