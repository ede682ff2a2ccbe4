using System.Globalization;
using System.Security.Cryptography;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Events;
using Groz.Web.Features.HelpRequests;
using Groz.Web.Features.Regions;
using Groz.Web.Features.Shared;
using Groz.Web.Features.SocialMap;
using Groz.Web.Features.TimeBank;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Groz.Web.Features.Welcome;

/// <summary>The route's form as the page and the API receive it: everything optional so that each problem gets its own message.</summary>
public sealed class WelcomeInput
{
    public string? Postcode { get; set; }
    /// <summary>CBS code of the wijk, when the resident picks it instead of (or after) a postcode.</summary>
    public string? Wijk { get; set; }
    public List<string> Interests { get; set; } = [];
    public List<string> Situations { get; set; } = [];
    /// <summary>The code of a welcome letter: ties the route to the letter for the Monitor.</summary>
    public string? Letter { get; set; }
}

/// <summary>A checked route request.</summary>
public sealed record WelcomeChoice(int LeerregioId, int WijkId, IReadOnlyList<string> Interests, IReadOnlyList<string> Situations, int? LetterId);

/// <summary>What the personal welcome page shows; rebuilt from the live social map and calendar on every visit.</summary>
public sealed record WelcomePage(
    WelcomeRoute Route, string WijkCode, string WijkName, string LeerregioName,
    IReadOnlyList<SearchResultItem> Services, IReadOnlyList<SearchResultItem> Online,
    IReadOnlyList<Occurrence> Activities, IReadOnlyList<string> Assistants)
{
    public IReadOnlyList<string> Interests => WelcomeRoutes.Split(Route.Interests);
    public IReadOnlyList<string> Situations => WelcomeRoutes.Split(Route.Situations);
}

