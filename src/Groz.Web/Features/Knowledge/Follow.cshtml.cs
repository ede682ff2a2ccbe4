using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge;

/// <summary>
/// What the member follows (bouwstenen and themes) for the weekly digest; one button stops it all. The digest mail links
/// here, so unsubscribing is two clicks after signing in.
/// </summary>
[Authorize]
public sealed class FollowModel(GrozDbContext db, LearningEnvironment learning, KnowledgeLibrary library) : PageModel
{
    [BindProperty] public List<string> Bouwstenen { get; set; } = [];
    [BindProperty] public List<string> Themes { get; set; } = [];

    public KnowledgeLibrary Library => library;
    public bool Saved { get; private set; }

    private async Task LoadAsync()
    {
        var userId = User.UserId()!;
        var follows = await db.Set<KnowledgeFollow>().AsNoTracking().Where(f => f.UserId == userId).ToListAsync(HttpContext.RequestAborted);
        Bouwstenen = [.. follows.Where(f => f.Kind == FollowKind.Bouwsteen).Select(f => f.Code)];
        Themes = [.. follows.Where(f => f.Kind == FollowKind.Theme).Select(f => f.Code)];
    }

    public async Task OnGetAsync([FromQuery(Name = "opgeslagen")] bool saved = false)
    {
        Saved = saved;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var userId = User.UserId()!;
        var wanted = Bouwstenen.Select(b => LearningEnvironment.ParseFollow("bouwsteen", b))
            .Concat(Themes.Select(t => LearningEnvironment.ParseFollow("theme", t)))
            .OfType<(FollowKind Kind, string Code)>().Distinct().ToList();
        var ct = HttpContext.RequestAborted;
        var current = await db.Set<KnowledgeFollow>().Where(f => f.UserId == userId).ToListAsync(ct);
        foreach (var f in current.Where(f => !wanted.Contains((f.Kind, f.Code))))
        {
            await learning.UnfollowAsync(userId, f.Kind, f.Code, ct);
        }
        foreach (var (kind, code) in wanted.Where(w => !current.Any(f => f.Kind == w.Kind && f.Code == w.Code)))
        {
            await learning.FollowAsync(userId, kind, code, ct);
        }
        return Redirect("/kennisbank/volgen?opgeslagen=true");
    }

    public async Task<IActionResult> OnPostStopAsync()
    {
        await learning.UnfollowAllAsync(User.UserId()!, HttpContext.RequestAborted);
        return Redirect("/kennisbank/volgen?opgeslagen=true");
    }
}
