using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Api;
using Groz.Web.Features.Events;
using Groz.Web.Features.Regions;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Collaboration;

/// <summary>
/// Samenwerking under /api/v1/collaboration. Public: collaborations, bouwstenen and the network with its measures (the
/// partner network of a leerregio is public, like the wijkportaal). Coordinators write those. Wijkgesprekken, their
/// fragments and notes, the codebook, urgencies and the theme × wijk matrix: the leerregio's coordinators and researchers
/// only; anyone else gets 404, as if the leerregio had none.
/// </summary>
public static class CollaborationApi
{
    public sealed record MemberDto(Guid OrganizationId, string Organization, string? Role);
    public sealed record WijkDto(int Id, string Code, string Name);
    public sealed record CollaborationDto(int Id, string Leerregio, string Name, string? Description, CollaborationType Type, CollaborationStatus Status, DateOnly StartsOn,
        DateOnly? EndsOn, Guid? ProcessOwnerId, IReadOnlyList<MemberDto> Members, IReadOnlyList<string> Themes, IReadOnlyList<WijkDto> Wijken);
    public sealed record UpdateDto(int Id, DateOnly On, string Text);
    public sealed record BouwsteenDto(string Code, string Name, string Trekker, IReadOnlyList<UpdateDto> Updates);
    public sealed record TrekkerInput(string? Trekker);
    public sealed record NetworkOrganisationDto(Guid Id, string Name, int Collaborations, bool Broker, bool Isolated, IReadOnlyList<int> CollaborationIds);
    public sealed record NetworkCollaborationDto(int Id, string Name, CollaborationType Type, IReadOnlyList<string> Themes, IReadOnlyList<int> WijkIds, IReadOnlyList<Guid> Members);
    public sealed record NetworkDto(IReadOnlyList<NetworkOrganisationDto> Organisations, IReadOnlyList<NetworkCollaborationDto> Collaborations,
        IReadOnlyList<string> ThemesWithoutCollaboration, IReadOnlyList<WijkDto> WijkenWithoutCollaboration);
    public sealed record ConversationDto(int Id, DateOnly HeldOn, int WijkId, ConversationFormat Format, PlaceKind Place, ParticipantKinds Participants, int ParticipantCount,
        string Facilitator, string Summary);
    public sealed record FragmentDto(int Id, string Text, IReadOnlyList<int> CodeIds);
    public sealed record ConversationDetailDto(int Id, DateOnly HeldOn, int WijkId, ConversationFormat Format, PlaceKind Place, ParticipantKinds Participants, int ParticipantCount,
        string Facilitator, string Summary, string? Notes, IReadOnlyList<FragmentDto> Fragments);
    public sealed record CodeDto(int Id, int? ParentId, string Name, string? Description, int Fragments);
    public sealed record MergeInput(int? TargetId);
    public sealed record UrgencyDto(int WijkId, int CodeId, int Level, string Rationale, DateOnly SetOn);
    public sealed record CellDto(int WijkId, int Heard, int? Urgency);
    public sealed record RowDto(int CodeId, string Theme, int Total, bool OneWijkOnly, IReadOnlyList<CellDto> Cells);
    public sealed record ActionDto(int Id, int CodeId, ActionKind Kind, int? TargetId, string Title, string Url);
    public sealed record QuarterDto(DateOnly Quarter, string Name, int Answers, decimal? Average, bool Suppressed);
    public sealed record AnswerDto(int CollaborationId, DateOnly Quarter, int Working, string? Helps, string? Hinders);

