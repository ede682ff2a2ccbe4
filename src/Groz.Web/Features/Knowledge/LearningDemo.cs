using System.Security.Claims;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Groz.Web.Features.Knowledge;

/// <summary>
/// Demo learning environment, through the same writes as the pages: per leerregio an update of the bouwsteen Lerend
/// vermogen with a PDF attachment (posted by the demo professional), a response from a resident of the other leerregio on
/// Utrecht's shared pilot, and the demo residents following a theme. After the Kennisbank and Samenwerking demo data.
/// </summary>
public static class LearningDemo
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<GrozDbContext>();
        var learning = services.GetRequiredService<LearningEnvironment>();
        if (await db.Set<KnowledgeFollow>().AnyAsync(ct) || await db.Set<UpdateAttachment>().AnyAsync(ct))
        {
            return;
        }
        foreach (var slug in new[] { "utrecht", "leidsche-rijn" })
        {
            var lr = await db.Leerregios.AsNoTracking().FirstOrDefaultAsync(l => l.Slug == slug, ct);
            var professional = await UserAsync(db, GrozRole.Professional, slug, ct);
            var resident = await UserAsync(db, GrozRole.Resident, slug, ct);
            if (lr is null || professional is null || resident is null)
            {
                continue;
            }
            var writer = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, professional), new Claim(Access.RoleClaim, Access.Encode(GrozRole.Professional, lr.Id, null)), new Claim(Access.TwoFactorClaim, "1")], "demo"));
            await learning.PostUpdateAsync(writer, lr.Id, new UpdateInput
            {
                Bouwsteen = nameof(BouwsteenKind.LerendVermogen),
                Text = slug == "utrecht"
                    ? "De eerste leerkring met Hogeschool Utrecht is geweest. Studenten en bewoners keken samen naar wat de wandelmaatjes opleverden. Het verslag zit erbij."
                    : "In de leerkring bespraken we de welkomstmaatjes. Wat we leerden staat in het verslag.",
            }, [new UploadedFile("verslag-leerkring.pdf", KnowledgeSamples.Pdf("Verslag leerkring", "Wat werkte: samen wandelen, een vaste startplek.", "Volgende keer: meer jongeren."))], ct);
            await learning.FollowAsync(resident, FollowKind.Theme, "zorg-voor-elkaar", ct);
            if (slug == "leidsche-rijn" && await db.KnowledgeDocuments.Where(d => d.Title == "Pilot: wandelmaatjes in Kanaleneiland").Select(d => (int?)d.Id).FirstOrDefaultAsync(ct) is { } pilot)
            {
                var reader = new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.NameIdentifier, resident), new Claim(Access.RoleClaim, Access.Encode(GrozRole.Resident, lr.Id, null))], "demo"));
                await learning.CommentAsync(reader, pilot, null, new CommentInput { Text = "Mooi idee. Hoe vonden jullie de vijf vrijwilligers? Dat willen wij ook proberen." }, ct);
            }
        }
    }

    private static Task<string?> UserAsync(GrozDbContext db, GrozRole role, string slug, CancellationToken ct) =>
        db.Users.Where(u => u.Email == DemoData.DemoEmail(role, slug)).Select(u => u.Id).FirstOrDefaultAsync(ct);
}
