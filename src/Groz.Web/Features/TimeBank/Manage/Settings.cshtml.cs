using System.Globalization;
using Groz.Web.Data;
using Groz.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Groz.Web.Features.TimeBank.Manage;

/// <summary>
/// The bank's settings, in whole hours and euros. New limits are written onto every existing account of that kind in
/// the same transaction, because the ledger checks limits on the account row itself (its conditional UPDATE).
/// A balance already outside a new limit stays as it is; it can only move back towards the limit.
/// </summary>
public sealed class SettingsModel(GrozDbContext db, Banks banks, AuditLog audit, IStringLocalizer<SharedResource> l) : TimeBankManageModel(db, banks)
{
    public sealed class InputModel
    {
        public int? MemberMinHours { get; set; }
        public int? MemberMaxHours { get; set; }
        public int? OrganisationMinHours { get; set; }
        public int? OrganisationMaxHours { get; set; }
        public int? MaxPerTransferHours { get; set; }
        public bool ExchangeNeedsConfirmation { get; set; }
        public decimal? SocialValuePerHour { get; set; }
    }

    public const int MaxLimitHours = 100_000;
    public const decimal MaxSocialValue = 1000m;

    [BindProperty] public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        var s = Settings;
        Input = new InputModel
        {
            MemberMinHours = s.MemberMinMinutes / 60, MemberMaxHours = s.MemberMaxMinutes / 60,
            OrganisationMinHours = s.OrganisationMinMinutes / 60, OrganisationMaxHours = s.OrganisationMaxMinutes / 60,
            MaxPerTransferHours = s.MaxPerTransferMinutes / 60, ExchangeNeedsConfirmation = s.ExchangeNeedsConfirmation,
            SocialValuePerHour = s.SocialValuePerHour,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug)
    {
        if (!await LoadAsync(slug))
        {
            return NotFound();
        }
        Validate();
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var s = Settings;
        var before = Describe(s);
        s.MemberMinMinutes = Input.MemberMinHours!.Value * 60;
        s.MemberMaxMinutes = Input.MemberMaxHours!.Value * 60;
        s.OrganisationMinMinutes = Input.OrganisationMinHours!.Value * 60;
        s.OrganisationMaxMinutes = Input.OrganisationMaxHours!.Value * 60;
        s.MaxPerTransferMinutes = Input.MaxPerTransferHours!.Value * 60;
        s.ExchangeNeedsConfirmation = Input.ExchangeNeedsConfirmation;
        s.SocialValuePerHour = Input.SocialValuePerHour!.Value;
        var ct = HttpContext.RequestAborted;
        await using (var tx = await Db.Database.BeginTransactionAsync(ct))
        {
            await Db.SaveChangesAsync(ct);
            var id = Leerregio.Id;
            await Db.TimeAccounts.Where(a => a.LeerregioId == id && a.Kind == TimeAccountKind.Member)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.MinMinutes, s.MemberMinMinutes).SetProperty(a => a.MaxMinutes, s.MemberMaxMinutes), ct);
            await Db.TimeAccounts.Where(a => a.LeerregioId == id && a.Kind == TimeAccountKind.Organisation)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.MinMinutes, s.OrganisationMinMinutes).SetProperty(a => a.MaxMinutes, s.OrganisationMaxMinutes), ct);
            await tx.CommitAsync(ct);
        }
        await audit.WriteAsync("timebank.settings.changed", "leerregio", Leerregio.Slug, Leerregio.Id, $"{before} -> {Describe(s)}", ct: ct);
        TempData["Message"] = l["The settings of the Tijdbank have been saved."].Value;
        return Redirect(Home);
    }

    private void Validate()
    {
        void Check(bool ok, string field, string message)
        {
            // A value that could not be read already has its message from model binding.
            var key = $"Input.{field}";
            if (!ok && (!ModelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0))
            {
                ModelState.AddModelError(key, message);
            }
        }
        var i = Input;
        Check(i.MemberMinHours is <= 0 and >= -MaxLimitHours, nameof(i.MemberMinHours), l["Fill in whole hours, 0 or less (for example −20)."]);
        Check(i.MemberMaxHours is > 0 and <= MaxLimitHours, nameof(i.MemberMaxHours), l["Fill in whole hours above 0."]);
        Check(i.OrganisationMinHours is <= 0 and >= -MaxLimitHours, nameof(i.OrganisationMinHours), l["Fill in whole hours, 0 or less (for example −20)."]);
        Check(i.OrganisationMaxHours is > 0 and <= MaxLimitHours, nameof(i.OrganisationMaxHours), l["Fill in whole hours above 0."]);
        Check(i.MaxPerTransferHours is > 0 and <= MaxLimitHours, nameof(i.MaxPerTransferHours), l["Fill in whole hours above 0."]);
        Check(i.SocialValuePerHour is { } v && v >= 0 && v <= MaxSocialValue && decimal.Round(v, 2) == v, nameof(i.SocialValuePerHour),
            l["Fill in an amount in euros from 0 to 1000, with at most two decimals."]);
    }

    private static string Describe(TimeBankSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"member {s.MemberMinMinutes}..{s.MemberMaxMinutes}, organisation {s.OrganisationMinMinutes}..{s.OrganisationMaxMinutes}, per transfer {s.MaxPerTransferMinutes}, confirmation {s.ExchangeNeedsConfirmation}, value {s.SocialValuePerHour}");
}
