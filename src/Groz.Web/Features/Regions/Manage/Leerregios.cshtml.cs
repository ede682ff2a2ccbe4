using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.Regions.Manage;

public sealed class LeerregiosModel(GrozDbContext db, IStringLocalizer<SharedResource> l, TimeProvider time, AuditLog audit) : ManagePageModel(db)
{
    public sealed record Row(string Slug, string Name, int Wijken, int Buurten, int? Residents);

    public sealed class NewLeerregioInput
    {
        public string? Slug { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
    }

    [BindProperty] public NewLeerregioInput Input { get; set; } = new();

    public List<Row> Rows { get; private set; } = [];
    public bool CanCreate => User.IsInstallationAdmin();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!RegionManagement.IsManager(User))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        await LoadRowsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CanCreate)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var slug = Input.Slug?.Trim().ToLowerInvariant() ?? "";
        var name = Input.Name?.Trim() ?? "";
        var description = string.IsNullOrWhiteSpace(Input.Description) ? null : Input.Description.Trim();
        if (slug.Length is 0 or > 60 || !System.Text.RegularExpressions.Regex.IsMatch(slug, "^[a-z0-9]+(-[a-z0-9]+)*$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            ModelState.AddModelError("Input.Slug", l["Use lowercase letters, digits and hyphens (at most 60), for example leidsche-rijn."]);
        }
        else if (await Db.Leerregios.AnyAsync(x => x.Slug == slug))
        {
            ModelState.AddModelError("Input.Slug", l["This short name is already in use."]);
        }
        if (name.Length is 0 or > 200)
        {
            ModelState.AddModelError("Input.Name", l["Enter a name of at most 200 characters."]);
        }
        if (description?.Length > 2000)
        {
            ModelState.AddModelError("Input.Description", l["The description can be at most 2000 characters."]);
        }
        if (!ModelState.IsValid)
        {
            await LoadRowsAsync();
            return Page();
        }
        var leerregio = new Leerregio { Slug = slug, Name = name, Description = description, CreatedAt = time.GetUtcNow() };
        Db.Leerregios.Add(leerregio);
        await Db.SaveChangesAsync();
        await audit.WriteAsync("leerregio.created", "leerregio", leerregio.Slug, leerregio.Id);
        TempData["Message"] = string.Format(System.Globalization.CultureInfo.CurrentCulture, l["Leerregio {0} has been created."], leerregio.Name);
        return Redirect($"/beheer/leerregios/{leerregio.Slug}");
    }

    private async Task LoadRowsAsync()
    {
        var managed = (await RegionManagement.ManagedLeerregiosAsync(Db, User)).Select(x => x.Id).ToList();
        Rows = await Db.Leerregios.AsNoTracking().Where(x => managed.Contains(x.Id)).OrderBy(x => x.Name)
            .Select(x => new Row(x.Slug, x.Name, x.Wijken.Count, Db.Buurten.Count(b => b.LeerregioId == x.Id), x.Wijken.Sum(w => w.Residents)))
            .ToListAsync();
    }
}
