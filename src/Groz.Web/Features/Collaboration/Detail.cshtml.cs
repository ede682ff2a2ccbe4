using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Regions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Collaboration;

/// <summary>One samenwerkingsverband: what it is, who takes part in which role, its themes and wijken. Public, like the network.</summary>
public sealed class DetailModel(GrozDbContext db, Effectiveness effectiveness) : PageModel
{
    public Leerregio Leerregio { get; private set; } = null!;
    public CollaborationApi.CollaborationDto Collaboration { get; private set; } = null!;
    public string? ProcessOwner { get; private set; }
    public bool MayEdit { get; private set; }
    public bool MayAnswer { get; private set; }
    public List<QuarterResult> Results { get; private set; } = [];
    public List<EffectivenessAnswer> Texts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, int id)
    {
        var ct = HttpContext.RequestAborted;
        if (await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, ct) is not { } lr)
        {
            return NotFound();
        }
        var c = await db.Collaborations.AsNoTracking().Include(x => x.Members).Include(x => x.Themes).Include(x => x.Wijken).AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == id && x.LeerregioId == lr.Id, ct);
        if (c is null)
        {
            return NotFound();
        }
        Leerregio = lr;
        Collaboration = await CollaborationApi.DtoAsync(db, lr.Slug, c, ct);
        ProcessOwner = Collaboration.Members.FirstOrDefault(m => m.OrganizationId == c.ProcessOwnerId)?.Organization;
        MayEdit = User.CanManage(lr.Id);
        MayAnswer = await effectiveness.MayAnswerAsync(User, c, ct);
        Results = await effectiveness.ResultsAsync(User, c, ct);
        Texts = await effectiveness.TextsAsync(User, c, ct);
        return Page();
    }
}
