using Groz.Web.Data;
using Groz.Web.Features.SocialMap;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge;

/// <summary>
/// Full text over the Kennisbank, ranked, on both engines, with the same Dutch handling as the Wijkportaal search
/// (<see cref="DutchText"/>). PostgreSQL: a generated tsvector column ('dutch' configuration, title weight A, body B)
/// with a GIN index, ranked by ts_rank. SQLite: an FTS5 table (external content, kept by triggers) over the text stemmed
/// in .NET with the same Dutch Snowball stemmer, ranked by bm25. FTS5 rather than a LIKE fallback: it is in every
/// SQLite that Microsoft.Data.Sqlite ships, ranks, and does not scan the whole table.
/// </summary>
public static class KnowledgeSearch
{
    public const int MaxBodyChars = 120_000;
    public const int MaxQueryChars = 200;

    /// <summary>Fills SearchTitle and SearchBody from the document and its current text, as the engine indexes it.</summary>
    public static void Index(GrozDbContext db, KnowledgeDocument d, string? text)
    {
        var stem = db.Database.IsSqlite();
        var body = string.Join(' ', new[] { d.Summary, string.Join(' ', d.Themes.Select(t => Shared.Themes.Name(t, true))), text }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        var title = stem ? DutchText.Stems(d.Title) : DutchText.Fold(d.Title);
        body = stem ? DutchText.Stems(body) : DutchText.Fold(body);
        d.SearchTitle = title.Length > 1000 ? title[..1000] : title;
        d.SearchBody = body.Length > MaxBodyChars ? body[..MaxBodyChars] : body;
    }

    /// <summary>The matching document ids with their rank (higher is better), or null for a query without words.</summary>
    public static IQueryable<KnowledgeHit>? Match(GrozDbContext db, string? text)
    {
        if (db.Database.IsSqlite())
        {
            var q = DutchText.SqliteQuery(text);
            return q is null ? null : db.Set<KnowledgeHit>().FromSqlRaw(
                "SELECT d.id, -bm25(kb_fts, 10.0, 1.0) AS rank FROM kb_fts JOIN kb_documents d ON d.id = kb_fts.rowid WHERE kb_fts MATCH {0}", q);
        }
        var pq = DutchText.PostgresQuery(text);
        return pq is null ? null : db.Set<KnowledgeHit>().FromSqlRaw(
            "SELECT d.id, ts_rank(d.search_vector, q)::float8 AS rank FROM kb_documents d, to_tsquery('dutch', {0}) q WHERE d.search_vector @@ q", pq);
    }

    /// <summary>
    /// A piece of the text around the first word that matches a query word (same fold and stem as the index), with
    /// the matching word marked; the start of the text when none is found literally (a stem matched differently).
    /// </summary>
    public static Snippet MakeSnippet(string? text, string? query, int around = 90)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new Snippet("", "", "");
        }
        text = System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
        var stems = DutchText.QueryWords(query).Select(DutchText.Stem).Where(s => s.Length > 0).ToList();
        var i = 0;
        while (i < text.Length && stems.Count > 0)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }
            if (i > start)
            {
                var folded = DutchText.Fold(text[start..i]);
                if (stems.Any(s => folded.StartsWith(s, StringComparison.Ordinal) || DutchText.Stem(folded).StartsWith(s, StringComparison.Ordinal)))
                {
                    var from = Math.Max(0, start - around);
                    var to = Math.Min(text.Length, i + around);
                    return new Snippet((from > 0 ? "…" : "") + text[from..start], text[start..i], text[i..to] + (to < text.Length ? "…" : ""));
                }
            }
        }
        var end = Math.Min(text.Length, 2 * around);
        return new Snippet("", "", text[..end] + (end < text.Length ? "…" : ""));
    }
}

/// <summary>A snippet in three parts, so that a page marks the match without building HTML from text.</summary>
public sealed record Snippet(string Before, string Match, string After)
{
    public override string ToString() => Before + Match + After;
}
