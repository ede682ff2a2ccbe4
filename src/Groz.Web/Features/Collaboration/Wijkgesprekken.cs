using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.TimeBank;
using Groz.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Collaboration;

public sealed record ConversationInput(DateOnly? HeldOn, int? WijkId, ConversationFormat? Format, PlaceKind? Place, ParticipantKinds? Participants,
    int? ParticipantCount, string? Facilitator, string? Summary, string? Notes);

public sealed record FragmentInput(string? Text, int[]? CodeIds);

public sealed record CodeInput(string? Name, string? Description, int? ParentId);

public sealed record UrgencyInput(int? WijkId, int? CodeId, int? Level, string? Rationale);

public sealed record ActionInput(int? CodeId, ActionKind? Kind, int? TargetId, string? Url, string? Title);

/// <summary>
/// Wijkgesprekken, their coded fragments, the codebook, urgencies and the links from themes to actions: the one write
/// path for pages and the API. Everything here is research material of one leerregio: coordinators and researchers of
/// that leerregio read and write it (they are the ones who hold and analyse the conversations); nobody else sees notes
/// or fragments, and every record is checked against the caller's leerregio, never only the page's.
/// </summary>
public sealed class Wijkgesprekken(GrozDbContext db, TimeProvider time, AuditLog audit, IStringLocalizer<SharedResource> l)
{
    public const int MaxText = 4000;

    public static bool MayResearch(ClaimsPrincipal user, int leerregioId) => user.CanManage(leerregioId) || user.HasRole(GrozRole.Researcher, leerregioId);

    private Outcome<T> NotAllowed<T>() where T : class =>
        Outcome<T>.Fail("not-allowed", null, l["Only coordinators and researchers of this leerregio work with wijkgesprekken."], 403);

