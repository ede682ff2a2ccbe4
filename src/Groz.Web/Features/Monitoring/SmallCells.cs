namespace Groz.Web.Features.Monitoring;

/// <summary>
/// Small-number suppression of one table: a total and its parts (a leerregio and its wijken, a wijk and its buurten).
/// Applied for everyone but coordinators, in pages, exports and the API. Rules:
/// <list type="number">
/// <item>Primary: a part, or the total, counted over fewer than <c>below</c> respondents or records is hidden (0 too: a
/// hidden empty cell does no harm, and "0" next to hidden cells would narrow down what they hold).</item>
/// <item>Whatever the parts do not cover (total − Σ parts, e.g. respondents who named no wijk) is never shown, so it is a
/// hidden cell as well whenever it is above 0.</item>
/// <item>Complementary (the subtraction attack): the total minus the visible parts reveals the hidden cells together.
/// That is safe only when at least two cells are hidden and together they hold at least <c>below</c>. Until then the
/// next smallest visible part is hidden too (ties by key, so the result is stable); when no part is left, the total.</item>
/// </list>
/// </summary>
public static class SmallCells
{
    public const int DefaultBelow = 10;

    public sealed record Part(string Key, int N);

    public sealed record Result(bool TotalHidden, IReadOnlySet<string> HiddenParts)
    {
        public bool Hidden(string key) => TotalHidden || HiddenParts.Contains(key);
        public bool Any => TotalHidden || HiddenParts.Count > 0;
    }

    public static Result Suppress(int totalN, IReadOnlyList<Part> parts, int below)
    {
        if (below <= 1)
        {
            return new Result(false, new HashSet<string>());
        }
        if (totalN < below)
        {
            // Every part of a small total is small too: hide it all.
            return new Result(true, parts.Select(p => p.Key).ToHashSet());
        }
        var hidden = parts.Where(p => p.N < below).Select(p => p.Key).ToHashSet();
        var remainder = Math.Max(0, totalN - parts.Sum(p => p.N));
        var visible = parts.Where(p => !hidden.Contains(p.Key)).OrderBy(p => p.N).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        while (true)
        {
            var hiddenCells = hidden.Count + (remainder > 0 ? 1 : 0);
            var hiddenSum = parts.Where(p => hidden.Contains(p.Key)).Sum(p => p.N) + remainder;
            if (hiddenCells == 0 || (hiddenCells >= 2 && hiddenSum >= below))
            {
                return new Result(false, hidden);
            }
            if (visible.Count == 0)
            {
                return new Result(true, parts.Select(p => p.Key).ToHashSet());
            }
            hidden.Add(visible[0].Key);
            visible.RemoveAt(0);
        }
    }
}