    public static WebApplication MapCollaborationApi(this WebApplication app)
    {
        var open = app.MapApiV1("collaboration", "Samenwerking");
        open.MapGet("/collaborations", ListAsync).WithSummary("The samenwerkingsverbanden of a leerregio (leerregio=slug), with members, themes and wijken.").ProducesProblem(404);
        open.MapGet("/collaborations/{id:int}", GetAsync).WithSummary("One samenwerkingsverband.").ProducesProblem(404);
        open.MapGet("/collaborations/{id:int}/effectiveness", EffectivenessAsync)
            .WithSummary("The effectiveness check of a samenwerkingsverband per quarter: number of answers and the average of \"is it working\" (1–5); the average is left out (suppressed) below 5 answers, except for the leerregio's coordinators.")
            .ProducesProblem(404);
        open.MapGet("/bouwstenen", BouwstenenAsync).WithSummary("The five bouwstenen of a leerregio with their trekker and dated updates.").ProducesProblem(404);
        open.MapGet("/network", NetworkAsync)
            .WithSummary("The partner network (leerregio=slug; optional wijk=id, theme=code): organisations with their number of collaborations, brokers (articulation points: without them other organisations lose every connection to each other) and isolated ones; themes and wijken without any collaboration. Ended collaborations do not count.")
            .ProducesProblem(404);

        var api = app.MapApiV1("collaboration", "Samenwerking").RequireAuthorization(AccountsSetup.ApiPolicy);
        api.MapPost("/collaborations", CreateAsync).DisableValidation()
            .WithSummary("Add a samenwerkingsverband (coordinators): name, type (Network, Alliance, Project, LearningCommunity), status, startsOn, endsOn, processOwnerId (a member), members [{organizationId, role}] (at least one, each once, published organisations of the leerregio), themes, wijkIds.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapPut("/collaborations/{id:int}", UpdateAsync).DisableValidation().WithSummary("Change a samenwerkingsverband (coordinators); the same body as adding one.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/collaborations/{id:int}/effectiveness", AnswerAsync).DisableValidation()
            .WithSummary("Answer the effectiveness check for this quarter (people linked to a member organisation): working (1–5), helps, hinders. Answering again in the same quarter replaces the answer.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapPut("/bouwstenen/{code}/trekker", SetTrekkerAsync).DisableValidation().WithSummary("Set the trekker of a bouwsteen (coordinators).")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/bouwstenen/{code}/updates", AddUpdateAsync).DisableValidation().WithSummary("Add a dated update to a bouwsteen (coordinators): on, text.")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);

        api.MapGet("/conversations", ConversationsAsync).WithSummary("Wijkgesprekken and focus groups of a leerregio, newest first, without notes (coordinators and researchers).").ProducesProblem(404);
        api.MapPost("/conversations", CreateConversationAsync).DisableValidation()
            .WithSummary("Record a wijkgesprek: heldOn, wijkId, format (Conversation, FocusGroup), place (Buurthuis, Buurtteam, Wijkbijeenkomst, Street, Online, Other), participants (e.g. \"Residents, Volunteers\"), participantCount, facilitator, summary, notes. Never names of participants.")
            .ProducesValidationProblem().ProducesProblem(404);
        api.MapGet("/conversations/{id:int}", ConversationAsync).WithSummary("One wijkgesprek with its notes and coded fragments (coordinators and researchers of its leerregio; each view is in the audit log).").ProducesProblem(404);
        api.MapPost("/conversations/{id:int}/fragments", AddFragmentAsync).DisableValidation().WithSummary("Add a fragment with its codes: text, codeIds.")
            .ProducesValidationProblem().ProducesProblem(404);
        api.MapPut("/fragments/{id:int}", UpdateFragmentAsync).DisableValidation()
            .WithSummary("Change a coded fragment: text and codeIds (the whole new set; at least one, from the codebook of its leerregio). Audit-logged.")
            .Produces<FragmentDto>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapDelete("/fragments/{id:int}", DeleteFragmentAsync).WithSummary("Delete a coded fragment (its codes go with it; the matrix no longer counts it). Audit-logged.")
            .Produces(204).ProducesProblem(403).ProducesProblem(404);
        api.MapGet("/codes", CodesAsync).WithSummary("The codebook of a leerregio: themes (parentId null) and subthemes, with how many fragments carry each code.").ProducesProblem(404);
        api.MapPost("/codes", CreateCodeAsync).DisableValidation().WithSummary("Add a code: name, description, parentId (none for a theme).").ProducesValidationProblem().ProducesProblem(404);
        api.MapPut("/codes/{id:int}", UpdateCodeAsync).DisableValidation().WithSummary("Rename or move a code; a move under itself or one of its subcodes is refused.")
            .ProducesValidationProblem().ProducesProblem(404);
        api.MapPost("/codes/{id:int}/merge", MergeAsync).DisableValidation()
            .WithSummary("Merge this code into targetId: its fragments, subcodes, urgencies and actions move to the target, then the code is removed.")
            .ProducesValidationProblem().ProducesProblem(404);
        api.MapPut("/urgencies", SetUrgencyAsync).DisableValidation().WithSummary("Set the urgency (level 1–5, with rationale) of a theme (codeId) in a wijk (wijkId).")
            .ProducesValidationProblem().ProducesProblem(404);
        api.MapGet("/matrix", MatrixAsync)
            .WithSummary("Theme × wijk: per theme of the codebook and wijk how many fragments were heard (subthemes count for their theme) and the urgency; oneWijkOnly marks themes heard in one wijk only.")
            .ProducesProblem(404);
        api.MapGet("/export/{part}.csv", ExportCsvAsync)
            .WithSummary("Research export (coordinators and researchers): part collaborations, memberships or fragments (coded fragments with wijk, kind and number of participants; never notes or names). Audit-logged.")
            .Produces(200, contentType: "text/csv").ProducesProblem(404);
        api.MapGet("/export.xlsx", ExportXlsxAsync).WithSummary("The research export as one workbook with a sheet per part (coordinators and researchers). Audit-logged.")
            .Produces(200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").ProducesProblem(404);
        api.MapGet("/actions", ActionsAsync).WithSummary("Links from themes to what is done about them: a collaboration, an activity, a document or another link.").ProducesProblem(404);
        api.MapPost("/actions", AddActionAsync).DisableValidation()
            .WithSummary("Link a theme (codeId) to an action: kind Collaboration or Event with targetId, or Document or Link with url and title.")
            .ProducesValidationProblem().ProducesProblem(404);
        return app;
    }

    private static Task<Leerregio?> LeerregioAsync(GrozDbContext db, string? slug) => db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug);

