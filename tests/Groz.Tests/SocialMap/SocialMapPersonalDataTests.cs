using Groz.Tests.Regions;
using Groz.Tests.Support;
using Groz.Web.Data;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.SocialMap;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Groz.Tests.SocialMap;

/// <summary>A contact that names a member, and the member's changes in the history: in their data export, and erased with their account.</summary>
public sealed class SocialMapPersonalDataTests(GrozApp app) : IClassFixture<GrozApp>
{
    [Fact]
    public async Task A_contact_with_the_members_email_is_exported_and_erased_but_the_desk_stays()
    {
        var email = DemoData.DemoEmail(GrozRole.Professional, "utrecht");
        var ids = await app.AddServicesAsync("utrecht");
        var leerregioId = await app.LeerregioIdAsync("utrecht");
        var contactId = Guid.NewGuid();
        var user = await app.DbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        await app.DbAsync(async db =>
        {
            db.SmContacts.Add(new Contact { Id = contactId, LeerregioId = leerregioId, ServiceId = ids.Published, Name = "Lotte Smit", Title = "Wijkcoach", Department = "Buurtteam", Email = email.ToUpperInvariant() });
            db.SmMetadata.Add(new HsdsMetadata
            {
                Id = Guid.NewGuid(), LeerregioId = leerregioId, ResourceId = ids.Published, ResourceType = "service", LastActionDate = DateTimeOffset.UnixEpoch,
                LastActionType = "update", FieldName = "name", PreviousValue = "a", ReplacementValue = "b", UpdatedBy = "Lotte Smit", UpdatedByUserId = user.Id,
            });
            await db.SaveChangesAsync();
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var personal = scope.ServiceProvider.GetRequiredService<PersonalData>();
            var me = await scope.ServiceProvider.GetRequiredService<UserManager<GrozUser>>().FindByEmailAsync(email);
            var export = System.Text.Json.JsonSerializer.Serialize(await personal.ExportAsync(me!));
            Assert.Contains(contactId.ToString(), export, StringComparison.Ordinal);
            Assert.Contains("\"FieldName\":\"name\"", export, StringComparison.Ordinal);
            await personal.EraseAsync(me!);
        }

        var contact = await app.DbAsync(db => db.SmContacts.SingleAsync(c => c.Id == contactId));
        Assert.Null(contact.Name);
        Assert.Null(contact.Email);
        Assert.Equal(("Wijkcoach", "Buurtteam"), (contact.Title, contact.Department));
        var history = await app.DbAsync(db => db.SmMetadata.Where(m => m.ResourceId == ids.Published).ToListAsync());
        Assert.All(history, m => Assert.Null(m.UpdatedByUserId));
        Assert.DoesNotContain(history, m => m.UpdatedBy == "Lotte Smit");
    }
}
