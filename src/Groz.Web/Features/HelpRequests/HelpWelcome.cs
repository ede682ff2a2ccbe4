using Groz.Web.Features.TimeBank;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.HelpRequests;

/// <summary>What a new resident fills in to be linked to a welkomstmaatje (a volunteer neighbour).</summary>
public sealed record WelcomeMaatjeInput(string? Name, ContactPreference? ContactPreference, string? Phone, string? Email, string? Message, bool Consent);

public sealed partial class HelpRequests
{
    public const int MaxWelcomeMessage = 1000;

    /// <summary>
    /// A new resident without an account asks for a welkomstmaatje: a request of kind Welcome in the wijk, through the
    /// same create path as every question (status history, the assistants' inbox). Their explicit consent to store
    /// the contact details and share them with the assistants and a volunteer is recorded with the text version.
    /// </summary>
    public async Task<Outcome<HelpRequest>> AskForWelcomeMaatjeAsync(int wijkId, WelcomeMaatjeInput input, string description,
        Func<HelpRequest, Task>? inTransaction = null, CancellationToken ct = default)
    {
        var wijk = await db.Wijken.AsNoTracking().FirstOrDefaultAsync(w => w.Id == wijkId, ct);
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > HelpRequest.MaxName)
        {
            errors[nameof(WelcomeMaatjeInput.Name)] = l["Fill in your name (at most 100 characters)."];
        }
        var contact = new Dictionary<string, string>();
        ValidateContact(input.ContactPreference, input.Phone, input.Email, contact, l);
        if (input.ContactPreference == ContactPreference.Platform)
        {
            contact["ContactPreference"] = l["Choose phone or e-mail."];
        }
        else if (input.ContactPreference == ContactPreference.Email && string.IsNullOrWhiteSpace(input.Email) && !contact.ContainsKey("ContactEmail"))
        {
            contact["ContactEmail"] = l["Fill in your e-mail address, or choose phone."];
        }
        foreach (var (key, message) in contact)
        {
            errors[key switch { "ContactPhone" => nameof(WelcomeMaatjeInput.Phone), "ContactEmail" => nameof(WelcomeMaatjeInput.Email), _ => nameof(WelcomeMaatjeInput.ContactPreference) }] = message;
        }
        if (input.Message is { } m && m.Trim().Length > MaxWelcomeMessage)
        {
            errors[nameof(WelcomeMaatjeInput.Message)] = l["Your message can be at most 1000 characters."];
        }
        if (!input.Consent)
        {
            errors[nameof(WelcomeMaatjeInput.Consent)] = l["Tick that we may store your name and contact details and share them with the buurtassistent and your maatje."];
        }
        if (wijk is null)
        {
            errors[""] = l["Choose a wijk of your leerregio."];
        }
        if (errors.Count > 0)
        {
            return Outcome<HelpRequest>.Invalid(errors);
        }
        var help = new HelpInput(HelpCategory.Company, description, null, false, null, null, null, input.ContactPreference, input.Phone, input.Email, wijk!.Id);
        var r = await NewRequestAsync(help, wijk.LeerregioId, "", ct);
        r.Kind = HelpRequestKind.Welcome;
        r.EnteredByUserId = null;
        r.ContactName = name;
        r.ContactEmail = Clean(input.Email);
        return await CreateAsync(r, help, onBehalf: false, async created =>
        {
            db.HelpConsents.Add(new HelpConsent
            {
                HelpRequestId = created.Id, LeerregioId = created.LeerregioId, Kind = HelpConsentKind.Processing, TextVersion = ConsentTextVersion, GivenAt = created.CreatedAt,
            });
            if (inTransaction is not null)
            {
                await inTransaction(created);
            }
        }, ct);
    }
}