    private static async Task<Leerregio?> ResearchableAsync(HttpContext http, GrozDbContext db, string? slug) =>
        await LeerregioAsync(db, slug) is { } lr && Wijkgesprekken.MayResearch(http.User, lr.Id) ? lr : null;

    private static IResult? NeedsWrite(HttpContext http) => http.User.HasScope("write") ? null : Errors.Problem(http, 403, "write-scope-required");

    public static async Task<CollaborationDto> DtoAsync(GrozDbContext db, string slug, Collaboration c, CancellationToken ct)
    {
        var orgIds = c.Members.Select(m => m.OrganizationId).ToList();
        var names = await db.SmOrganizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var wijkIds = c.Wijken.Select(w => w.WijkId).ToList();
        var wijken = await db.Wijken.AsNoTracking().Where(w => wijkIds.Contains(w.Id)).OrderBy(w => w.Name).Select(w => new WijkDto(w.Id, w.Code, w.Name)).ToListAsync(ct);
        return new CollaborationDto(c.Id, slug, c.Name, c.Description, c.Type, c.Status, c.StartsOn, c.EndsOn, c.ProcessOwnerId,
            [.. c.Members.OrderBy(m => names.GetValueOrDefault(m.OrganizationId)).Select(m => new MemberDto(m.OrganizationId, names.GetValueOrDefault(m.OrganizationId) ?? "", m.Role))],
            [.. c.Themes.Select(t => t.ThemeCode).Order()], wijken);
    }

    private static IQueryable<Collaboration> Full(GrozDbContext db) =>
        db.Collaborations.AsNoTracking().Include(c => c.Members).Include(c => c.Themes).Include(c => c.Wijken).AsSplitQuery();

