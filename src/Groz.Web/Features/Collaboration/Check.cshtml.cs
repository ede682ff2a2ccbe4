using Groz.Web.Data;
using Groz.Web.Features.Events;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Collaboration;

/// <summary>The effectiveness check for a participant of a collaboration (see <see cref="Effectiveness"/> for who that is).</summary>
[Authorize]
public sealed class CheckModel(GrozDbContext db, Effectiveness effectiveness, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        public int? Working { get; set; }
        public string? Helps { get; set; }
        public string? Hinders { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public Collaboration Collaboration { get; private set; } = null!;
    public bool Answered { get; private set; }
    public List<KeyValuePair<string, string>> Scale =>
    [
        new("1", l["1 – not at all"]), new("2", l["2 – hardly"]), new("3", l["3 – somewhat"]), new("4", l["4 – well"]), new("5", l["5 – very well"]),
    ];

    private async Task<bool> LoadAsync()
    {
        var c = await db.Collaborations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == Id && db.Leerregios.Any(lr => lr.Id == x.LeerregioId && lr.Slug == Slug));
        if (c is null || !await effectiveness.MayAnswerAsync(User, c))
        {
            return false;
        }
        Collaboration = c;
        return true;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        if (await effectiveness.MineAsync(User, Id) is { } mine)
        {
            Answered = true;
            Input = new InputModel { Working = mine.Working, Helps = mine.Helps, Hinders = mine.Hinders };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        ModelState.Remove("Input.Working");
        var outcome = await effectiveness.AnswerAsync(User, Id, new EffectivenessInput(Input.Working, Input.Helps, Input.Hinders), HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            EventPages.AddErrors(ModelState, outcome);
            return Page();
        }
        TempData["Message"] = l["Thank you. Your answer has been saved."].Value;
        return Redirect($"/samenwerking/{Slug}/verband/{Id}");
    }
}
