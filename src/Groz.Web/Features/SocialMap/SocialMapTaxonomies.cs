using System.Security.Cryptography;
using System.Text;
using Groz.Web.Features.Shared;

namespace Groz.Web.Features.SocialMap;

/// <summary>
/// The two installation-wide taxonomies every social map uses: the GROZ themes and the target groups. They are
/// seeded by the migration (HasData) with ids derived from their codes, so every installation has the same UUIDs
/// and packages exchanged between Groz installations keep their classification.
/// </summary>
public static class SocialMapTaxonomies
{
    public const string ThemesName = "groz-themes";
    public const string TargetGroupsName = "groz-target-groups";

    public sealed record TargetGroup(string Code, string NameNl, string NameEn, string DescriptionNl, decimal? MinimumAge = null, decimal? MaximumAge = null);

    public static IReadOnlyList<TargetGroup> TargetGroups { get; } =
    [
        new("kinderen", "Kinderen", "Children", "Kinderen tot 12 jaar.", 0, 12),
        new("jongeren", "Jongeren", "Young people", "Jongeren van 12 tot 23 jaar.", 12, 23),
        new("volwassenen", "Volwassenen", "Adults", "Volwassenen van 18 jaar en ouder.", 18),
        new("ouderen", "Ouderen", "Older people", "Mensen van 65 jaar en ouder.", 65),
        new("ouders", "Ouders en gezinnen", "Parents and families", "Ouders, verzorgers en gezinnen met kinderen."),
        new("mantelzorgers", "Mantelzorgers", "Informal carers", "Mensen die zorgen voor iemand in hun omgeving."),
        new("nieuwkomers", "Nieuwkomers", "Newcomers", "Mensen die net in Nederland of in de wijk wonen."),
        new("beperking", "Mensen met een beperking", "People with a disability", "Mensen met een lichamelijke, verstandelijke of psychische beperking."),
        new("weinig-geld", "Mensen met weinig geld", "People on a low income", "Mensen die moeten rondkomen van een laag inkomen."),
        new("werkzoekenden", "Werkzoekenden", "Job seekers", "Mensen die werk, een opleiding of een dagbesteding zoeken."),
        new("vrijwilligers", "Vrijwilligers", "Volunteers", "Mensen die iets willen doen voor anderen in de wijk."),
    ];

    public static Guid ThemesId { get; } = StableId(ThemesName);
    public static Guid TargetGroupsId { get; } = StableId(TargetGroupsName);

    public static Guid ThemeTermId(string themeCode) => StableId(ThemesName + "/" + themeCode);
    public static Guid TargetGroupTermId(string code) => StableId(TargetGroupsName + "/" + code);

    /// <summary>A name-based UUID (RFC 9562 version 8: SHA-256 of a Groz namespace and the name, cut to 16 bytes): the same on every installation.</summary>
    public static Guid StableId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("https://groz.nl/hsds/" + name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    internal static IEnumerable<Taxonomy> SeedTaxonomies() =>
    [
        new Taxonomy
        {
            Id = ThemesId, Name = ThemesName, Version = "1",
            Description = "De maatschappelijke thema's van GROZ: Leefstijl dicht bij huis, Zorg voor elkaar, Vitaal werken in de wijk en de ondersteunende thema's.",
        },
        new Taxonomy
        {
            Id = TargetGroupsId, Name = TargetGroupsName, Version = "1",
            Description = "Voor wie een dienst bedoeld is: kinderen, jongeren, ouderen, mantelzorgers, nieuwkomers en andere groepen.",
        },
    ];

    internal static IEnumerable<TaxonomyTerm> SeedTerms() =>
        Themes.All.Select(t => new TaxonomyTerm
        {
            Id = ThemeTermId(t.Code), Code = t.Code, Name = t.NameNl, Language = "nl", TaxonomyId = ThemesId, Taxonomy = ThemesName,
            Description = t.Supporting ? "Ondersteunend thema van GROZ: " + t.NameNl + "." : "Hoofdthema van GROZ: " + t.NameNl + ".",
        }).Concat(TargetGroups.Select(g => new TaxonomyTerm
        {
            Id = TargetGroupTermId(g.Code), Code = g.Code, Name = g.NameNl, Language = "nl", TaxonomyId = TargetGroupsId,
            Taxonomy = TargetGroupsName, Description = g.DescriptionNl,
        }));
}
