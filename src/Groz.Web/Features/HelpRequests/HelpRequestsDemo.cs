using System.Globalization;
using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.SocialMap;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.HelpRequests;

/// <summary>
/// Demo Hulpvragen in the first wijk of each demo leerregio (where the demo buurtassistent works), made through the
/// <see cref="HelpRequests"/> service itself so that statuses, history, consents and hours are as real use makes them:
/// one new, one entered after a phone call and waiting for a volunteer, one matched, one closed with hours, one referred.
/// </summary>
public static class HelpRequestsDemo
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        var help = services.GetRequiredService<HelpRequests>();
        var time = services.GetRequiredService<TimeProvider>();
        foreach (var leerregio in await db.Leerregios.AsNoTracking().OrderBy(l => l.Id).ToListAsync(ct))
        {
            var wijkId = await db.Wijken.Where(w => w.LeerregioId == leerregio.Id).OrderBy(w => w.Code).Select(w => w.Id).FirstAsync(ct);
            async Task<ClaimsPrincipal?> AsAsync(GrozRole role, GrozRole? grant = null)
            {
                var email = DemoData.DemoEmail(role, leerregio.Slug);
                var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, ct);
                if (user is null)
                {
                    return null;
                }
                List<Claim> claims = [new(ClaimTypes.NameIdentifier, user.Id), new(Access.LeerregioClaim, leerregio.Id.ToString(CultureInfo.InvariantCulture)),
                    new(Access.WijkClaim, wijkId.ToString(CultureInfo.InvariantCulture)), new(Access.TwoFactorClaim, "1")];
                if (grant is { } g)
                {
                    claims.Add(new(Access.RoleClaim, Access.Encode(g, leerregio.Id, g == GrozRole.Buurtassistent ? wijkId : null)));
                }
                return new ClaimsPrincipal(new ClaimsIdentity(claims, "demo"));
            }
            var resident = await AsAsync(GrozRole.Resident);
            var carer = await AsAsync(GrozRole.InformalCarer);
            var volunteer = await AsAsync(GrozRole.Volunteer);
            var assistant = await AsAsync(GrozRole.Buurtassistent, GrozRole.Buurtassistent);
            if (resident is null || carer is null || volunteer is null || assistant is null)
            {
                continue;
            }
            db.HelpVolunteerProfiles.Add(new HelpVolunteerProfile
            {
                LeerregioId = leerregio.Id, UserId = volunteer.UserId()!, WijkId = wijkId, Active = true, UpdatedAt = time.GetUtcNow(),
                Categories = (1 << (int)HelpCategory.Groceries) | (1 << (int)HelpCategory.Company) | (1 << (int)HelpCategory.DigitalHelp) | (1 << (int)HelpCategory.Transport),
                Availability = "Doordeweeks na 16:00 en op zaterdag",
            });
            await db.SaveChangesAsync(ct);
            var volunteerId = volunteer.UserId()!;

            // 1. New: just asked by a resident.
            await help.AskAsync(resident, new HelpInput(HelpCategory.Groceries, "Ik heb mijn enkel verstuikt en kan een paar weken niet naar de supermarkt. Wie wil op vrijdag boodschappen voor mij doen?",
                "Ik loop met krukken.", true, null, new TimeOnly(10, 0), new TimeOnly(16, 0), ContactPreference.Platform, null, null, wijkId), ct: ct);

            // 2. Entered after a phone call, triaged and waiting for the volunteer's answer.
            var phoned = await help.EnterOnBehalfAsync(assistant, leerregio.Id, new HelpInput(HelpCategory.Transport,
                "Mevrouw wil graag naar de verjaardag van haar zus in het verzorgingshuis en kan niet met de bus.", null, false,
                null, new TimeOnly(14, 0), new TimeOnly(17, 0), ContactPreference.Phone, "030 123 45 67", null, wijkId, HelpUrgency.Normal, "Greet van Leeuwen", true), ct: ct);
            if (phoned.Value is { } p)
            {
                await help.TriageAsync(assistant, p.Id, HelpCategory.Transport, HelpUrgency.Normal, ct: ct);
                await help.AddNoteAsync(assistant, p.Id, "Mevrouw hoort slecht: even bellen en rustig praten.", ct: ct);
                await help.AskVolunteersAsync(assistant, p.Id, [volunteerId], ct: ct);
            }

            // 3. Matched: the volunteer said yes.
            var company = await help.AskAsync(carer, new HelpInput(HelpCategory.Company, "Mijn vader woont alleen en vindt het fijn als er af en toe iemand een kopje koffie komt drinken.",
                null, false, null, null, null, ContactPreference.Email, null, null, wijkId), ct: ct);
            if (company.Value is { } c)
            {
                await help.TriageAsync(assistant, c.Id, HelpCategory.Company, HelpUrgency.Low, ct: ct);
                await help.AskVolunteersAsync(assistant, c.Id, [volunteerId], ct: ct);
                var askId = await db.HelpMatchAsks.Where(a => a.HelpRequestId == c.Id).Select(a => a.Id).FirstAsync(ct);
                await help.AnswerAskAsync(volunteer, askId, true, null, ct: ct);
            }

            // 4. Closed with the hours in the Tijdbank and a happy follow-up.
            var digital = await help.AskAsync(resident, new HelpInput(HelpCategory.DigitalHelp, "Ik wil leren videobellen met mijn kleinkinderen op mijn nieuwe tablet.",
                null, false, null, null, null, ContactPreference.Platform, null, null, wijkId), ct: ct);
            if (digital.Value is { } d)
            {
                await help.TriageAsync(assistant, d.Id, HelpCategory.DigitalHelp, HelpUrgency.Low, ct: ct);
                await help.AskVolunteersAsync(assistant, d.Id, [volunteerId], ct: ct);
                var askId = await db.HelpMatchAsks.Where(a => a.HelpRequestId == d.Id).Select(a => a.Id).FirstAsync(ct);
                await help.AnswerAskAsync(volunteer, askId, true, null, ct: ct);
                await help.StartAsync(volunteer, d.Id, ct: ct);
                await help.MarkDoneAsync(resident, d.Id, 60, ct: ct);
                await help.AnswerFollowUpAsync(resident, d.Id, null, FollowUpAnswer.Yes, "Het werkt! Zondag heb ik al met mijn kleindochter gebeld.", ct: ct);
                await help.CloseAsync(assistant, d.Id, HelpOutcome.Helped, ct: ct);
            }

            // 5. Referred to a service of the Wijkportaal.
            var service = await db.SmServices.Where(s => s.LeerregioId == leerregio.Id && s.Publication == Publication.Published).OrderBy(s => s.Name).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
            var paperwork = await help.EnterOnBehalfAsync(assistant, leerregio.Id, new HelpInput(HelpCategory.Paperwork,
                "Meneer krijgt brieven van de Belastingdienst die hij niet begrijpt en wil hulp bij het invullen van de toeslagen.", null, false,
                null, null, null, ContactPreference.Phone, "06 98765432", null, wijkId, HelpUrgency.High, "Ahmed Bouali", true), ct: ct);
            if (paperwork.Value is { } w && service is not null)
            {
                await help.TriageAsync(assistant, w.Id, HelpCategory.Paperwork, HelpUrgency.High, ct: ct);
                await help.ReferAsync(assistant, w.Id, service, ct: ct);
            }
        }
    }
}
