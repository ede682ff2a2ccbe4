using System.Net;
using Groz.Tests.Support;
using Groz.Web.Features.Accounts;
using Groz.Web.Features.Collaboration;
using Microsoft.EntityFrameworkCore;

namespace Groz.Tests.Collaboration;

/// <summary>
/// The coordinator's write pages, through the browser-like client: each form saves what it says, refuses bad input with a
/// message linked to its field and changes nothing then, and is not there (404) for residents or another leerregio's coordinator.
/// </summary>
public sealed class CollaborationWritePageTests(CollaborationApp app) : IClassFixture<CollaborationApp>
{
    private async Task<FormClient> CoordinatorAsync(string leerregio = "utrecht")
    {
        var client = app.NewClient();
        await app.SignInWithTwoFactorAsync(client, TimeBank.TimeBankApp.Email(GrozRole.Coordinator, leerregio));
        return client;
    }

    private static void AssertLinkedError(Page page, string id)
    {
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var error = page.Html.GetElementById(id + "-error");
        Assert.NotNull(error);
        var owner = page.Html.QuerySelector($"[aria-describedby~='{id}-error']");
        Assert.NotNull(owner);
        Assert.NotNull(page.Html.QuerySelector($".error-summary a[href='#{id}']"));
    }

    [Fact]
    public async Task A_coordinator_adds_and_changes_a_collaboration_and_an_organisation_twice_or_none_is_refused_without_change()
    {
        using var client = await CoordinatorAsync();
        var orgs = await app.OrganisationsAsync();
        var oost = await app.WijkIdAsync("Utrecht Oost");
        var form = await client.GetAsync("/samenwerking/utrecht/verband/bewerken");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var before = await app.SnapshotAsync();

        var twice = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Name"] = "Dubbel verband", ["Input.Type"] = "Network", ["Input.StartsOn"] = "2026-02-01",
            ["Input.Members[0].OrganizationId"] = orgs[0].ToString(), ["Input.Members[1].OrganizationId"] = orgs[0].ToString(),
        });
        AssertLinkedError(twice, "Input_Members");
        Assert.Contains("staat twee keer in de lijst", twice.Text, StringComparison.Ordinal);
        var none = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Name"] = "Leeg verband", ["Input.Type"] = "Network", ["Input.StartsOn"] = "2026-02-01" });
        AssertLinkedError(none, "Input_Members");
        var badDate = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Name"] = "Datum", ["Input.Type"] = "Network", ["Input.StartsOn"] = "gisteren", ["Input.Members[0].OrganizationId"] = orgs[0].ToString(),
        });
        AssertLinkedError(badDate, "Input_StartsOn");
        Assert.Equal(before, await app.SnapshotAsync());

        var saved = await client.FollowAsync(await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Name"] = "Beweegverband Oost", ["Input.Type"] = "Alliance", ["Input.Status"] = "Active", ["Input.StartsOn"] = "2026-02-01",
            ["Input.Members[0].OrganizationId"] = orgs[0].ToString(), ["Input.Members[0].Role"] = "trekker",
            ["Input.Members[1].OrganizationId"] = orgs[1].ToString(), ["Input.ProcessOwnerId"] = orgs[0].ToString(),
            ["Input.Themes[]"] = "leefstijl", ["Input.WijkIds[]"] = oost.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains("/samenwerking/utrecht/verband/", saved.Url, StringComparison.Ordinal);
        Assert.Contains("Beweegverband Oost", saved.Html.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("trekker", saved.Text, StringComparison.Ordinal);
        var stored = await app.DbAsync(db => db.Collaborations.Include(c => c.Members).Include(c => c.Themes).Include(c => c.Wijken).SingleAsync(c => c.Name == "Beweegverband Oost"));
        Assert.Equal(CollaborationType.Alliance, stored.Type);
        Assert.Equal(2, stored.Members.Count);
        Assert.Equal(orgs[0], stored.ProcessOwnerId);
        Assert.Equal(["leefstijl"], stored.Themes.Select(t => t.ThemeCode));
        Assert.Equal([oost], stored.Wijken.Select(w => w.WijkId));

        // Changing it: the form comes back filled in; one member leaves, the status changes.
        var edit = await client.GetAsync($"/samenwerking/utrecht/verband/bewerken/{stored.Id}");
        Assert.Equal("Beweegverband Oost", ((AngleSharp.Html.Dom.IHtmlInputElement)edit.Html.GetElementById("Input_Name")!).Value);
        var changed = await client.SubmitAsync(edit, new Dictionary<string, string> { ["Input.Members[1].OrganizationId"] = "", ["Input.Status"] = "Paused" });
        Assert.True(changed.Status == HttpStatusCode.Redirect, changed.Html.QuerySelector(".error-summary")?.InnerHtml ?? changed.Text);
        var after = await app.DbAsync(db => db.Collaborations.Include(c => c.Members).SingleAsync(c => c.Id == stored.Id));
        Assert.Equal(CollaborationStatus.Paused, after.Status);
        Assert.Equal([orgs[0]], after.Members.Select(m => m.OrganizationId));
    }

    /// <summary>Presses "More rows": a submit with its own formaction, which the form client sends as a browser would.</summary>
    private static async Task<Page> MoreRowsAsync(FormClient client, Page page, Dictionary<string, string> typed)
    {
        var button = page.Html.QuerySelectorAll("main form button[formaction]").Single(b => b.TextContent.Trim() == "Meer rijen");
        Assert.True(button.HasAttribute("formnovalidate"));
        // The button's formaction replaces the form's action for this one submit, as in a browser.
        var form = page.Html.QuerySelector("main form[method=post]")!;
        var action = form.GetAttribute("action")!;
        form.SetAttribute("action", button.GetAttribute("formaction")!.Split('#')[0]);
        var more = await client.SubmitAsync(page, typed);
        form.SetAttribute("action", action);
        Assert.Equal(HttpStatusCode.OK, more.Status);
        Assert.Null(more.Html.QuerySelector(".error-summary"));
        // The form posts to the page itself, whatever the address now is, so the next submit saves.
        Assert.Equal(action, more.Html.QuerySelector("main form[method=post]")!.GetAttribute("action"));
        return more;
    }

    private static int MemberRows(Page page) => page.Html.QuerySelectorAll("#Input_Members .member-row").Length;

    [Fact]
    public async Task A_collaboration_with_seven_members_is_made_through_the_form_with_more_rows()
    {
        using var client = await CoordinatorAsync();
        var orgs = await app.OrganisationsAsync();
        Assert.True(orgs.Count >= 7, "the demo has at least seven published organisations in utrecht");
        string Org(int i) => orgs[i].ToString();
        var form = await client.GetAsync("/samenwerking/utrecht/verband/bewerken");
        Assert.Equal(2, MemberRows(form));
        var before = await app.SnapshotAsync();

        // Two rows filled, then more rows: what was typed stays, four empty rows come under it, nothing is saved or refused.
        var typed = new Dictionary<string, string>
        {
            ["Input.Name"] = "Zeven partners", ["Input.Type"] = "Network", ["Input.StartsOn"] = "2026-04-01",
            ["Input.Members[0].OrganizationId"] = Org(0), ["Input.Members[0].Role"] = "trekker", ["Input.Members[1].OrganizationId"] = Org(1),
        };
        var more = await MoreRowsAsync(client, form, typed);
        Assert.Equal(6, MemberRows(more));
        Assert.Equal("Zeven partners", ((AngleSharp.Html.Dom.IHtmlInputElement)more.Html.GetElementById("Input_Name")!).Value);
        Assert.Equal(Org(0), ((AngleSharp.Html.Dom.IHtmlSelectElement)more.Html.GetElementById("Input_Members_0__OrganizationId")!).Value, ignoreCase: true);
        Assert.Equal("trekker", ((AngleSharp.Html.Dom.IHtmlInputElement)more.Html.GetElementById("Input_Members_0__Role")!).Value);
        Assert.Equal(before, await app.SnapshotAsync());

        var evenMore = await MoreRowsAsync(client, more, new Dictionary<string, string>
        {
            ["Input.Members[2].OrganizationId"] = Org(2), ["Input.Members[3].OrganizationId"] = Org(3), ["Input.Members[4].OrganizationId"] = Org(4), ["Input.Members[5].OrganizationId"] = Org(5),
        });
        Assert.Equal(10, MemberRows(evenMore));
        // A mistake elsewhere (no name) keeps every typed row where it was, gaps and all.
        var refused = await client.SubmitAsync(evenMore, new Dictionary<string, string> { ["Input.Name"] = "", ["Input.Members[1].OrganizationId"] = "" });
        AssertLinkedError(refused, "Input_Name");
        Assert.Equal(10, MemberRows(refused));
        Assert.Equal(Org(5), ((AngleSharp.Html.Dom.IHtmlSelectElement)refused.Html.GetElementById("Input_Members_5__OrganizationId")!).Value, ignoreCase: true);
        Assert.Equal("", ((AngleSharp.Html.Dom.IHtmlSelectElement)refused.Html.GetElementById("Input_Members_1__OrganizationId")!).Value);
        Assert.Equal(before, await app.SnapshotAsync());
        var saved = await client.SubmitAsync(evenMore, new Dictionary<string, string> { ["Input.Members[6].OrganizationId"] = Org(6), ["Input.Members[6].Role"] = "financier" });
        Assert.True(saved.Status == HttpStatusCode.Redirect, saved.Html.QuerySelector(".error-summary")?.InnerHtml ?? saved.Text);
        var stored = await app.DbAsync(db => db.Collaborations.Include(c => c.Members).SingleAsync(c => c.Name == "Zeven partners"));
        Assert.Equal(orgs.Take(7).Order(), stored.Members.Select(m => m.OrganizationId).Order());
        Assert.Equal("financier", stored.Members.Single(m => m.OrganizationId == orgs[6]).Role);

        // Changing it later shows the seven members and two empty rows.
        var edit = await client.GetAsync($"/samenwerking/utrecht/verband/bewerken/{stored.Id}");
        Assert.Equal(9, MemberRows(edit));
    }

    [Fact]
    public async Task Write_pages_are_not_there_for_a_resident_or_a_coordinator_of_another_leerregio()
    {
        var collaboration = await app.DbAsync(db => db.Collaborations.Where(c => db.Leerregios.Any(l => l.Id == c.LeerregioId && l.Slug == "utrecht")).Select(c => c.Id).FirstAsync());
        var conversation = await app.DbAsync(db => db.NeighbourhoodConversations.Where(c => db.Leerregios.Any(l => l.Id == c.LeerregioId && l.Slug == "utrecht")).Select(c => c.Id).FirstAsync());
        var code = await app.DbAsync(db => db.Codes.Where(c => db.Leerregios.Any(l => l.Id == c.LeerregioId && l.Slug == "utrecht")).Select(c => c.Id).FirstAsync());
        string[] pages =
        [
            "/samenwerking/utrecht/verband/bewerken", $"/samenwerking/utrecht/verband/bewerken/{collaboration}",
            "/beheer/wijkgesprekken/utrecht/gesprek/bewerken", $"/beheer/wijkgesprekken/utrecht/gesprek/{conversation}",
            "/beheer/wijkgesprekken/utrecht/codeboek", $"/beheer/wijkgesprekken/utrecht/code/{code}",
        ];
        using var resident = app.NewClient();
        await resident.SignInAsync(TimeBank.TimeBankApp.Email(GrozRole.Resident));
        using var other = await CoordinatorAsync("leidsche-rijn");
        using var coordinator = await CoordinatorAsync();
        foreach (var url in pages)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync(url)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).Status);
            Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync(url)).Status);
        }
        // Another leerregio's records through one's own leerregio's address: not found either.
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/beheer/wijkgesprekken/leidsche-rijn/gesprek/{conversation}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/beheer/wijkgesprekken/leidsche-rijn/code/{code}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/samenwerking/leidsche-rijn/verband/bewerken/{collaboration}")).Status);
        // The bouwsteen page is public, its forms only for the coordinators.
        var publicBouwsteen = await resident.GetAsync("/samenwerking/utrecht/bouwsteen/monitoring");
        Assert.Equal(HttpStatusCode.OK, publicBouwsteen.Status);
        Assert.Null(publicBouwsteen.Html.QuerySelector("main form[method=post]"));
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync($"/samenwerking/utrecht/verband/{collaboration}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/samenwerking/leidsche-rijn/verband/{collaboration}")).Status);
    }

    [Fact]
    public async Task A_coordinator_adds_a_bouwsteen_update_and_an_empty_one_is_refused()
    {
        using var client = await CoordinatorAsync();
        var page = await client.GetAsync("/samenwerking/utrecht/bouwsteen/lerend-vermogen");
        var count = await app.DbAsync(db => db.BouwsteenUpdates.CountAsync());
        var empty = await client.SubmitAsync(page, new Dictionary<string, string> { ["Update.Text"] = "" }, "form[action*='handler=Update']");
        AssertLinkedError(empty, "Update_Text");
        Assert.Equal(count, await app.DbAsync(db => db.BouwsteenUpdates.CountAsync()));
        var added = await client.FollowAsync(await client.SubmitAsync(page, new Dictionary<string, string> { ["Update.Text"] = "Leerkring gestart met vijf wijkteams" }, "form[action*='handler=Update']"));
        Assert.Contains("Leerkring gestart met vijf wijkteams", added.Text, StringComparison.Ordinal);
        Assert.Equal(count + 1, await app.DbAsync(db => db.BouwsteenUpdates.CountAsync()));
    }

    [Fact]
    public async Task A_coordinator_records_a_focus_group_codes_fragments_and_the_matrix_counts_them()
    {
        using var client = await CoordinatorAsync();
        var kanaleneiland = await app.WijkIdAsync("Kanaleneiland");
        var codebook = await client.GetAsync("/beheer/wijkgesprekken/utrecht/codeboek");
        var theme = await client.FollowAsync(await client.SubmitAsync(codebook, new Dictionary<string, string> { ["Input.Name"] = "Veilig fietsen" }));
        Assert.Contains("Veilig fietsen", theme.Text, StringComparison.Ordinal);
        var themeId = await app.DbAsync(db => db.Codes.Where(c => c.Name == "Veilig fietsen").Select(c => c.Id).SingleAsync());
        await client.SubmitAsync(theme, new Dictionary<string, string> { ["Input.Name"] = "Fietsles voor ouderen", ["Input.ParentId"] = themeId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var subId = await app.DbAsync(db => db.Codes.Where(c => c.Name == "Fietsles voor ouderen").Select(c => c.Id).SingleAsync());

        var form = await client.GetAsync("/beheer/wijkgesprekken/utrecht/gesprek/bewerken");
        var before = await app.SnapshotAsync();
        var bad = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.WijkId"] = kanaleneiland.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.ParticipantCount"] = "veel" });
        AssertLinkedError(bad, "Input_ParticipantCount");
        Assert.Equal(before, await app.SnapshotAsync());
        bad = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.WijkId"] = kanaleneiland.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.ParticipantCount"] = "7" });
        AssertLinkedError(bad, "Input_Participants");
        AssertLinkedError(bad, "Input_Summary");
        Assert.Equal(before, await app.SnapshotAsync());

        var talk = await client.FollowAsync(await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.HeldOn"] = "2026-01-15", ["Input.WijkId"] = kanaleneiland.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Format"] = "FocusGroup",
            ["Input.Place"] = "Buurthuis", ["Input.Participants[]"] = "Residents,Volunteers", ["Input.ParticipantCount"] = "9", ["Input.Facilitator"] = "Wijkonderzoeker",
            ["Input.Summary"] = "Ouderen willen veiliger fietsen.", ["Input.Notes"] = "Aantekening voor het onderzoek",
        }));
        Assert.Equal(HttpStatusCode.OK, talk.Status);
        Assert.Contains("Aantekening voor het onderzoek", talk.Text, StringComparison.Ordinal);
        var stored = await app.DbAsync(db => db.NeighbourhoodConversations.SingleAsync(c => c.Summary == "Ouderen willen veiliger fietsen."));
        Assert.Equal(ParticipantKinds.Residents | ParticipantKinds.Volunteers, stored.Participants);
        Assert.Equal(ConversationFormat.FocusGroup, stored.Format);

        var noCode = await client.SubmitAsync(talk, new Dictionary<string, string> { ["Fragment.Text"] = "Zonder code" });
        AssertLinkedError(noCode, "Fragment_CodeIds");
        await client.SubmitAsync(talk, new Dictionary<string, string> { ["Fragment.Text"] = "De fietspaden zijn donker", ["Fragment.CodeIds[]"] = themeId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var coded = await client.FollowAsync(await client.SubmitAsync(talk, new Dictionary<string, string>
        {
            ["Fragment.Text"] = "Graag een fietsles", ["Fragment.CodeIds[]"] = subId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.Equal(2, coded.Html.QuerySelectorAll("table.fragments tbody tr").Length);
        var subject = stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await app.DbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "wijkgesprek.notes.viewed" && a.SubjectId == subject)));

        var manage = await client.GetAsync("/beheer/wijkgesprekken/utrecht");
        var row = manage.Html.QuerySelectorAll("table.matrix tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Veilig fietsen");
        var wijken = manage.Html.QuerySelectorAll("table.matrix thead th").Select(th => th.TextContent).ToList();
        Assert.Equal("2", row.Children[wijken.IndexOf("Kanaleneiland")].TextContent.Trim());
    }

    [Fact]
    public async Task The_codebook_page_renames_refuses_a_cycle_merges_sets_urgency_and_links_an_action()
    {
        using var client = await CoordinatorAsync();
        var codebook = await client.GetAsync("/beheer/wijkgesprekken/utrecht/codeboek");
        await client.SubmitAsync(codebook, new Dictionary<string, string> { ["Input.Name"] = "Groen in de wijk" });
        var top = await app.DbAsync(db => db.Codes.Where(c => c.Name == "Groen in de wijk").Select(c => c.Id).SingleAsync());
        await client.SubmitAsync(codebook, new Dictionary<string, string> { ["Input.Name"] = "Moestuinen", ["Input.ParentId"] = top.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var child = await app.DbAsync(db => db.Codes.Where(c => c.Name == "Moestuinen").Select(c => c.Id).SingleAsync());
        await client.SubmitAsync(codebook, new Dictionary<string, string> { ["Input.Name"] = "Tuinieren" });
        var loose = await app.DbAsync(db => db.Codes.Where(c => c.Name == "Tuinieren").Select(c => c.Id).SingleAsync());

        var page = await client.GetAsync($"/beheer/wijkgesprekken/utrecht/code/{top}");
        var cycle = await client.SubmitAsync(page, new Dictionary<string, string> { ["Edit.ParentId"] = child.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "form[action*='handler=Edit']");
        AssertLinkedError(cycle, "Edit_ParentId");
        Assert.Null(await app.DbAsync(db => db.Codes.Where(c => c.Id == top).Select(c => c.ParentId).SingleAsync()));

        var renamed = await client.SubmitAsync(page, new Dictionary<string, string> { ["Edit.Name"] = "Groen en tuinen" }, "form[action*='handler=Edit']");
        Assert.Equal(HttpStatusCode.Redirect, renamed.Status);
        Assert.Equal("Groen en tuinen", await app.DbAsync(db => db.Codes.Where(c => c.Id == top).Select(c => c.Name).SingleAsync()));

        var loosePage = await client.GetAsync($"/beheer/wijkgesprekken/utrecht/code/{loose}");
        var noTarget = await client.SubmitAsync(loosePage, new Dictionary<string, string>(), "form[action*='handler=Merge']");
        AssertLinkedError(noTarget, "Merge_TargetId");
        var merged = await client.SubmitAsync(loosePage, new Dictionary<string, string> { ["Merge.TargetId"] = child.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "form[action*='handler=Merge']");
        Assert.Equal(HttpStatusCode.Redirect, merged.Status);
        Assert.False(await app.DbAsync(db => db.Codes.AnyAsync(c => c.Id == loose)));

        page = await client.GetAsync($"/beheer/wijkgesprekken/utrecht/code/{top}");
        var wijk = (await app.WijkIdAsync("Nieuwegein-Noord")).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tooHigh = await client.SubmitAsync(page, new Dictionary<string, string> { ["Urgency.WijkId"] = wijk, ["Urgency.Level"] = "9", ["Urgency.Rationale"] = "x" }, "form[action*='handler=Urgency']");
        AssertLinkedError(tooHigh, "Urgency_Level");
        Assert.False(await app.DbAsync(db => db.ThemeUrgencies.AnyAsync(u => u.CodeId == top)));
        await client.SubmitAsync(page, new Dictionary<string, string> { ["Urgency.WijkId"] = wijk, ["Urgency.Level"] = "4", ["Urgency.Rationale"] = "Veel gehoord" }, "form[action*='handler=Urgency']");
        Assert.Equal(4, await app.DbAsync(db => db.ThemeUrgencies.Where(u => u.CodeId == top).Select(u => u.Level).SingleAsync()));

        var noCollab = await client.SubmitAsync(page, new Dictionary<string, string> { ["Action.Kind"] = "Collaboration" }, "form[action*='handler=Action']");
        AssertLinkedError(noCollab, "Action_CollaborationId");
        var collaboration = await app.DbAsync(db => db.Collaborations.Where(c => db.Leerregios.Any(l => l.Id == c.LeerregioId && l.Slug == "utrecht")).Select(c => c.Id).FirstAsync());
        await client.SubmitAsync(page, new Dictionary<string, string> { ["Action.Kind"] = "Collaboration", ["Action.CollaborationId"] = collaboration.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "form[action*='handler=Action']");
        var shown = await client.GetAsync($"/beheer/wijkgesprekken/utrecht/code/{top}");
        Assert.NotNull(shown.Html.QuerySelector($"a[href='/samenwerking/utrecht/verband/{collaboration}']"));
    }
}
