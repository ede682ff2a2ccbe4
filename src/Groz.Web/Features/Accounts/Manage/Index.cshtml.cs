using System.ComponentModel.DataAnnotations;
using Groz.Web.Data;
using Groz.Web.Features.Regions;
using Groz.Web.Features.Shared;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Accounts.Manage;

public sealed class IndexModel(GrozDbContext db, UserManager<GrozUser> users, SignInManager<GrozUser> signIn, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Fill in your name."), StringLength(100, ErrorMessage = "Use at most 100 characters."), Display(Name = "Your name")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Choose your wijk."), Display(Name = "Your wijk")]
        public int? WijkId { get; set; }

        public List<string> Interests { get; set; } = [];

        [RegularExpression("^(nl|en)$")]
        public string PreferredCulture { get; set; } = "nl";
    }

    public sealed record RoleRow(GrozRole Role, string Leerregio, string? Wijk);

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<(Leerregio Leerregio, List<Wijk> Wijken)> Wijken { get; private set; } = [];
    public List<RoleRow> Roles { get; private set; } = [];
    public string Email { get; private set; } = "";
    public bool TwoFactorEnabled { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        Input = new InputModel
        {
            DisplayName = user.DisplayName, WijkId = user.WijkId, PreferredCulture = user.PreferredCulture,
            Interests = user.Interests.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
        };
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user);
        var wijk = Wijken.SelectMany(x => x.Wijken).FirstOrDefault(w => w.Id == Input.WijkId);
        if (Input.WijkId is not null && wijk is null)
        {
            ModelState.AddModelError("Input.WijkId", l["Choose your wijk."]);
        }
        if (Input.Interests.Any(i => !Themes.IsKnown(i)))
        {
            ModelState.AddModelError("", l["This value is not valid."]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        user.DisplayName = Input.DisplayName.Trim();
        user.WijkId = wijk!.Id;
        user.LeerregioId = wijk.LeerregioId;
        user.Interests = string.Join(',', Input.Interests.Distinct());
        user.PreferredCulture = Input.PreferredCulture;
        await users.UpdateAsync(user);
        await audit.WriteAsync("account.profile-changed", "user", user.Id, user.LeerregioId);
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = l["Your changes have been saved."].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(GrozUser user)
    {
        Email = user.Email ?? "";
        TwoFactorEnabled = user.TwoFactorEnabled;
        Wijken = await db.WijkChoicesAsync();
        Roles = await db.RoleAssignments.Where(r => r.UserId == user.Id)
            .OrderBy(r => r.LeerregioId).ThenBy(r => r.Role)
            .Select(r => new RoleRow(r.Role, r.LeerregioId == null ? "" : db.Leerregios.Where(x => x.Id == r.LeerregioId).Select(x => x.Name).First(),
                r.WijkId == null ? null : db.Wijken.Where(w => w.Id == r.WijkId).Select(w => w.Name).First()))
            .ToListAsync();
    }
}
