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

    /// <summary>Every field with a problem, for the summary at the top of the form (each links to its field).</summary>
    public IEnumerable<(string Id, string Message)> ErrorList =>
        ModelState.Where(e => e.Value is { Errors.Count: > 0 }).Select(e => (FieldId(e.Key), e.Value!.Errors[0].ErrorMessage));

    public static string FieldId(string key) => key.Replace('.', '_');

    protected void AddErrors(IReadOnlyDictionary<string, string> errors, string prefix = "Input")
    {
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"{prefix}.{field}", message);
        }
    }

    public Field FieldFor(string key, string label, object? value, string? hint = null, string type = "text") =>
        new(key, FieldId(key), label, value?.ToString() ?? "", ErrorFor(key), hint, type);
}

/// <summary>One labelled input with its hint and error message (rendered by _Field.cshtml).</summary>
public sealed record Field(string Name, string Id, string Label, string Value, string? Error, string? Hint, string Type)
{
    public string? DescribedBy =>
        string.Join(' ', new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }.OfType<string>()) is { Length: > 0 } s ? s : null;
}