    private static async Task<IResult> ListAsync(string? leerregio, HttpContext http, GrozDbContext db)
    {
        if (await LeerregioAsync(db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var list = await Full(db).Where(c => c.LeerregioId == lr.Id).OrderBy(c => c.Name).ToListAsync(http.RequestAborted);
        var result = new List<CollaborationDto>();
        foreach (var c in list)
        {
            result.Add(await DtoAsync(db, lr.Slug, c, http.RequestAborted));
        }
        return TypedResults.Ok(result);
    }

    private static async Task<IResult> GetAsync(int id, HttpContext http, GrozDbContext db)
    {
        if (await Full(db).FirstOrDefaultAsync(c => c.Id == id, http.RequestAborted) is not { } c)
        {
            return Errors.Problem(http, 404, "unknown-collaboration");
        }
        var slug = await db.Leerregios.Where(l => l.Id == c.LeerregioId).Select(l => l.Slug).SingleAsync(http.RequestAborted);
        return TypedResults.Ok(await DtoAsync(db, slug, c, http.RequestAborted));
    }

    private static async Task<IResult> CreateAsync(string? leerregio, CollaborationInput input, HttpContext http, GrozDbContext db, Collaborations collaborations)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        if (await LeerregioAsync(db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var outcome = await collaborations.SaveAsync(http.User, lr.Id, null, input, http.RequestAborted);
        return outcome.Value is { } c
            ? TypedResults.Created($"/api/v1/collaboration/collaborations/{c.Id}", await DtoAsync(db, lr.Slug, c, http.RequestAborted))
            : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> UpdateAsync(int id, CollaborationInput input, HttpContext http, GrozDbContext db, Collaborations collaborations)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        if (await db.Collaborations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id) is not { } found)
        {
            return Errors.Problem(http, 404, "unknown-collaboration");
        }
        var outcome = await collaborations.SaveAsync(http.User, found.LeerregioId, id, input, http.RequestAborted);
        var slug = await db.Leerregios.Where(l => l.Id == found.LeerregioId).Select(l => l.Slug).SingleAsync();
        return outcome.Value is { } c ? TypedResults.Ok(await DtoAsync(db, slug, c, http.RequestAborted)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> EffectivenessAsync(int id, HttpContext http, GrozDbContext db, Effectiveness effectiveness)
    {
        if (await db.Collaborations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, http.RequestAborted) is not { } c)
        {
            return Errors.Problem(http, 404, "unknown-collaboration");
        }
        // Public endpoint, so only the cookie is read by default; a coordinator's token must count as well (it lifts the suppression).
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true && await http.AuthenticateAsync(ApiTokenHandler.SchemeName) is { Succeeded: true, Principal: { } principal })
        {
            user = principal;
        }
        var results = await effectiveness.ResultsAsync(user, c, http.RequestAborted);
        return TypedResults.Ok(results.Select(r => new QuarterDto(r.Quarter, Effectiveness.QuarterName(r.Quarter), r.Answers, r.Average, r.Suppressed)).ToList());
    }

    private static async Task<IResult> AnswerAsync(int id, EffectivenessInput input, HttpContext http, Effectiveness effectiveness)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        var outcome = await effectiveness.AnswerAsync(http.User, id, input, http.RequestAborted);
        return outcome.Value is { } a ? TypedResults.Ok(new AnswerDto(a.CollaborationId, a.Quarter, a.Working, a.Helps, a.Hinders)) : EventsApi.Problem(http, outcome);
    }

    private static BouwsteenDto Bouwsteen(Bouwsteen b) => new(b.Code, BouwsteenName(b.Code, Localization.IsDutch), b.Trekker,
        [.. b.Updates.OrderByDescending(u => u.On).ThenByDescending(u => u.Id).Select(u => new UpdateDto(u.Id, u.On, u.Text))]);

    public static string BouwsteenName(string code, bool dutch) => code switch
    {
        "bekostiging" => dutch ? "Bekostiging" : "Funding",
        "data-ict" => "Data/ICT",
        "lerend-vermogen" => dutch ? "Lerend vermogen" : "Learning capacity",
        "monitoring" => "Monitoring",
        "samenwerking" => dutch ? "Samenwerking" : "Collaboration",
        _ => code,
    };

    private static async Task<IResult> BouwstenenAsync(string? leerregio, HttpContext http, GrozDbContext db, Collaborations collaborations)
    {
        if (await LeerregioAsync(db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        return TypedResults.Ok((await collaborations.BouwstenenAsync(lr.Id, http.RequestAborted)).Select(Bouwsteen).ToList());
    }

    private static async Task<IResult> SetTrekkerAsync(string code, string? leerregio, TrekkerInput input, HttpContext http, GrozDbContext db, Collaborations collaborations)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        if (await LeerregioAsync(db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var outcome = await collaborations.SetTrekkerAsync(http.User, lr.Id, code, input.Trekker, http.RequestAborted);
        return outcome.Value is { } b ? TypedResults.Ok(Bouwsteen(b)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> AddUpdateAsync(string code, string? leerregio, BouwsteenUpdateInput input, HttpContext http, GrozDbContext db, Collaborations collaborations)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        if (await LeerregioAsync(db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var outcome = await collaborations.AddUpdateAsync(http.User, lr.Id, code, input, http.RequestAborted);
        return outcome.Value is { } u ? TypedResults.Created($"/api/v1/collaboration/bouwstenen?leerregio={lr.Slug}", new UpdateDto(u.Id, u.On, u.Text)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> NetworkAsync(string? leerregio, int? wijk, string? theme, HttpContext http, GrozDbContext db)
    {
        if (await LeerregioAsync(db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var n = await Network.LoadAsync(db, lr.Id, wijk, string.IsNullOrEmpty(theme) ? null : theme, http.RequestAborted);
        var codes = await db.Wijken.AsNoTracking().Where(w => w.LeerregioId == lr.Id).ToDictionaryAsync(w => w.Id, w => w.Code, http.RequestAborted);
        return TypedResults.Ok(new NetworkDto(
            [.. n.Organisations.Select(o => new NetworkOrganisationDto(o.Id, o.Name, o.Degree, o.Broker, o.Isolated, o.CollaborationIds))],
            [.. n.Collaborations.Select(c => new NetworkCollaborationDto(c.Id, c.Name, c.Type, c.Themes, c.WijkIds, [.. c.Members.Select(m => m.OrganizationId)]))],
            n.ThemesWithout, [.. n.WijkenWithout.Select(w => new WijkDto(w.Id, codes[w.Id], w.Name))]));
    }

    private static ConversationDto Conversation(NeighbourhoodConversation c) =>
        new(c.Id, c.HeldOn, c.WijkId, c.Format, c.Place, c.Participants, c.ParticipantCount, c.Facilitator, c.Summary);

    private static async Task<IResult> ConversationsAsync(string? leerregio, HttpContext http, GrozDbContext db)
    {
        if (await ResearchableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var list = await db.NeighbourhoodConversations.AsNoTracking().Where(c => c.LeerregioId == lr.Id).OrderByDescending(c => c.HeldOn).ThenByDescending(c => c.Id).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(list.Select(Conversation).ToList());
    }

    private static async Task<IResult> CreateConversationAsync(string? leerregio, ConversationInput input, HttpContext http, GrozDbContext db, Wijkgesprekken gesprekken)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        if (await ResearchableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var outcome = await gesprekken.SaveConversationAsync(http.User, lr.Id, null, input, http.RequestAborted);
        return outcome.Value is { } c ? TypedResults.Created($"/api/v1/collaboration/conversations/{c.Id}", Conversation(c)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> ConversationAsync(int id, HttpContext http, Wijkgesprekken gesprekken)
    {
        if (await gesprekken.ReadWithNotesAsync(http.User, id, http.RequestAborted) is not { } c)
        {
            return Errors.Problem(http, 404, "unknown-conversation");
        }
        return TypedResults.Ok(new ConversationDetailDto(c.Id, c.HeldOn, c.WijkId, c.Format, c.Place, c.Participants, c.ParticipantCount, c.Facilitator, c.Summary, c.Notes,
            [.. c.Fragments.OrderBy(f => f.Id).Select(f => new FragmentDto(f.Id, f.Text, [.. f.Codes.Select(x => x.CodeId).Order()]))]));
    }

    private static async Task<IResult> AddFragmentAsync(int id, FragmentInput input, HttpContext http, Wijkgesprekken gesprekken)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        var outcome = await gesprekken.AddFragmentAsync(http.User, id, input, http.RequestAborted);
        return outcome.Value is { } f
            ? TypedResults.Created($"/api/v1/collaboration/conversations/{id}", new FragmentDto(f.Id, f.Text, [.. f.Codes.Select(x => x.CodeId).Order()]))
            : EventsApi.Problem(http, outcome);
    }

    private static FragmentDto Fragment(ConversationFragment f) => new(f.Id, f.Text, [.. f.Codes.Select(x => x.CodeId).Order()]);

    private static async Task<IResult> UpdateFragmentAsync(int id, FragmentInput input, HttpContext http, Wijkgesprekken gesprekken)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        var outcome = await gesprekken.UpdateFragmentAsync(http.User, id, input, http.RequestAborted);
        return outcome.Value is { } f ? TypedResults.Ok(Fragment(f)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> DeleteFragmentAsync(int id, HttpContext http, Wijkgesprekken gesprekken)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        var outcome = await gesprekken.DeleteFragmentAsync(http.User, id, http.RequestAborted);
        return outcome.Succeeded ? TypedResults.NoContent() : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> CodesAsync(string? leerregio, HttpContext http, GrozDbContext db)
    {
        if (await ResearchableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        return TypedResults.Ok(await CodeListAsync(db, lr.Id, http.RequestAborted));
    }

    public static async Task<List<CodeDto>> CodeListAsync(GrozDbContext db, int leerregioId, CancellationToken ct)
    {
        var codes = await db.Codes.AsNoTracking().Where(c => c.LeerregioId == leerregioId).ToListAsync(ct);
        var counts = await db.FragmentCodes.Where(fc => db.Codes.Any(c => c.Id == fc.CodeId && c.LeerregioId == leerregioId))
            .GroupBy(fc => fc.CodeId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        return [.. Codebook.Ordered(codes).Select(x => new CodeDto(x.Code.Id, x.Code.ParentId, x.Code.Name, x.Code.Description, counts.GetValueOrDefault(x.Code.Id)))];
    }

    private static async Task<IResult> CreateCodeAsync(string? leerregio, CodeInput input, HttpContext http, GrozDbContext db, Wijkgesprekken gesprekken)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        if (await ResearchableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var outcome = await gesprekken.SaveCodeAsync(http.User, lr.Id, null, input, http.RequestAborted);
        return outcome.Value is { } c ? TypedResults.Created($"/api/v1/collaboration/codes?leerregio={lr.Slug}", new CodeDto(c.Id, c.ParentId, c.Name, c.Description, 0)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<int?> CodeLeerregioAsync(HttpContext http, GrozDbContext db, int id) =>
        await db.Codes.AsNoTracking().Where(c => c.Id == id).Select(c => (int?)c.LeerregioId).FirstOrDefaultAsync() is { } lr && Wijkgesprekken.MayResearch(http.User, lr) ? lr : null;

    private static async Task<IResult> UpdateCodeAsync(int id, CodeInput input, HttpContext http, GrozDbContext db, Wijkgesprekken gesprekken)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        if (await CodeLeerregioAsync(http, db, id) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-code");
        }
        var outcome = await gesprekken.SaveCodeAsync(http.User, lr, id, input, http.RequestAborted);
        return outcome.Value is { } c ? TypedResults.Ok(new CodeDto(c.Id, c.ParentId, c.Name, c.Description, await db.FragmentCodes.CountAsync(x => x.CodeId == c.Id))) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> MergeAsync(int id, MergeInput input, HttpContext http, GrozDbContext db, Wijkgesprekken gesprekken)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        if (await CodeLeerregioAsync(http, db, id) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-code");
        }
        var outcome = await gesprekken.MergeAsync(http.User, lr, id, input.TargetId, http.RequestAborted);
        return outcome.Value is { } c ? TypedResults.Ok(new CodeDto(c.Id, c.ParentId, c.Name, c.Description, await db.FragmentCodes.CountAsync(x => x.CodeId == c.Id))) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> SetUrgencyAsync(string? leerregio, UrgencyInput input, HttpContext http, GrozDbContext db, Wijkgesprekken gesprekken)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        if (await ResearchableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var outcome = await gesprekken.SetUrgencyAsync(http.User, lr.Id, input, http.RequestAborted);
        return outcome.Value is { } u ? TypedResults.Ok(new UrgencyDto(u.WijkId, u.CodeId, u.Level, u.Rationale, u.SetOn)) : EventsApi.Problem(http, outcome);
    }

    private static async Task<IResult> MatrixAsync(string? leerregio, HttpContext http, GrozDbContext db)
    {
        if (await ResearchableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var m = await ThemeMatrices.ComputeAsync(db, lr.Id, http.RequestAborted);
        return TypedResults.Ok(m.Rows.Select(r => new RowDto(r.CodeId, r.Theme, r.Total, r.OneWijkOnly,
            [.. r.Cells.Select((c, i) => new CellDto(m.Wijken[i].Id, c.Heard, c.Urgency))])).ToList());
    }

    private static async Task<IResult> ExportCsvAsync(string part, string? leerregio, HttpContext http, GrozDbContext db, AuditLog audit)
    {
        if (await ResearchableAsync(http, db, leerregio) is not { } lr || !ResearchExport.Parts.Contains(part))
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var table = (await ResearchExport.LoadAsync(db, lr.Id, http.RequestAborted)).Single(t => t.Name == part);
        await audit.WriteAsync("collaboration.export", "leerregio", lr.Slug, lr.Id, $"{part}.csv, {table.Rows.Count} rows", ct: http.RequestAborted);
        return TypedResults.File(ResearchExport.Csv(table), "text/csv; charset=utf-8", $"samenwerking-{lr.Slug}-{part}.csv");
    }

    private static async Task<IResult> ExportXlsxAsync(string? leerregio, HttpContext http, GrozDbContext db, AuditLog audit)
    {
        if (await ResearchableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var tables = await ResearchExport.LoadAsync(db, lr.Id, http.RequestAborted);
        await audit.WriteAsync("collaboration.export", "leerregio", lr.Slug, lr.Id, "xlsx, " + string.Join(", ", tables.Select(t => $"{t.Name} {t.Rows.Count}")), ct: http.RequestAborted);
        return TypedResults.File(await ResearchExport.XlsxAsync(tables, http.RequestAborted), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"samenwerking-{lr.Slug}.xlsx");
    }

    public static string ActionUrl(ThemeAction a, string slug) => a.Kind switch
    {
        ActionKind.Collaboration => $"/samenwerking/{slug}/verband/{a.TargetId}",
        ActionKind.Event => $"/activiteiten/{a.TargetId}",
        _ => a.Url ?? "",
    };

    private static async Task<IResult> ActionsAsync(string? leerregio, HttpContext http, GrozDbContext db)
    {
        if (await ResearchableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var list = await db.ThemeActions.AsNoTracking().Where(a => a.LeerregioId == lr.Id).OrderBy(a => a.Id).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(list.Select(a => new ActionDto(a.Id, a.CodeId, a.Kind, a.TargetId, a.Title, ActionUrl(a, lr.Slug))).ToList());
    }

    private static async Task<IResult> AddActionAsync(string? leerregio, ActionInput input, HttpContext http, GrozDbContext db, Wijkgesprekken gesprekken)
    {
        if (NeedsWrite(http) is { } refused)
        {
            return refused;
        }
        if (await ResearchableAsync(http, db, leerregio) is not { } lr)
        {
            return Errors.Problem(http, 404, "unknown-leerregio");
        }
        var outcome = await gesprekken.AddActionAsync(http.User, lr.Id, input, http.RequestAborted);
        return outcome.Value is { } a ? TypedResults.Created($"/api/v1/collaboration/actions?leerregio={lr.Slug}", new ActionDto(a.Id, a.CodeId, a.Kind, a.TargetId, a.Title, ActionUrl(a, lr.Slug)))
            : EventsApi.Problem(http, outcome);
    }
}
