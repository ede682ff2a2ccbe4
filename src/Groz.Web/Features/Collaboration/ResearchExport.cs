using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Groz.Web.Data;
using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Groz.Web.Features.Collaboration;

/// <summary>
/// The research export of a leerregio's samenwerking and wijkgesprekken: collaborations, memberships and coded fragments,
/// as CSV (one table per file) or XLSX (one sheet per table), written like the Monitor's export (CsvHelper, MiniExcel,
/// formula-like text defused). Never notes, never who led a conversation, and participants only as kinds and a number:
/// the export leaves the platform, so it holds only what analysis needs. Column names are stable English identifiers,
/// because scripts read them.
/// </summary>
public static class ResearchExport
{
    public static IReadOnlyList<string> Parts { get; } = ["collaborations", "memberships", "fragments"];

    public sealed record Table(string Name, string[] Columns, List<object?[]> Rows);

    public static async Task<List<Table>> LoadAsync(GrozDbContext db, int leerregioId, CancellationToken ct = default)
    {
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregioId).ToDictionaryAsync(w => w.Id, w => w.Code, ct);
        var collaborations = await db.Collaborations.AsNoTracking().Include(c => c.Members).Include(c => c.Themes).Include(c => c.Wijken).AsSplitQuery()
            .Where(c => c.LeerregioId == leerregioId).OrderBy(c => c.Id).ToListAsync(ct);
        var orgIds = collaborations.SelectMany(c => c.Members.Select(m => m.OrganizationId)).Distinct().ToList();
        var orgs = await db.SmOrganizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var codes = await db.Codes.AsNoTracking().Where(c => c.LeerregioId == leerregioId).ToListAsync(ct);
        var names = codes.ToDictionary(c => c.Id, c => c.Name);
        var roots = Codebook.Roots(codes.ToDictionary(c => c.Id, c => c.ParentId));
        var coded = await (from fc in db.FragmentCodes
                           join f in db.ConversationFragments on fc.FragmentId equals f.Id
                           join c in db.NeighbourhoodConversations on f.ConversationId equals c.Id
                           where c.LeerregioId == leerregioId
                           orderby f.Id, fc.CodeId
                           select new { FragmentId = f.Id, ConversationId = c.Id, c.HeldOn, c.WijkId, c.Format, c.Place, c.Participants, c.ParticipantCount, fc.CodeId, f.Text })
            .ToListAsync(ct);

        return
        [
            new("collaborations", ["collaboration_id", "name", "type", "status", "starts_on", "ends_on", "themes", "wijk_codes", "members", "process_owner"],
                [.. collaborations.Select(c => new object?[]
                {
                    c.Id, c.Name, c.Type.ToString(), c.Status.ToString(), Iso(c.StartsOn), c.EndsOn is { } e ? Iso(e) : "",
                    string.Join(' ', c.Themes.Select(t => t.ThemeCode).Order()), string.Join(' ', c.Wijken.Select(w => wijken.GetValueOrDefault(w.WijkId)).Order()),
                    c.Members.Count, c.ProcessOwnerId is { } p ? orgs.GetValueOrDefault(p) ?? "" : "",
                })]),
            new("memberships", ["collaboration_id", "collaboration", "organisation_id", "organisation", "role"],
                [.. collaborations.SelectMany(c => c.Members.OrderBy(m => m.Id).Select(m => new object?[]
                {
                    c.Id, c.Name, m.OrganizationId.ToString(), orgs.GetValueOrDefault(m.OrganizationId) ?? "", m.Role ?? "",
                }))]),
            new("fragments", ["fragment_id", "conversation_id", "held_on", "wijk_code", "format", "place", "participant_kinds", "participant_count", "code_id", "code", "theme", "text"],
                [.. coded.Select(x => new object?[]
                {
                    x.FragmentId, x.ConversationId, Iso(x.HeldOn), wijken.GetValueOrDefault(x.WijkId) ?? "", x.Format.ToString(), x.Place.ToString(),
                    x.Participants.ToString().Replace(", ", " ", StringComparison.Ordinal), x.ParticipantCount, x.CodeId, names.GetValueOrDefault(x.CodeId) ?? "",
                    roots.TryGetValue(x.CodeId, out var root) ? names.GetValueOrDefault(root) ?? "" : "", x.Text,
                })]),
        ];
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>UTF-8 with a byte order mark and "," (the columns are identifiers and numbers are plain integers, so one form for every language).</summary>
    public static byte[] Csv(Table table)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture)))
        {
            foreach (var column in table.Columns)
            {
                csv.WriteField(column);
            }
            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                foreach (var value in row)
                {
                    csv.WriteField(value is string s ? StatementExport.AsText(s) : Convert.ToString(value, CultureInfo.InvariantCulture));
                }
                csv.NextRecord();
            }
        }
        return buffer.ToArray();
    }

    /// <summary>One sheet per table; numbers stay numbers.</summary>
    public static async Task<byte[]> XlsxAsync(IReadOnlyList<Table> tables, CancellationToken ct = default)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var t in tables)
        {
            var rows = t.Rows.Select(r => t.Columns.Select((c, i) => (c, v: r[i] is string s ? StatementExport.AsText(s) : r[i])).ToDictionary(x => x.c, x => x.v)).ToList();
            if (rows.Count == 0)
            {
                rows.Add(t.Columns.ToDictionary(c => c, _ => (object?)""));
            }
            sheets[t.Name] = rows;
        }
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, sheets, cancellationToken: ct);
        return buffer.ToArray();
    }
}
