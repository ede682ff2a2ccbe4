using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Groz.Tests.Platform;

/// <summary>Every string the code asks the localizer for has a Dutch text, and every dotted id an English one too.</summary>
public sealed partial class ResourceTests
{
    private static string SourceRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "src", "Groz.Web"));

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(SourceRoot(), "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

    private static IEnumerable<string> UsedKeys()
    {
        foreach (var file in Directory.EnumerateFiles(SourceRoot(), "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                                 && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("Migrations", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in LocalizerCall().Matches(text))
            {
                yield return m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal);
            }
            foreach (Match m in AttributeText().Matches(text))
            {
                yield return m.Groups[1].Value;
            }
        }
    }

    [Fact]
    public void Every_used_string_has_a_dutch_text()
    {
        var dutch = Keys("SharedResource.nl.resx");
        var missing = UsedKeys().Distinct().Where(k => !dutch.Contains(k)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Missing in SharedResource.nl.resx (add with scripts/add-strings.py):\n" + string.Join("\n", missing));
    }

    [Theory]
    [InlineData("SharedResource.resx")]
    [InlineData("SharedResource.nl.resx")]
    public void No_two_keys_differ_only_in_case(string file)
    {
        // The resource compiler treats such keys as one and silently drops the second.
        var names = XDocument.Load(Path.Combine(SourceRoot(), "Resources", file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!);
        var clashes = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(clashes.Count == 0, "Keys that differ only in case: " + string.Join(", ", clashes));
    }

    [Fact]
    public void Every_dotted_id_has_an_english_text_and_every_role_both()
    {
        var english = Keys("SharedResource.resx");
        var dutch = Keys("SharedResource.nl.resx");
        var ids = dutch.Where(k => IdKey().IsMatch(k)).ToList();
        var missing = ids.Where(k => !english.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "Missing in SharedResource.resx: " + string.Join(", ", missing));
        foreach (var role in Enum.GetNames<Groz.Web.Features.Accounts.GrozRole>())
        {
            Assert.Contains($"role.{role}", dutch);
            Assert.Contains($"role.{role}", english);
        }
        foreach (var code in new[] { "bad-request", "unauthorized", "forbidden", "not-found", "too-large", "rate-limited", "server-error", "antiforgery" })
        {
            Assert.Contains($"problem.{code}", english);
        }
    }

    [GeneratedRegex("""(?<![A-Za-z_])[lL]\["((?:[^"\\]|\\.)*)"\s*[\],]""")]
    private static partial Regex LocalizerCall();

    [GeneratedRegex(@"(?:ErrorMessage|Display\(Name) = ""((?:[^""\\]|\\.)*)""")]
    private static partial Regex AttributeText();

    [GeneratedRegex(@"^[a-z0-9-]+(\.[A-Za-z0-9-]+)+$")]
    private static partial Regex IdKey();
}
