using System.Globalization;
using System.Text;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// Text as the search indexes and queries it. Accents are folded here, in .NET, for both engines (café → cafe), so
/// PostgreSQL needs no <c>unaccent</c> extension (not every managed PostgreSQL offers it) and both engines agree.
/// SQLite gets the words stemmed with the Dutch Snowball stemmer (Lucene.Net's port of snowballstem.org), the same
/// algorithm as PostgreSQL's <c>dutch</c> configuration, applied to the indexed text and to the query alike.
/// </summary>
public static class DutchText
{
    /// <summary>Lower case without diacritics; everything that is not a letter or digit becomes a space.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            sb.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return sb.ToString();
    }

    public static IEnumerable<string> Words(string? text) =>
        Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Query words without Dutch stop words ("de", "in", "met"): every query word is required, and a stop word would demand an accident.</summary>
    public static List<string> QueryWords(string? text)
    {
        var words = Words(text).Take(MaxQueryWords).ToList();
        var meaningful = words.Where(w => !StopWords.Contains(w)).ToList();
        return meaningful.Count > 0 ? meaningful : words;
    }

    private static readonly Lucene.Net.Analysis.Util.CharArraySet StopWords = Lucene.Net.Analysis.Nl.DutchAnalyzer.DefaultStopSet;

    public static string Stem(string word)
    {
        // The stemmer keeps state between calls, so one per call (cheap: a few small arrays).
        var stemmer = new DutchStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }

    /// <summary>Folded and stemmed words, space-separated: the text SQLite's FTS5 indexes.</summary>
    public static string Stems(string? text) => string.Join(' ', Words(text).Select(Stem));

    /// <summary>At most this many words of a query count; the rest is ignored (a query is a few words, not a page).</summary>
    public const int MaxQueryWords = 12;

    /// <summary>
    /// The query for PostgreSQL's to_tsquery('dutch', …): every word a prefix (wandelen:* → 'wandel':* matches wandelgroep),
    /// all words required. Only letters and digits get through <see cref="Fold"/>, so nothing in the text is tsquery syntax.
    /// </summary>
    public static string? PostgresQuery(string? text)
    {
        var words = QueryWords(text);
        return words.Count == 0 ? null : string.Join(" & ", words.Select(w => w + ":*"));
    }

    /// <summary>The FTS5 MATCH expression: every stemmed word as a quoted prefix ("wandel"*), all words required.</summary>
    public static string? SqliteQuery(string? text)
    {
        var words = QueryWords(text);
        return words.Count == 0 ? null : string.Join(' ', words.Select(w => "\"" + Stem(w) + "\"*"));
    }
}
