using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Collaboration;

public sealed record MemberInput(Guid? OrganizationId, string? Role);

/// <summary>What a coordinator fills in for a samenwerkingsverband (page form and API body alike).</summary>
public sealed record CollaborationInput(string? Name, string? Description, CollaborationType? Type, CollaborationStatus? Status, DateOnly? StartsOn,
    DateOnly? EndsOn, Guid? ProcessOwnerId, MemberInput[]? Members, string[]? Themes, int[]? WijkIds);

public sealed record BouwsteenUpdateInput(DateOnly? On, string? Text);

/// <summary>
/// Samenwerkingsverbanden and bouwstenen: the one write path for pages and the API. Everyone may read them (the partner
/// network of a leerregio is public, like the wijkportaal); coordinators of the leerregio write.
/// </summary>
public sealed class Collaborations(GrozDbContext db, TimeProvider time, IStringLocalizer<SharedResource> l)
{
    public const int MaxMembers = 60;

    /// <summary>The five bouwstenen in their fixed order, with the trekker a new leerregio starts from (the Utrecht coalition's).</summary>
    public static IReadOnlyList<(string Code, string DefaultTrekker)> BouwsteenCodes { get; } =
    [
        ("bekostiging", "SAMEN030"),
        ("data-ict", "UMC Utrecht / PAZIO"),
        ("lerend-vermogen", "Hogeschool Utrecht"),
        ("monitoring", "Kennisplatform Utrecht Sociaal"),
        ("samenwerking", "Raedelijn"),
    ];

    public async Task<Outcome<Collaboration>> SaveAsync(ClaimsPrincipal user, int leerregioId, int? id, CollaborationInput input, CancellationToken ct = default)
    {
        if (!user.CanManage(leerregioId))
        {
            return Outcome<Collaboration>.Fail("not-allowed", null, l["Only coordinators of this leerregio change collaborations."], 403);
        }
        Collaboration? existing = null;
        if (id is { } existingId)
        {
            existing = await db.Collaborations.Include(c => c.Members).Include(c => c.Themes).Include(c => c.Wijken)
                .FirstOrDefaultAsync(c => c.Id == existingId && c.LeerregioId == leerregioId, ct);
            if (existing is null)
            {
                return Outcome<Collaboration>.Fail("unknown-collaboration", null, l["This collaboration does not exist."], 404);
            }
        }
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors["Name"] = l["Give the collaboration a name."];
        }
        else if (name.Length > 200)
        {
            errors["Name"] = l["The name can be at most 200 characters."];
        }
        if ((input.Description?.Length ?? 0) > 2000)
        {
            errors["Description"] = l["The description can be at most 2000 characters."];
        }
        if (input.Type is not { } type || !Enum.IsDefined(type))
        {
            errors["Type"] = l["Choose the kind of collaboration."];
        }
        if (input.Status is { } st && !Enum.IsDefined(st))
        {
            errors["Status"] = l["Choose a status."];
        }
        if (input.StartsOn is null)
        {
            errors["StartsOn"] = l["Fill in the start date."];
        }
        else if (input.EndsOn is { } end && end < input.StartsOn)
        {
            errors["EndsOn"] = l["The end date cannot be before the start date."];
        }
        var members = (input.Members ?? []).Where(m => m.OrganizationId is not null).ToList();
        if (members.Count == 0)
        {
            errors["Members"] = l["Add at least one member organisation."];
        }
        else if (members.GroupBy(m => m.OrganizationId).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            var orgName = await db.SmOrganizations.Where(o => o.Id == twice.Key).Select(o => o.Name).FirstOrDefaultAsync(ct);
            errors["Members"] = l["{0} is in the list twice. Each organisation can be a member once.", orgName ?? twice.Key.ToString()!];
        }
        else if (members.Count > MaxMembers)
        {
            errors["Members"] = l["A collaboration can have at most {0} members.", MaxMembers];
        }
        else
        {
            var ids = members.Select(m => m.OrganizationId!.Value).ToList();
            var known = await db.SmOrganizations.Where(o => o.LeerregioId == leerregioId && o.Publication == SocialMap.Publication.Published && ids.Contains(o.Id)).CountAsync(ct);
            if (known != ids.Count)
            {
                errors["Members"] = l["Choose organisations from the wijkportaal of this leerregio."];
            }
            else if (members.Any(m => (m.Role?.Length ?? 0) > 120))
            {
                errors["Members"] = l["A role can be at most 120 characters."];
            }
            if (input.ProcessOwnerId is { } owner && !ids.Contains(owner))
            {
                errors["ProcessOwnerId"] = l["The process owner must be one of the members."];
            }
        }
        var themes = (input.Themes ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().ToList();
        if (themes.Any(t => !Shared.Themes.IsKnown(t)))
        {
            errors["Themes"] = l["Choose themes from the list."];
        }
        var wijken = (input.WijkIds ?? []).Distinct().ToList();
        if (wijken.Count > 0 && await db.Wijken.CountAsync(w => w.LeerregioId == leerregioId && wijken.Contains(w.Id), ct) != wijken.Count)
        {
            errors["WijkIds"] = l["Choose wijken of this leerregio."];
        }
        if (errors.Count > 0)
        {
            return Outcome<Collaboration>.Invalid(errors);
        }

        var c = existing ?? new Collaboration { LeerregioId = leerregioId, Name = name };
        c.Name = name;
        c.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        c.Type = input.Type!.Value;
        c.Status = input.Status ?? CollaborationStatus.Active;
        c.StartsOn = input.StartsOn!.Value;
        c.EndsOn = input.EndsOn;
        c.ProcessOwnerId = input.ProcessOwnerId;
        c.ModifiedAt = time.GetUtcNow();
        // Replace the lists: members keep their row when they stay, so their id (and history) survives an edit.
        var wanted = members.ToDictionary(m => m.OrganizationId!.Value, m => string.IsNullOrWhiteSpace(m.Role) ? null : m.Role.Trim());
        c.Members.RemoveAll(m => !wanted.ContainsKey(m.OrganizationId));
        foreach (var (org, role) in wanted)
        {
            if (c.Members.FirstOrDefault(m => m.OrganizationId == org) is { } kept)
            {
                kept.Role = role;
            }
            else
            {
                c.Members.Add(new CollaborationMember { OrganizationId = org, Role = role });
            }
        }
        c.Themes.RemoveAll(t => !themes.Contains(t.ThemeCode));
        c.Themes.AddRange(themes.Where(t => c.Themes.All(x => x.ThemeCode != t)).Select(t => new CollaborationTheme { ThemeCode = t }));
        c.Wijken.RemoveAll(w => !wijken.Contains(w.WijkId));
        c.Wijken.AddRange(wijken.Where(w => c.Wijken.All(x => x.WijkId != w)).Select(w => new CollaborationWijk { WijkId = w }));
        if (existing is null)
        {
            db.Collaborations.Add(c);
        }
        await db.SaveChangesAsync(ct);
        return Outcome<Collaboration>.Ok(c);
    }

