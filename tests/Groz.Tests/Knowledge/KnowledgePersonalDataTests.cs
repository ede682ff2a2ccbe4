using System.Text.Json;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Knowledge;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.Knowledge;

/// <summary>Comments, follows, digest history and subsidy reminders in "download my data", and gone after "delete my account"; others' stay.</summary>
public sealed class KnowledgePersonalDataTests(KnowledgeApp app) : IClassFixture<KnowledgeApp>
{
    [Fact]
    public async Task Export_holds_my_comments_and_follows_and_erasure_deletes_them_and_nobody_elses()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GrozDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>();
        var leerregio = await db.Leerregios.Where(l => l.Slug == "utrecht").Select(l => l.Id).SingleAsync();
        var now = app.Clock.GetUtcNow();
        var me = new GrozUser { UserName = "lezer@example.net", Email = "lezer@example.net", DisplayName = "Lezer", LeerregioId = leerregio, CreatedAt = now };
        Assert.True((await users.CreateAsync(me, DemoData.DemoPassword)).Succeeded);
        var other = await db.Users.Where(u => u.Email == DemoData.DemoEmail(GrozRole.Resident, "utrecht")).Select(u => u.Id).SingleAsync();
        var document = new KnowledgeDocument
        {
            LeerregioId = leerregio, Title = "Statuten buurtcoöperatie", Kind = DocumentKind.Statutes, Sharing = KnowledgeSharing.Leerregio,
            Format = KnowledgeFormat.Markdown, CurrentVersion = 1, CreatedByUserId = other, CreatedAt = now, UpdatedAt = now,
            Versions = [new KnowledgeVersion { Number = 1, CreatedByUserId = other, Markdown = "Artikel 1", CreatedAt = now }],
        };
        db.KnowledgeDocuments.Add(document);
        await db.SaveChangesAsync();
        db.AddRange(
            new KnowledgeComment { DocumentId = document.Id, LeerregioId = leerregio, AuthorUserId = me.Id, Text = "Wij gebruiken artikel 4 anders", CreatedAt = now },
            new KnowledgeComment { DocumentId = document.Id, LeerregioId = leerregio, AuthorUserId = other, Text = "Dank voor het delen", CreatedAt = now },
            new KnowledgeFollow { UserId = me.Id, Kind = FollowKind.Theme, Code = "leefstijl", CreatedAt = now },
            new DigestItem { UserId = me.Id, ItemType = "version", ItemId = document.Id, SentAt = now },
            new SubsidyReminderMail { DocumentId = document.Id, UserId = me.Id, Deadline = DateOnly.FromDateTime(now.UtcDateTime).AddDays(10), CreatedAt = now });
        await db.SaveChangesAsync();

        var personal = scope.ServiceProvider.GetRequiredService<PersonalData>();
        var export = JsonSerializer.Serialize((await personal.ExportAsync(me))["knowledge"]);
        Assert.Contains("Wij gebruiken artikel 4 anders", export, StringComparison.Ordinal);
        Assert.Contains("Statuten buurtcoöperatie", JsonSerializer.Deserialize<JsonElement>(export).GetProperty("Comments")[0].GetProperty("Document").GetString(), StringComparison.Ordinal);
        Assert.Contains("leefstijl", export, StringComparison.Ordinal);
        Assert.DoesNotContain("Dank voor het delen", export, StringComparison.Ordinal);

        await personal.EraseAsync(me);

        var left = await app.DbAsync(async d => (
            await d.Set<KnowledgeComment>().Where(c => c.DocumentId == document.Id).Select(c => c.Text).ToListAsync(),
            await d.Set<KnowledgeFollow>().CountAsync(f => f.UserId == me.Id),
            await d.Set<DigestItem>().CountAsync(i => i.UserId == me.Id) + await d.Set<SubsidyReminderMail>().CountAsync(m => m.UserId == me.Id)));
        Assert.Equal(["Dank voor het delen"], left.Item1);
        Assert.Equal(0, left.Item2);
        Assert.Equal(0, left.Item3);
    }
}
