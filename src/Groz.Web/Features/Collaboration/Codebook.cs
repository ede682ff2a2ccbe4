using Groz.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Collaboration;

/// <summary>The codebook as a tree, and the insight views computed from it.</summary>
public static class Codebook
{
    /// <summary>True when <paramref name="node"/> lies under <paramref name="ancestor"/> (at any depth).</summary>
    public static bool IsDescendant(IReadOnlyDictionary<int, int?> parents, int node, int ancestor)
    {
        var seen = new HashSet<int>();
        for (var at = parents.GetValueOrDefault(node); at is { } a && seen.Add(a); at = parents.GetValueOrDefault(a))
        {
            if (a == ancestor)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether placing <paramref name="code"/> under <paramref name="newParent"/> closes a loop.</summary>
    public static bool WouldCycle(IReadOnlyDictionary<int, int?> parents, int code, int newParent) =>
        newParent == code || IsDescendant(parents, newParent, code);

    /// <summary>The theme (top of the tree) each code belongs to.</summary>
    public static Dictionary<int, int> Roots(IReadOnlyDictionary<int, int?> parents)
    {
        var roots = new Dictionary<int, int>();
        foreach (var id in parents.Keys)
        {
            var at = id;
            var guard = 0;
            while (parents.GetValueOrDefault(at) is { } p && guard++ < parents.Count)
            {
                at = p;
            }
            roots[id] = at;
        }
        return roots;
    }

    /// <summary>Codes in tree order with their depth (themes at 0), siblings by name.</summary>
    public static List<(Code Code, int Depth)> Ordered(IReadOnlyList<Code> codes)
    {
        var byParent = codes.ToLookup(c => c.ParentId);
        var list = new List<(Code, int)>();
        void Walk(int? parent, int depth)
        {
            foreach (var c in byParent[parent].OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase))
            {
                list.Add((c, depth));
                if (depth < 20)
                {
                    Walk(c.Id, depth + 1);
                }
            }
        }
        Walk(null, 0);
        return list;
    }
}

public sealed record MatrixCell(int Heard, int? Urgency, string? Rationale);

public sealed record MatrixRow(int CodeId, string Theme, IReadOnlyList<MatrixCell> Cells, int Total, bool OneWijkOnly);

/// <summary>Themes × wijken: how often a theme (with its subthemes) was heard, and its urgency.</summary>
public sealed record ThemeMatrix(IReadOnlyList<(int Id, string Name)> Wijken, IReadOnlyList<MatrixRow> Rows)
{
    public IEnumerable<MatrixRow> OneWijkOnly => Rows.Where(r => r.OneWijkOnly);
}

public static class ThemeMatrices
{
    /// <summary>
    /// "Heard" counts distinct fragments from conversations in the wijk coded with the theme or any of its subthemes
    /// (a fragment coded with two subthemes of one theme counts once for that theme). Urgency is the one set on the theme.
    /// </summary>
    public static async Task<ThemeMatrix> ComputeAsync(GrozDbContext db, int leerregioId, CancellationToken ct = default)
    {
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == leerregioId).OrderBy(w => w.Name).Select(w => new { w.Id, w.Name }).ToListAsync(ct);
        var codes = await db.Codes.AsNoTracking().Where(c => c.LeerregioId == leerregioId).ToListAsync(ct);
        var roots = Codebook.Roots(codes.ToDictionary(c => c.Id, c => c.ParentId));
        var coded = await (from fc in db.FragmentCodes
                           join f in db.ConversationFragments on fc.FragmentId equals f.Id
                           join c in db.NeighbourhoodConversations on f.ConversationId equals c.Id
                           where c.LeerregioId == leerregioId
                           select new { f.Id, fc.CodeId, c.WijkId }).ToListAsync(ct);
        var heard = coded.Where(x => roots.ContainsKey(x.CodeId)).Select(x => (Root: roots[x.CodeId], x.WijkId, x.Id)).Distinct()
            .GroupBy(x => (x.Root, x.WijkId)).ToDictionary(g => g.Key, g => g.Count());
        var urgencies = await db.ThemeUrgencies.AsNoTracking().Where(u => u.LeerregioId == leerregioId).ToListAsync(ct);
        var rows = codes.Where(c => c.ParentId is null).OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).Select(theme =>
        {
            var cells = wijken.Select(w =>
            {
                var u = urgencies.FirstOrDefault(x => x.CodeId == theme.Id && x.WijkId == w.Id);
                return new MatrixCell(heard.GetValueOrDefault((theme.Id, w.Id)), u?.Level, u?.Rationale);
            }).ToList();
            return new MatrixRow(theme.Id, theme.Name, cells, cells.Sum(c => c.Heard), cells.Count(c => c.Heard > 0) == 1);
        }).ToList();
        return new ThemeMatrix([.. wijken.Select(w => (w.Id, w.Name))], rows);
    }
}