    /// <summary>The bouwstenen of a leerregio, made on first use with the default trekkers.</summary>
    public async Task<List<Bouwsteen>> BouwstenenAsync(int leerregioId, CancellationToken ct = default)
    {
        var list = await db.Bouwstenen.Include(b => b.Updates).Where(b => b.LeerregioId == leerregioId).ToListAsync(ct);
        var missing = BouwsteenCodes.Where(c => list.All(b => b.Code != c.Code)).ToList();
        if (missing.Count > 0)
        {
            foreach (var (code, trekker) in missing)
            {
                var b = new Bouwsteen { LeerregioId = leerregioId, Code = code, Trekker = trekker };
                db.Bouwstenen.Add(b);
                list.Add(b);
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another request made them at the same moment: read theirs.
                db.ChangeTracker.Clear();
                list = await db.Bouwstenen.Include(b => b.Updates).Where(b => b.LeerregioId == leerregioId).ToListAsync(ct);
            }
        }
        return [.. list.OrderBy(b => BouwsteenCodes.Select(c => c.Code).ToList().IndexOf(b.Code))];
    }

    public async Task<Outcome<Bouwsteen>> SetTrekkerAsync(ClaimsPrincipal user, int leerregioId, string code, string? trekker, CancellationToken ct = default)
    {
        if (!user.CanManage(leerregioId))
        {
            return Outcome<Bouwsteen>.Fail("not-allowed", null, l["Only coordinators of this leerregio change the bouwstenen."], 403);
        }
        var b = (await BouwstenenAsync(leerregioId, ct)).FirstOrDefault(x => x.Code == code);
        if (b is null)
        {
            return Outcome<Bouwsteen>.Fail("unknown-bouwsteen", null, l["This bouwsteen does not exist."], 404);
        }
        var name = trekker?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            return Outcome<Bouwsteen>.Invalid(new Dictionary<string, string> { ["Trekker"] = l["Fill in the trekker (at most 200 characters)."] });
        }
        b.Trekker = name;
        await db.SaveChangesAsync(ct);
        return Outcome<Bouwsteen>.Ok(b);
    }

    public async Task<Outcome<BouwsteenUpdate>> AddUpdateAsync(ClaimsPrincipal user, int leerregioId, string code, BouwsteenUpdateInput input, CancellationToken ct = default)
    {
        if (!user.CanManage(leerregioId))
        {
            return Outcome<BouwsteenUpdate>.Fail("not-allowed", null, l["Only coordinators of this leerregio change the bouwstenen."], 403);
        }
        var b = (await BouwstenenAsync(leerregioId, ct)).FirstOrDefault(x => x.Code == code);
        if (b is null)
        {
            return Outcome<BouwsteenUpdate>.Fail("unknown-bouwsteen", null, l["This bouwsteen does not exist."], 404);
        }
        var errors = new Dictionary<string, string>();
        var text = input.Text?.Trim() ?? "";
        if (text.Length is 0 or > 4000)
        {
            errors["Text"] = l["Write the update (at most 4000 characters)."];
        }
        if (input.On is null)
        {
            errors["On"] = l["Fill in the date."];
        }
        if (errors.Count > 0)
        {
            return Outcome<BouwsteenUpdate>.Invalid(errors);
        }
        var update = new BouwsteenUpdate { BouwsteenId = b.Id, On = input.On!.Value, Text = text, AuthorUserId = user.UserId() };
        db.BouwsteenUpdates.Add(update);
        await db.SaveChangesAsync(ct);
        return Outcome<BouwsteenUpdate>.Ok(update);
    }
}
