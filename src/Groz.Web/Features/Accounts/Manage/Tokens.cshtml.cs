using System.ComponentModel.DataAnnotations;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Accounts.Manage;

/// <summary>Personal access tokens for integrations: the secret is shown once, right after it is made.</summary>
public sealed class TokensModel(GrozDbContext db, ApiTokens tokens, TimeProvider time, AuditLog audit, IStringLocalizer<SharedResource> l, ApiPrincipalCache cache) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Give the token a name."), StringLength(100, ErrorMessage = "Use at most 100 characters."), Display(Name = "Name of the token")]
        public string Name { get; set; } = "";

        public List<string> Scopes { get; set; } = ["read"];

        [Range(1, ApiTokens.MaxLifetimeDays, ErrorMessage = "This value is not valid.")]
        public int LifetimeDays { get; set; } = 90;
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public List<ApiToken> Active { get; private set; } = [];
    public string? NewSecret { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (Input.Scopes.Count == 0 || Input.Scopes.Any(s => !ApiTokens.KnownScopes.Contains(s)))
        {
            ModelState.AddModelError("", l["Choose what the token may do."]);
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var created = await tokens.CreateAsync(User.UserId()!, Input.Name.Trim(), Input.Scopes, Input.LifetimeDays);
        await audit.WriteAsync("token.created", "api-token", created.Token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        NewSecret = created.Secret;
        ModelState.Clear();
        Input = new InputModel();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id)
    {
        var userId = User.UserId();
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId && t.RevokedAt == null);
        if (token is not null)
        {
            token.RevokedAt = time.GetUtcNow();
            await db.SaveChangesAsync();
            cache.EvictUser(token.UserId);
            await audit.WriteAsync("token.revoked", "api-token", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            TempData["Message"] = l["The token has been revoked."].Value;
        }
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var userId = User.UserId();
        var now = time.GetUtcNow();
        Active = await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null).OrderByDescending(t => t.Id).ToListAsync();
        Active.RemoveAll(t => t.ExpiresAt <= now);
    }
}
