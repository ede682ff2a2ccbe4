using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Groz.Web.Features.HelpRequests;

/// <summary>"Who looked at my request": the audit entries about it, for its resident only.</summary>
[Authorize]
public sealed class WhoLookedModel(HelpRequests help) : PageModel
{
    public int Id { get; private set; }
    public List<(DateTimeOffset At, string Who, string Action)> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id)
    {
        Id = id;
        var rows = await help.WhoLookedAsync(User, id, HttpContext.RequestAborted);
        if (rows is null)
        {
            return NotFound();
        }
        Rows = rows;
        return Page();
    }
}
