using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Events;

/// <summary>The short form after an activity: from the mailed link (?t=…) or signed in. Answers are anonymous (see <see cref="EventFeedback"/>).</summary>
public sealed class FeedbackModel(GrozDbContext db, EventFeedbackService feedback, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        public int? Rating { get; set; }
        public bool WouldComeAgain { get; set; }
        public string? Comment { get; set; }
    }

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    public string Title { get; private set; } = "";
    public bool Open { get; private set; }

    private async Task<EventRegistration?> LoadAsync()
    {
        Title = db.Events.Where(e => e.Id == Id && e.Status != EventStatus.Draft).Select(e => e.Title).FirstOrDefault() ?? "";
        var registration = Token is not null
            ? await feedback.OpenForTokenAsync(Token, Id, HttpContext.RequestAborted)
            : await feedback.OpenForUserAsync(User.UserId(), Id, HttpContext.RequestAborted);
        Open = registration is not null && Title.Length > 0;
        return Open ? registration : null;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Title.Length == 0 ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is not { } registration)
        {
            return Title.Length == 0 ? NotFound() : Page();
        }
        var outcome = await feedback.SubmitAsync(registration, Id, new FeedbackInput(Input.Rating, Input.WouldComeAgain, Input.Comment), HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            EventPages.AddErrors(ModelState, outcome);
            return Page();
        }
        TempData["Message"] = l["Thank you for your opinion!"].Value;
        return Redirect($"/activiteiten/{Id}");
    }
}
