using Groz.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Groz.Web.Features.Regions.Manage;

/// <summary>
/// The /beheer pages of one leerregio. Signing in is required (anonymous visitors go to the sign-in page);
/// a member who does not manage the leerregio gets 404 from <see cref="LoadAsync"/>, as if it did not exist.
/// </summary>
[Authorize]
public abstract class ManagePageModel(GrozDbContext db) : PageModel
{
    protected GrozDbContext Db => db;

    public Leerregio Leerregio { get; private set; } = null!;

    protected async Task<bool> LoadAsync(string slug)
    {
        if (await RegionManagement.FindManagedAsync(db, User, slug) is not { } leerregio)
        {
            return false;
        }
        Leerregio = leerregio;
        return true;
    }

    /// <summary>The first message for a field, shown next to it.</summary>
    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    protected void AddErrors(IReadOnlyDictionary<string, string> errors, string prefix = "Input")
    {
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"{prefix}.{field}", message);
        }
    }
}