    public async Task<Outcome<NeighbourhoodConversation>> SaveConversationAsync(ClaimsPrincipal user, int leerregioId, int? id, ConversationInput input, CancellationToken ct = default)
    {
        if (!MayResearch(user, leerregioId))
        {
            return NotAllowed<NeighbourhoodConversation>();
        }
        NeighbourhoodConversation? existing = null;
        if (id is { } cid && (existing = await db.NeighbourhoodConversations.FirstOrDefaultAsync(c => c.Id == cid && c.LeerregioId == leerregioId, ct)) is null)
        {
            return Outcome<NeighbourhoodConversation>.Fail("unknown-conversation", null, l["This conversation does not exist."], 404);
        }
        var errors = new Dictionary<string, string>();
        if (input.HeldOn is null)
        {
            errors["HeldOn"] = l["Fill in the date of the conversation."];
        }
        else if (input.HeldOn > DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow())))
        {
            errors["HeldOn"] = l["The date cannot be in the future."];
        }
        if (input.WijkId is not { } wijkId || !await db.Wijken.AnyAsync(w => w.Id == wijkId && w.LeerregioId == leerregioId, ct))
        {
            errors["WijkId"] = l["Choose a wijk of this leerregio."];
        }
        if (input.Format is not { } f || !Enum.IsDefined(f))
        {
            errors["Format"] = l["Choose the kind of conversation."];
        }
        if (input.Place is not { } p || !Enum.IsDefined(p))
        {
            errors["Place"] = l["Choose the place."];
        }
        var kinds = input.Participants ?? ParticipantKinds.None;
        if (kinds == ParticipantKinds.None || (kinds & ~(ParticipantKinds.Residents | ParticipantKinds.Professionals | ParticipantKinds.Volunteers | ParticipantKinds.Entrepreneurs)) != 0)
        {
            errors["Participants"] = l["Choose who took part."];
        }
        if (input.ParticipantCount is not (>= 1 and <= 500))
        {
            errors["ParticipantCount"] = l["Fill in the number of participants (1 to 500)."];
        }
        var facilitator = input.Facilitator?.Trim() ?? "";
        if (facilitator.Length is 0 or > 200)
        {
            errors["Facilitator"] = l["Fill in who led the conversation (at most 200 characters)."];
        }
        var summary = input.Summary?.Trim() ?? "";
        if (summary.Length is 0 or > MaxText)
        {
            errors["Summary"] = l["Write a short summary (at most 4000 characters)."];
        }
        if ((input.Notes?.Length ?? 0) > MaxText)
        {
            errors["Notes"] = l["Notes can be at most 4000 characters."];
        }
        if (errors.Count > 0)
        {
            return Outcome<NeighbourhoodConversation>.Invalid(errors);
        }
        var c = existing ?? new NeighbourhoodConversation { LeerregioId = leerregioId, Facilitator = facilitator, Summary = summary, CreatedAt = time.GetUtcNow(), CreatedByUserId = user.UserId() };
        c.HeldOn = input.HeldOn!.Value;
        c.WijkId = input.WijkId!.Value;
        c.Format = input.Format!.Value;
        c.Place = input.Place!.Value;
        c.Participants = kinds;
        c.ParticipantCount = input.ParticipantCount!.Value;
        c.Facilitator = facilitator;
        c.Summary = summary;
        c.Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        if (existing is null)
        {
            db.NeighbourhoodConversations.Add(c);
        }
        await db.SaveChangesAsync(ct);
        return Outcome<NeighbourhoodConversation>.Ok(c);
    }

    /// <summary>A conversation with its notes and fragments for someone allowed to see them; the view is audited.</summary>
    public async Task<NeighbourhoodConversation?> ReadWithNotesAsync(ClaimsPrincipal user, int id, CancellationToken ct = default)
    {
        var c = await db.NeighbourhoodConversations.AsNoTracking().Include(x => x.Fragments).ThenInclude(f => f.Codes).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !MayResearch(user, c.LeerregioId))
        {
            return null;
        }
        await audit.WriteAsync("wijkgesprek.notes.viewed", "wijkgesprek", c.Id.ToString(CultureInfo.InvariantCulture), c.LeerregioId, ct: ct);
        return c;
    }

    public async Task<Outcome<ConversationFragment>> AddFragmentAsync(ClaimsPrincipal user, int conversationId, FragmentInput input, CancellationToken ct = default)
    {
        var c = await db.NeighbourhoodConversations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == conversationId, ct);
        if (c is null || !MayResearch(user, c.LeerregioId))
        {
            return Outcome<ConversationFragment>.Fail("unknown-conversation", null, l["This conversation does not exist."], 404);
        }
        var (text, codes, errors) = await CheckFragmentAsync(c.LeerregioId, input, ct);
        if (errors.Count > 0)
        {
            return Outcome<ConversationFragment>.Invalid(errors);
        }
        var fragment = new ConversationFragment { ConversationId = c.Id, LeerregioId = c.LeerregioId, Text = text, Codes = [.. codes.Select(id => new FragmentCode { CodeId = id })] };
        db.ConversationFragments.Add(fragment);
        await db.SaveChangesAsync(ct);
        return Outcome<ConversationFragment>.Ok(fragment);
    }

    private async Task<(string Text, List<int> Codes, Dictionary<string, string> Errors)> CheckFragmentAsync(int leerregioId, FragmentInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var text = input.Text?.Trim() ?? "";
        if (text.Length is 0 or > MaxText)
        {
            errors["Text"] = l["Write the fragment (at most 4000 characters)."];
        }
        var codes = (input.CodeIds ?? []).Distinct().ToList();
        if (codes.Count == 0)
        {
            errors["CodeIds"] = l["Choose at least one code."];
        }
        else if (await db.Codes.CountAsync(x => x.LeerregioId == leerregioId && codes.Contains(x.Id), ct) != codes.Count)
        {
            errors["CodeIds"] = l["Choose codes from the codebook of this leerregio."];
        }
        return (text, codes, errors);
    }

    /// <summary>
    /// A fragment for someone allowed to code in its leerregio, with its codes; null for anyone else, so that another
    /// leerregio's fragment looks exactly like one that does not exist.
    /// </summary>
    public async Task<ConversationFragment?> FindFragmentAsync(ClaimsPrincipal user, int fragmentId, CancellationToken ct = default)
    {
        var f = await db.ConversationFragments.Include(x => x.Codes).FirstOrDefaultAsync(x => x.Id == fragmentId, ct);
        return f is not null && MayResearch(user, f.LeerregioId) ? f : null;
    }

    /// <summary>
    /// Recodes a fragment: new text and a new set of codes (the matrix follows, as it counts fragment codes). Refused input
    /// leaves the fragment as it was; a change is audit-logged like viewing the notes, since fragments are research material.
    /// </summary>
    public async Task<Outcome<ConversationFragment>> UpdateFragmentAsync(ClaimsPrincipal user, int fragmentId, FragmentInput input, CancellationToken ct = default)
    {
        if (await FindFragmentAsync(user, fragmentId, ct) is not { } fragment)
        {
            return Outcome<ConversationFragment>.Fail("unknown-fragment", null, l["This fragment does not exist."], 404);
        }
        var (text, codes, errors) = await CheckFragmentAsync(fragment.LeerregioId, input, ct);
        if (errors.Count > 0)
        {
            return Outcome<ConversationFragment>.Invalid(errors);
        }
        var before = fragment.Codes.Select(x => x.CodeId).Order().ToList();
        fragment.Text = text;
        fragment.Codes.RemoveAll(x => !codes.Contains(x.CodeId));
        fragment.Codes.AddRange(codes.Where(id => fragment.Codes.All(x => x.CodeId != id)).Select(id => new FragmentCode { FragmentId = fragment.Id, CodeId = id }));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync("wijkgesprek.fragment.changed", "fragment", fragment.Id.ToString(CultureInfo.InvariantCulture), fragment.LeerregioId,
            $"conversation {fragment.ConversationId}; codes {string.Join(',', before)} -> {string.Join(',', codes.Order())}", ct: ct);
        return Outcome<ConversationFragment>.Ok(fragment);
    }

    public async Task<Outcome<ConversationFragment>> DeleteFragmentAsync(ClaimsPrincipal user, int fragmentId, CancellationToken ct = default)
    {
        if (await FindFragmentAsync(user, fragmentId, ct) is not { } fragment)
        {
            return Outcome<ConversationFragment>.Fail("unknown-fragment", null, l["This fragment does not exist."], 404);
        }
        db.ConversationFragments.Remove(fragment);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync("wijkgesprek.fragment.deleted", "fragment", fragment.Id.ToString(CultureInfo.InvariantCulture), fragment.LeerregioId,
            $"conversation {fragment.ConversationId}; codes {string.Join(',', fragment.Codes.Select(x => x.CodeId).Order())}", ct: ct);
        return Outcome<ConversationFragment>.Ok(fragment);
    }

    public async Task<Outcome<Code>> SaveCodeAsync(ClaimsPrincipal user, int leerregioId, int? id, CodeInput input, CancellationToken ct = default)
    {
        if (!MayResearch(user, leerregioId))
        {
            return NotAllowed<Code>();
        }
        var all = await db.Codes.Where(x => x.LeerregioId == leerregioId).ToListAsync(ct);
        Code? existing = null;
        if (id is { } codeId && (existing = all.FirstOrDefault(x => x.Id == codeId)) is null)
        {
            return Outcome<Code>.Fail("unknown-code", null, l["This code does not exist."], 404);
        }
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["Name"] = l["Give the code a name (at most 200 characters)."];
        }
        else if (all.Any(x => x.Id != existing?.Id && x.ParentId == input.ParentId && string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            errors["Name"] = l["There is already a code with this name here."];
        }
        if ((input.Description?.Length ?? 0) > 2000)
        {
            errors["Description"] = l["The description can be at most 2000 characters."];
        }
        if (input.ParentId is { } parent)
        {
            if (all.All(x => x.Id != parent))
            {
                errors["ParentId"] = l["Choose a theme from the codebook of this leerregio."];
            }
            else if (existing is not null && Codebook.WouldCycle(all.ToDictionary(x => x.Id, x => x.ParentId), existing.Id, parent))
            {
                errors["ParentId"] = l["A code cannot be placed under itself or under one of its own subcodes."];
            }
        }
        if (errors.Count > 0)
        {
            return Outcome<Code>.Invalid(errors);
        }
        var code = existing ?? new Code { LeerregioId = leerregioId, Name = name };
        code.Name = name;
        code.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        code.ParentId = input.ParentId;
        if (existing is null)
        {
            db.Codes.Add(code);
        }
        await db.SaveChangesAsync(ct);
        return Outcome<Code>.Ok(code);
    }

    /// <summary>
    /// Merges <paramref name="sourceId"/> into <paramref name="targetId"/>: every fragment coded with the source keeps its
    /// coding (now with the target), subcodes move to the target, urgencies and actions follow (where the target already has
    /// an urgency for a wijk, the target's stays: it is the one people chose to keep), then the source goes. One transaction.
    /// </summary>
    public async Task<Outcome<Code>> MergeAsync(ClaimsPrincipal user, int leerregioId, int sourceId, int? targetId, CancellationToken ct = default)
    {
        if (!MayResearch(user, leerregioId))
        {
            return NotAllowed<Code>();
        }
        var all = await db.Codes.Where(x => x.LeerregioId == leerregioId).ToListAsync(ct);
        var source = all.FirstOrDefault(x => x.Id == sourceId);
        if (source is null)
        {
            return Outcome<Code>.Fail("unknown-code", null, l["This code does not exist."], 404);
        }
        var target = all.FirstOrDefault(x => x.Id == targetId);
        if (target is null)
        {
            return Outcome<Code>.Invalid(new Dictionary<string, string> { ["TargetId"] = l["Choose the code to merge into."] });
        }
        if (target.Id == source.Id)
        {
            return Outcome<Code>.Invalid(new Dictionary<string, string> { ["TargetId"] = l["A code cannot be merged into itself."] });
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Merging into one's own subcode: lift that subcode to the source's place first, so no code ends up under itself.
        if (Codebook.IsDescendant(all.ToDictionary(x => x.Id, x => x.ParentId), target.Id, source.Id))
        {
            target.ParentId = source.ParentId;
        }
        foreach (var child in all.Where(x => x.ParentId == source.Id && x.Id != target.Id))
        {
            child.ParentId = target.Id;
        }
        await db.SaveChangesAsync(ct);

        var targetFragments = db.FragmentCodes.Where(x => x.CodeId == target.Id).Select(x => x.FragmentId);
        await db.FragmentCodes.Where(x => x.CodeId == source.Id && targetFragments.Contains(x.FragmentId)).ExecuteDeleteAsync(ct);
        await db.FragmentCodes.Where(x => x.CodeId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CodeId, target.Id), ct);
        var targetWijken = db.ThemeUrgencies.Where(x => x.CodeId == target.Id).Select(x => x.WijkId);
        await db.ThemeUrgencies.Where(x => x.CodeId == source.Id && targetWijken.Contains(x.WijkId)).ExecuteDeleteAsync(ct);
        await db.ThemeUrgencies.Where(x => x.CodeId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CodeId, target.Id), ct);
        await db.ThemeActions.Where(x => x.CodeId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CodeId, target.Id), ct);
        db.Codes.Remove(source);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<Code>.Ok(target);
    }

    public async Task<Outcome<ThemeUrgency>> SetUrgencyAsync(ClaimsPrincipal user, int leerregioId, UrgencyInput input, CancellationToken ct = default)
    {
        if (!MayResearch(user, leerregioId))
        {
            return NotAllowed<ThemeUrgency>();
        }
        var errors = new Dictionary<string, string>();
        if (input.WijkId is not { } wijkId || !await db.Wijken.AnyAsync(w => w.Id == wijkId && w.LeerregioId == leerregioId, ct))
        {
            errors["WijkId"] = l["Choose a wijk of this leerregio."];
        }
        if (input.CodeId is not { } codeId || !await db.Codes.AnyAsync(x => x.Id == codeId && x.LeerregioId == leerregioId, ct))
        {
            errors["CodeId"] = l["Choose a theme from the codebook of this leerregio."];
        }
        if (input.Level is not (>= 1 and <= 5))
        {
            errors["Level"] = l["Urgency is a number from 1 (low) to 5 (very urgent)."];
        }
        var rationale = input.Rationale?.Trim() ?? "";
        if (rationale.Length is 0 or > 2000)
        {
            errors["Rationale"] = l["Say why (at most 2000 characters)."];
        }
        if (errors.Count > 0)
        {
            return Outcome<ThemeUrgency>.Invalid(errors);
        }
        var row = await db.ThemeUrgencies.FirstOrDefaultAsync(x => x.LeerregioId == leerregioId && x.WijkId == input.WijkId && x.CodeId == input.CodeId, ct);
        if (row is null)
        {
            row = new ThemeUrgency { LeerregioId = leerregioId, WijkId = input.WijkId!.Value, CodeId = input.CodeId!.Value, Rationale = rationale };
            db.ThemeUrgencies.Add(row);
        }
        row.Level = input.Level!.Value;
        row.Rationale = rationale;
        row.SetOn = DateOnly.FromDateTime(TimeBankPages.Local(time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return Outcome<ThemeUrgency>.Ok(row);
    }

    public async Task<Outcome<ThemeAction>> AddActionAsync(ClaimsPrincipal user, int leerregioId, ActionInput input, CancellationToken ct = default)
    {
        if (!MayResearch(user, leerregioId))
        {
            return NotAllowed<ThemeAction>();
        }
        var errors = new Dictionary<string, string>();
        if (input.CodeId is not { } codeId || !await db.Codes.AnyAsync(x => x.Id == codeId && x.LeerregioId == leerregioId, ct))
        {
            errors["CodeId"] = l["Choose a theme from the codebook of this leerregio."];
        }
        string? title = input.Title?.Trim();
        string? url = null;
        switch (input.Kind)
        {
            case ActionKind.Collaboration:
                title = await db.Collaborations.Where(c => c.Id == input.TargetId && c.LeerregioId == leerregioId).Select(c => c.Name).FirstOrDefaultAsync(ct);
                if (title is null)
                {
                    errors["TargetId"] = l["Choose a collaboration of this leerregio."];
                }
                break;
            case ActionKind.Event:
                title = await db.Events.Where(e => e.Id == input.TargetId && e.LeerregioId == leerregioId).Select(e => e.Title).FirstOrDefaultAsync(ct);
                if (title is null)
                {
                    errors["TargetId"] = l["Choose an activity of this leerregio."];
                }
                break;
            case ActionKind.Document or ActionKind.Link:
                // Until the Kennisbank lands, a document is linked by its address, like any other link.
                if (!Uri.TryCreate(input.Url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.OriginalString.Length > 500)
                {
                    errors["Url"] = l["Fill in a web address that starts with https://."];
                }
                else
                {
                    url = uri.OriginalString;
                }
                if (string.IsNullOrEmpty(title) || title.Length > 200)
                {
                    errors["Title"] = l["Give the link a title (at most 200 characters)."];
                }
                break;
            default:
                errors["Kind"] = l["Choose what the theme links to."];
                break;
        }
        if (errors.Count > 0)
        {
            return Outcome<ThemeAction>.Invalid(errors);
        }
        var action = new ThemeAction
        {
            LeerregioId = leerregioId, CodeId = input.CodeId!.Value, Kind = input.Kind!.Value, Title = title!, Url = url,
            TargetId = input.Kind is ActionKind.Collaboration or ActionKind.Event ? input.TargetId : null,
        };
        db.ThemeActions.Add(action);
        await db.SaveChangesAsync(ct);
        return Outcome<ThemeAction>.Ok(action);
    }
}