/// <summary>
/// The welcome route, shared by the pages and the API. Matching, in one place so that the test can state it exactly:
/// <list type="bullet">
/// <item>Services: published Wijkportaal services for the wijk (the portal's own wijk filter: a service area or
/// location in the wijk, or no wijk at all in its leerregio) carrying one of the chosen themes or a target group of
/// one of the situations. Those with an address go under "in your wijk"; apps and online help without one under "online".</item>
/// <item>Activities: published activities in the wijk in the coming <see cref="ActivityDays"/> days whose theme is one of
/// the interests or whose target group fits a situation; a recurring one is listed once, at its next date.</item>
/// <item>Buurtassistenten: first names of the wijk's (and the whole leerregio's) assistants: the people who read a
/// maatje request.</item>
/// </list>
/// </summary>
public sealed class WelcomeRoutes(GrozDbContext db, TimeProvider time, PortalSearch portal, SearchIndex index, HelpRequests.HelpRequests help,
    IOptions<WelcomeOptions> options, IStringLocalizer<SharedResource> l)
{
    public const int ActivityDays = 56;
    public const int MaxServices = 40;
    public const int MaxActivities = 20;
    public const int MaxInterests = 7;
    private const string LetterAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static IReadOnlyList<string> Split(string codes) => codes.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string NewRouteCode() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(15));

    public static string NewLetterCode() => new(RandomNumberGenerator.GetItems<char>(LetterAlphabet, 8));

    /// <summary>"abcd-efgh", "ABCD EFGH" → "ABCDEFGH"; null when it cannot be a letter code.</summary>
    public static string? NormaliseLetterCode(string? code)
    {
        var s = new string((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        return s.Length == 8 && s.All(LetterAlphabet.Contains) ? s : null;
    }

    /// <summary>"ABCDEFGH" → "ABCD-EFGH": easier to read from paper.</summary>
    public static string ShowLetterCode(string code) => code.Length == 8 ? code[..4] + "-" + code[4..] : code;

    /// <summary>Checks every value; errors are keyed by the input's property name.</summary>
    public async Task<(WelcomeChoice? Choice, Dictionary<string, string> Errors)> CheckAsync(WelcomeInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        Wijk? wijk = null;
        int? letterId = null;
        if (!string.IsNullOrWhiteSpace(input.Letter))
        {
            var letter = await FindLetterAsync(input.Letter, ct);
            if (letter is null)
            {
                errors[nameof(WelcomeInput.Letter)] = l["This letter code is not known. Check the code on your letter, or leave it out."];
            }
            else
            {
                letterId = letter.Id;
                wijk = await db.Wijken.AsNoTracking().FirstAsync(w => w.Id == letter.WijkId, ct);
            }
        }
        if (!string.IsNullOrWhiteSpace(input.Wijk))
        {
            var code = input.Wijk.Trim().ToUpperInvariant();
            wijk = await db.Wijken.AsNoTracking().FirstOrDefaultAsync(w => w.Code == code, ct);
            if (wijk is null)
            {
                errors[nameof(WelcomeInput.Wijk)] = l["This wijk is not known. Choose a wijk from the list."];
            }
        }
        else if (!string.IsNullOrWhiteSpace(input.Postcode) && wijk is null)
        {
            var pc4 = Postcode.ToPc4(input.Postcode);
            if (pc4 is null)
            {
                errors[nameof(WelcomeInput.Postcode)] = l["Enter a postcode like 3541 AB: four digits and two letters."];
            }
            else if ((wijk = await db.FindWijkByPostcodeAsync(pc4, ct)) is null)
            {
                errors[nameof(WelcomeInput.Postcode)] = l["We do not know this postcode in a leerregio yet. Choose your wijk from the list."];
            }
        }
        else if (wijk is null)
        {
            errors[nameof(WelcomeInput.Postcode)] = l["Fill in your postcode, or choose your wijk from the list."];
        }
        var interests = input.Interests.Select(i => (i ?? "").Trim()).Where(i => i.Length > 0).Distinct().ToList();
        if (interests.Count == 0)
        {
            errors[nameof(WelcomeInput.Interests)] = l["Choose at least one thing you are interested in."];
        }
        else if (interests.Count > MaxInterests || interests.Any(i => !Themes.IsKnown(i)))
        {
            errors[nameof(WelcomeInput.Interests)] = l["Choose your interests from the list."];
        }
        var situations = input.Situations.Select(i => (i ?? "").Trim()).Where(i => i.Length > 0).Distinct().ToList();
        if (situations.Count > WelcomeSituations.All.Count || situations.Any(s => !WelcomeSituations.IsKnown(s)))
        {
            errors[nameof(WelcomeInput.Situations)] = l["Choose your situation from the list."];
        }
        if (errors.Count > 0 || wijk is null)
        {
            return (null, errors);
        }
        // Kept in the order of the lists, so the same choice always reads the same.
        return (new WelcomeChoice(wijk.LeerregioId, wijk.Id,
            Themes.All.Select(t => t.Code).Where(interests.Contains).ToList(),
            WelcomeSituations.All.Select(s => s.Code).Where(situations.Contains).ToList(), letterId), errors);
    }

    /// <summary>Stores the route and returns its code: the only copy of the code is the resident's link.</summary>
    public async Task<(WelcomeRoute Route, string Code)> CreateAsync(WelcomeChoice choice, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var code = NewRouteCode();
        var route = new WelcomeRoute
        {
            LeerregioId = choice.LeerregioId, WijkId = choice.WijkId, CodeHash = HelpRequests.HelpRequests.Hash(code),
            Interests = string.Join(',', choice.Interests), Situations = string.Join(',', choice.Situations), LetterId = choice.LetterId,
            CreatedAt = now, ExpiresAt = now.AddDays(options.Value.RouteRetentionDays),
        };
        db.WelcomeRoutes.Add(route);
        await db.SaveChangesAsync(ct);
        return (route, code);
    }

    /// <summary>The route behind a code, or null when the code is unknown or the route expired.</summary>
    public async Task<WelcomeRoute?> FindAsync(string? code, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64)
        {
            return null;
        }
        var hash = HelpRequests.HelpRequests.Hash(code.Trim());
        var now = time.GetUtcNow();
        return await db.WelcomeRoutes.FirstOrDefaultAsync(r => r.CodeHash == hash && r.ExpiresAt > now, ct);
    }

    /// <summary>The letter with this code (typed or scanned); null when unknown.</summary>
    public async Task<WelcomeLetter?> FindLetterAsync(string? code, CancellationToken ct = default)
    {
        var normal = NormaliseLetterCode(code);
        return normal is null ? null : await db.WelcomeLetters.AsNoTracking().FirstOrDefaultAsync(x => x.Code == normal, ct);
    }

    /// <summary>Opens a letter's code: the first opening is recorded (one conditional UPDATE, so two scans count once).</summary>
    public async Task<WelcomeLetter?> OpenLetterAsync(string? code, CancellationToken ct = default)
    {
        var letter = await FindLetterAsync(code, ct);
        if (letter is { UsedAt: null })
        {
            var now = time.GetUtcNow();
            await db.WelcomeLetters.Where(x => x.Id == letter.Id && x.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.UsedAt, now), ct);
        }
        return letter;
    }

    public async Task<WelcomePage> BuildAsync(WelcomeRoute route, CancellationToken ct = default)
    {
        var wijk = await db.Wijken.AsNoTracking().Include(w => w.Leerregio).FirstAsync(w => w.Id == route.WijkId, ct);
        var interests = Split(route.Interests);
        var groups = WelcomeSituations.TargetGroups(Split(route.Situations));
        var terms = interests.Select(SocialMapTaxonomies.ThemeTermId).ToList();
        var groupTerms = groups.Select(SocialMapTaxonomies.TargetGroupTermId).ToList();

        // The portal's own filter, once per theme or group (a handful): the route shows what the Wijkportaal would.
        await index.EnsureFreshAsync(ct);
        var ids = new HashSet<Guid>();
        foreach (var (theme, group) in terms.Select(t => ((Guid?)t, (Guid?)null)).Concat(groupTerms.Select(g => ((Guid?)null, (Guid?)g))))
        {
            var filter = new SearchFilter(null, wijk.Id, wijk.LeerregioId, theme, group, false, null, null, null, false, null, null, null, 1);
            ids.UnionWith(await portal.Filter(filter, wijk.LeerregioId).Select(d => d.ServiceId).ToListAsync(ct));
        }
        var items = (await portal.DescribeAsync([.. ids], ct)).OrderBy(s => s.Name, StringComparer.CurrentCulture).ThenBy(s => s.Id).ToList();
        var online = items.Where(s => s.Digital && s.Address is null).Take(MaxServices).ToList();
        var nearby = items.Where(s => !(s.Digital && s.Address is null)).Take(MaxServices).ToList();

        var now = time.GetUtcNow();
        var upcoming = await EventListing.UpcomingAsync(db, now, now.AddDays(ActivityDays), wijk.LeerregioId, wijk.Id, null, ct);
        var activities = upcoming
            .Where(o => interests.Contains(o.Event.Theme) || (o.Event.TargetGroupTermId is { } g && groupTerms.Contains(g)))
            .GroupBy(o => o.Event.Id).Select(g => g.First())
            .OrderBy(o => o.StartsAt).ThenBy(o => o.Event.Id).Take(MaxActivities).ToList();

        var assistants = await db.RoleAssignments
            .Where(r => r.Role == GrozRole.Buurtassistent && r.LeerregioId == wijk.LeerregioId && (r.WijkId == wijk.Id || r.WijkId == null) && r.User!.ErasedAt == null)
            .Select(r => r.User!.DisplayName).Distinct().ToListAsync(ct);
        return new WelcomePage(route, wijk.Code, wijk.Name, wijk.Leerregio!.Name, nearby, online, activities,
            [.. assistants.Select(HelpRequests.HelpRequests.FirstName).Distinct().Order(StringComparer.CurrentCulture)]);
    }

    /// <summary>
    /// Asks for a welkomstmaatje: a help request of kind Welcome for the wijk's assistants, through Hulpvragen's own
    /// create path. Only with the resident's explicit consent; once per route.
    /// </summary>
    public async Task<Outcome<HelpRequest>> AskMaatjeAsync(WelcomeRoute route, WelcomeMaatjeInput input, CancellationToken ct = default)
    {
        if (route.MaatjeRequestId is not null)
        {
            return Outcome<HelpRequest>.Fail("already-asked", "", l["You have already asked for a welkomstmaatje. A buurtassistent will contact you."], 409);
        }
        var situations = Split(route.Situations).Select(s => WelcomeSituations.All.First(x => x.Code == s).English).ToList();
        var themes = Split(route.Interests).Select(t => Themes.Name(t, dutch: true)).ToList();
        // The assistants read in Dutch; what the resident wrote follows as it was typed.
        var description = "Nieuwe bewoner vraagt een welkomstmaatje via de welkomstroute. Interesses: " + string.Join(", ", themes) + "."
            + (situations.Count > 0 ? " Situatie: " + string.Join("; ", situations.Select(s => LocalizedDutch(s))) + "." : "")
            + (string.IsNullOrWhiteSpace(input.Message) ? "" : "\n\n" + input.Message.Trim());
        var outcome = await help.AskForWelcomeMaatjeAsync(route.WijkId, input, description, async r =>
        {
            route.MaatjeRequestId = r.Id;
            await Task.CompletedTask;
        }, ct);
        return outcome;
    }

    private string LocalizedDutch(string english) => In(l, "nl", english);

    /// <summary>A string in a fixed language whatever the reader's: the letters are in Dutch and English, the assistants read Dutch.</summary>
    public static string In(IStringLocalizer l, string culture, string key, params object[] args)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return args.Length == 0 ? l[key] : l[key, args];
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    /// <summary>The resident removes their route before its time; a maatje request stays with Hulpvragen.</summary>
    public async Task DeleteAsync(WelcomeRoute route, CancellationToken ct = default)
    {
        await db.WelcomeRoutes.Where(r => r.Id == route.Id).ExecuteDeleteAsync(ct);
    }
}
