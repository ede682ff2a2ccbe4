using System.Text.Json;
using System.Text.Json.Nodes;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Shared;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.SocialMap.Portal;

/// <summary>One entry: everything a resident needs to go there or start, "last checked on", its history, and schema.org JSON-LD.</summary>
public sealed class ServiceModel(GrozDbContext db, PortalCuration curation) : PageModel
{
    public sealed record Place(Location Location, Address? Address, string? Wijk, List<Accessibility> Accessibility);

    public Service Item { get; private set; } = null!;
    public Organization? Organization { get; private set; }
    public List<Place> Places { get; private set; } = [];
    public List<Schedule> Schedules { get; private set; } = [];
    public List<CostOption> Costs { get; private set; } = [];
    public List<Phone> Phones { get; private set; } = [];
    public List<Language> Languages { get; private set; } = [];
    public List<string> Themes { get; private set; } = [];
    public List<string> Groups { get; private set; } = [];
    public List<string> AreaWijken { get; private set; } = [];
    public List<HsdsMetadata> History { get; private set; } = [];
    public Organization? StartHelpOrganization { get; private set; }
    public bool CanEdit { get; private set; }
    public bool CanManage { get; private set; }
    public string JsonLd { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var s = await curation.FindVisibleAsync(User, id, ct);
        if (s is null)
        {
            return NotFound();
        }
        Item = s;
        CanEdit = User.Identity?.IsAuthenticated == true && await curation.CanEditAsync(User, s, ct);
        CanManage = User.CanManage(s.LeerregioId);
        Organization = s.OrganizationId is { } o ? await db.SmOrganizations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == o, ct) : null;
        StartHelpOrganization = s.StartHelpOrganizationId is { } h ? await db.SmOrganizations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == h && x.Publication == Publication.Published, ct) : null;
        var sals = await db.SmServiceAtLocations.AsNoTracking().Where(x => x.ServiceId == id).ToListAsync(ct);
        var salIds = sals.Select(x => x.Id).ToList();
        var locationIds = sals.Select(x => x.LocationId).Where(x => x is not null).Select(x => x!.Value).ToList();
        var locations = await db.SmLocations.AsNoTracking().Where(x => locationIds.Contains(x.Id)).ToListAsync(ct);
        var addresses = await db.SmAddresses.AsNoTracking().Where(a => locationIds.Contains(a.LocationId!.Value)).ToListAsync(ct);
        var access = await db.SmAccessibility.AsNoTracking().Where(a => locationIds.Contains(a.LocationId!.Value)).ToListAsync(ct);
        var wijken = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == s.LeerregioId).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        Places = locations.OrderBy(x => x.LocationType).ThenBy(x => x.Name).Select(x => new Place(x,
            addresses.FirstOrDefault(a => a.LocationId == x.Id && a.AddressType != "postal") ?? addresses.FirstOrDefault(a => a.LocationId == x.Id),
            x.WijkId is { } w ? wijken.GetValueOrDefault(w) : null, access.Where(a => a.LocationId == x.Id).ToList())).ToList();
        Schedules = await db.SmSchedules.AsNoTracking().Where(x => x.ServiceId == id || salIds.Contains(x.ServiceAtLocationId!.Value)).ToListAsync(ct);
        Costs = await db.SmCostOptions.AsNoTracking().Where(x => x.ServiceId == id).ToListAsync(ct);
        Phones = await db.SmPhones.AsNoTracking().Where(x => x.ServiceId == id || salIds.Contains(x.ServiceAtLocationId!.Value) || locationIds.Contains(x.LocationId!.Value)).ToListAsync(ct);
        Languages = await db.SmLanguages.AsNoTracking().Where(x => x.ServiceId == id).ToListAsync(ct);
        AreaWijken = (await db.SmServiceAreas.AsNoTracking().Where(a => a.ServiceId == id && a.WijkId != null).Select(a => a.WijkId!.Value).ToListAsync(ct))
            .Select(w => wijken.GetValueOrDefault(w)).Where(n => n is not null).Select(n => n!).Order(StringComparer.CurrentCulture).ToList();
        var terms = await db.SmAttributes.AsNoTracking().Where(a => a.LinkId == id && a.LinkType == "service")
            .Join(db.SmTaxonomyTerms, a => a.TaxonomyTermId, t => t.Id, (a, t) => t).ToListAsync(ct);
        var dutch = Localization.IsDutch;
        Themes = terms.Where(t => t.TaxonomyId == SocialMapTaxonomies.ThemesId)
            .Select(t => Shared.Themes.All.FirstOrDefault(x => x.Code == t.Code) is { } th ? (dutch ? th.NameNl : th.NameEn) : t.Name).ToList();
        Groups = terms.Where(t => t.TaxonomyId == SocialMapTaxonomies.TargetGroupsId)
            .Select(t => SocialMapTaxonomies.TargetGroups.FirstOrDefault(x => x.Code == t.Code) is { } g ? (dutch ? g.NameNl : g.NameEn) : t.Name).ToList();
        History = await db.SmMetadata.AsNoTracking().Where(m => m.ResourceId == id).OrderByDescending(m => m.LastActionDate).Take(50).ToListAsync(ct);
        JsonLd = BuildJsonLd($"{Request.Scheme}://{Request.Host}");
        return Page();
    }

    /// <summary>schema.org Service with its provider, places, opening hours and price; serialized with the default encoder, which escapes &lt; so the text cannot end the script element.</summary>
    private string BuildJsonLd(string origin)
    {
        var json = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Service",
            ["@id"] = $"{origin}/wijkportaal/dienst/{Item.Id:D}",
            ["name"] = Item.Name,
            ["url"] = $"{origin}/wijkportaal/dienst/{Item.Id:D}",
        };
        if (Item.Description is { Length: > 0 } d)
        {
            json["description"] = d;
        }
        if (Organization is not null)
        {
            var org = new JsonObject { ["@type"] = "Organization", ["name"] = Organization.Name };
            if (Organization.Website is { Length: > 0 } w)
            {
                org["url"] = w;
            }
            json["provider"] = org;
        }
        var areas = new JsonArray();
        foreach (var p in Places.Where(p => p.Location.LocationType == "physical"))
        {
            var place = new JsonObject { ["@type"] = "Place", ["name"] = p.Location.Name ?? Item.Name };
            if (p.Address is { } a)
            {
                place["address"] = new JsonObject
                {
                    ["@type"] = "PostalAddress", ["streetAddress"] = a.Address1, ["postalCode"] = a.PostalCode, ["addressLocality"] = a.City, ["addressCountry"] = a.Country,
                };
            }
            if (p.Location is { Latitude: >= -90 and <= 90, Longitude: >= -180 and <= 180 } loc)
            {
                place["geo"] = new JsonObject { ["@type"] = "GeoCoordinates", ["latitude"] = loc.Latitude, ["longitude"] = loc.Longitude };
            }
            areas.Add(place);
        }
        foreach (var w in AreaWijken)
        {
            areas.Add(new JsonObject { ["@type"] = "AdministrativeArea", ["name"] = w });
        }
        if (areas.Count > 0)
        {
            json["areaServed"] = areas;
        }
        var hours = new JsonArray();
        string[] names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        foreach (var x in Schedules.Where(x => x.Freq is null or "WEEKLY" && x.OpensAt is not null && x.ClosesAt is not null))
        {
            var days = (x.Byday ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => Array.IndexOf(HsdsValues.Weekdays, c)).Where(i => i >= 0).Select(i => (JsonNode)("https://schema.org/" + names[i])).ToArray();
            if (days.Length > 0)
            {
                hours.Add(new JsonObject
                {
                    ["@type"] = "OpeningHoursSpecification", ["dayOfWeek"] = new JsonArray(days),
                    ["opens"] = x.OpensAt!.Value.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                    ["closes"] = x.ClosesAt!.Value.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }
        if (hours.Count > 0)
        {
            json["hoursAvailable"] = hours;
        }
        if (Costs.FirstOrDefault(c => c.Amount is not null) is { } cost)
        {
            json["offers"] = new JsonObject { ["@type"] = "Offer", ["price"] = cost.Amount, ["priceCurrency"] = cost.Currency ?? "EUR" };
        }
        if (Item.Url is { Length: > 0 } url)
        {
            json["availableChannel"] = new JsonObject { ["@type"] = "ServiceChannel", ["serviceUrl"] = url };
        }
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
