using System.Net;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>The Contacts surfaces as a site admin uses them: list, add, read, edit, merge, delete &amp; forget.</summary>
public sealed class ContactPagesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task TheListShowsTilesAndIdentifiedPeopleFirstAndFiltersBySearchSourceAndAudience()
    {
        var tag = Tag();
        await site.IngestAsync(
            Form($"{tag}-1", Day1, Email($"ada.{tag}@site.test")) with { Traits = Name($"Ada {tag}") },
            Chat($"{tag}-2", Day1.AddHours(1), Conversation($"c-{tag}"), Phone("+1 415 555 0100")) with { Traits = Name($"Bob {tag}") },
            Telemetry($"{tag}-3", Day1.AddHours(2), Visitor($"v-{tag}")));
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);

        var page = await client.GetPageAsync("/admin/customers");
        var total = int.Parse(page.QuerySelector("[data-testid=tile-total]")!.TextContent.Replace(",", ""));
        var identified = int.Parse(page.QuerySelector("[data-testid=tile-identified]")!.TextContent.Replace(",", ""));
        var anonymous = int.Parse(page.QuerySelector("[data-testid=tile-anonymous]")!.TextContent.Replace(",", ""));
        Assert.Equal(total, identified + anonymous);
        Assert.True(anonymous >= 1);
        Assert.DoesNotContain(Names(page), n => n.StartsWith("Anonymous visitor"));

        var search = await client.GetPageAsync($"/admin/customers?q=ADA+{tag}");
        Assert.Equal([$"Ada {tag}"], Names(search));

        var byPhone = await client.GetPageAsync("/admin/customers?q=(415)+555-0100");
        Assert.Contains($"Bob {tag}", Names(byPhone));

        var chats = await client.GetPageAsync($"/admin/customers?source=Chat&q={tag}");
        Assert.Equal([$"Bob {tag}"], Names(chats));

        var anonymousOnly = await client.GetPageAsync("/admin/customers?audience=anonymous");
        Assert.All(Names(anonymousOnly), n => Assert.StartsWith("Anonymous visitor", n));

        var none = await client.GetPageAsync("/admin/customers?q=no-such-person-anywhere");
        Assert.Equal("No contacts found", none.QuerySelector(".empty-state h2")!.TextContent);
    }

    [Fact]
    public async Task SearchFindsAPersonByAnyEmailPhoneOrCustomerIdTheyHoldEvenAfterAMerge()
    {
        var tag = Tag();
        var kept = (await site.IngestAsync(Form($"{tag}-1", Day1, Email($"main.{tag}@site.test")) with { Traits = Name($"Kai {tag}") }))[0];
        var folded = (await site.IngestAsync(Conversion($"{tag}-2", Day1.AddHours(1), 9m,
            Email($"old.{tag}@site.test", verified: true), Phone("+1 206 555 0142", verified: true), CustomerId($"CUST-{tag}"))))[0];
        await site.Services.GetRequiredService<Comerix.Crm.Resolution.IdentityEngine>()
            .MergeAsync("Default", mergeId: folded.ContactId!.Value, intoId: kept.ContactId!.Value, actor: "test");
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);

        foreach (var q in new[] { $"old.{tag}", $"OLD.{tag}@SITE.TEST", $"CUST-{tag}", $"CUST-{tag[..4]}" })
        {
            var page = await client.GetPageAsync($"/admin/customers?audience=all&q={Uri.EscapeDataString(q)}");
            Assert.Equal([$"Kai {tag}"], Names(page));
        }
        var byPhone = await client.GetPageAsync($"/admin/customers?audience=all&q={Uri.EscapeDataString("+1 206 555 0142")}");
        Assert.Contains($"Kai {tag}", Names(byPhone));
        // The number is stored as +12065550142 and shown the way people write it: nationally, on this US site.
        Assert.Contains("(206) 555-0142", byPhone.QuerySelector("table")!.TextContent);
    }

    [Fact]
    public async Task DeleteAndForgetSuggestsTheProfilesEmailWhenThePersonHasSeveral()
    {
        var tag = Tag();
        var id = (await site.IngestAsync(Form($"{tag}-1", Day1, Email($"zz.main.{tag}@site.test"))))[0].ContactId!.Value;
        // Another contact, seen earlier, is merged in by hand: its email comes along, the profile keeps its own.
        var other = (await site.IngestAsync(Form($"{tag}-2", Day1.AddDays(-1), Email($"aa.other.{tag}@site.test"))))[0].ContactId!.Value;
        await site.Services.GetRequiredService<Comerix.Crm.Resolution.IdentityEngine>().MergeAsync("Default", other, id, "test");
        using var client = await site.SignInAsync(SiteFactory.AdminEmail);

        var page = await client.GetPageAsync($"/admin/customers/{id}/delete");

        Assert.Equal($"zz.main.{tag}@site.test", page.QuerySelector("input[name=Confirmation]")!.GetAttribute("placeholder"));
    }

    [Fact]
    public async Task SearchAsYouTypeGetsTheResultsAloneAndTheListPagesByTwentyFive()
    {
        var tag = Tag();
        await site.IngestAsync(Enumerable.Range(0, 30)
            .Select(i => Form($"{tag}-{i}", Day1.AddMinutes(i), Email($"p{i}.{tag}@site.test")) with { Traits = Name($"Person {i:00} {tag}") })
            .ToArray());
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);

        var first = await client.GetPageAsync($"/admin/customers?q={tag}");
        Assert.Equal(25, Names(first).Count);
        Assert.Equal($"Person 29 {tag}", Names(first)[0]);
        var second = await client.GetPageAsync($"/admin/customers?q={tag}&p=2");
        Assert.Equal(5, Names(second).Count);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/customers?q=Person+07+{tag}");
        request.Headers.Add("X-Requested-With", "fetch");
        var partial = await client.Http.SendAsync(request);
        var html = await partial.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        Assert.Equal([$"Person 07 {tag}"], Names(SiteClient.Parse(html)));
    }

    [Fact]
    public async Task AddingACustomerMakesAnIdentifiedContactAndBadInputIsShownNextToItsField()
    {
        var tag = Tag();
        using var client = await site.SignInAsync(SiteFactory.ManagerEmail);

        var invalid = await client.PostFormAsync("/admin/customers/create", "/admin/customers/create",
            new() { ["Input.Name"] = "No Contact", ["Input.Email"] = "not-an-email", ["Input.Phone"] = "12" });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var form = await client.ReadAsync(invalid);
        Assert.Contains("Enter an email address", form.QuerySelector("[data-valmsg-for='Input.Email']")!.TextContent);
        Assert.Contains("Enter a phone number", form.QuerySelector("[data-valmsg-for='Input.Phone']")!.TextContent);
        Assert.Equal("No Contact", form.QuerySelector("#Input_Name")!.GetAttribute("value"));
        // The cursor starts in the first field with a problem.
        Assert.Equal(["Input_Email"], form.QuerySelectorAll("form input[autofocus]").Select(i => i.Id));

        var created = await client.PostFormAsync("/admin/customers/create", "/admin/customers/create",
            new() { ["Input.Name"] = $"Grace {tag}", ["Input.Email"] = $"Grace.{tag}@Site.test", ["Input.Company"] = "Navy" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var detail = await client.GetPageAsync(created.Headers.Location!.OriginalString);
        Assert.Equal($"Grace {tag}", detail.QuerySelector("h1")!.TextContent);
        Assert.Equal("Identified", detail.QuerySelector(".pill")!.TextContent);
        Assert.Equal("Manual", detail.QuerySelector(".contact-header .badge-source")!.TextContent);
        Assert.Contains($"Grace.{tag}@Site.test", detail.QuerySelector(".identifiers")!.TextContent);

        var duplicate = await client.PostFormAsync("/admin/customers/create", "/admin/customers/create",
            new() { ["Input.Name"] = "Again", ["Input.Email"] = $"grace.{tag}@site.test" });
        var duplicateForm = await client.ReadAsync(duplicate);
        Assert.Contains($"already belongs to Grace {tag}", duplicateForm.QuerySelector("[data-valmsg-for='Input.Email']")!.TextContent);
        Assert.Equal(created.Headers.Location!.OriginalString, duplicateForm.QuerySelector("[data-testid=holder-email]")!.GetAttribute("href"));
        var list = await client.GetPageAsync($"/admin/customers?q={tag}");
        Assert.Single(Names(list));
    }

    [Fact]
    public async Task ChatsCountOncePerThreadWhetherTheyNameAStoredConversationOrOnlyItsId()
    {
        var tag = Tag();
        var id = (await site.IngestAsync(
            Chat($"{tag}-1", Day1, Email($"oli.{tag}@site.test"), Conversation($"t1-{tag}")),
            Chat($"{tag}-2", Day1.AddMinutes(1), Email($"oli.{tag}@site.test"), Conversation($"t1-{tag}")),
            Chat($"{tag}-3", Day1.AddHours(1), Email($"oli.{tag}@site.test"), Conversation($"t2-{tag}")) with { Record = new SourceRecordRef("conversation", $"t2-{tag}") },
            Chat($"{tag}-4", Day1.AddHours(2), Email($"oli.{tag}@site.test")) with { Record = new SourceRecordRef("conversation", $"r3-{tag}") }))[0].ContactId!.Value;
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);

        var page = await client.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal("3", page.QuerySelector("[data-testid=summary-conversations]")!.TextContent.Trim());
    }

    [Fact]
    public async Task FormEventsThatNameNoStoredSubmissionStillCountAsFormsSubmitted()
    {
        var tag = Tag();
        var id = (await site.IngestAsync(
            Form($"{tag}-1", Day1, Email($"nia.{tag}@site.test")),
            Form($"{tag}-2", Day1.AddHours(1), Email($"nia.{tag}@site.test")) with { Record = new SourceRecordRef("form", $"f-{tag}") }))[0].ContactId!.Value;
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);

        var page = await client.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal("2", page.QuerySelector("[data-testid=summary-forms]")!.TextContent.Trim());
        using var json = System.Text.Json.JsonDocument.Parse(await (await client.GetAsync($"/api/crm/contacts/{id}")).Content.ReadAsStringAsync());
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("formsSubmitted").GetInt32());
    }

    [Fact]
    public async Task TheDetailShowsProfileIdentifiersSummaryAndTimelineAndEditingSavesTheProfile()
    {
        var tag = Tag();
        var results = await site.IngestAsync(
            Telemetry($"{tag}-1", Day1, Visitor($"v-{tag}")) with { PayloadJson = "{\"page\":\"/pricing\"}" },
            Chat($"{tag}-2", Day1.AddHours(1), Visitor($"v-{tag}"), Conversation($"c-{tag}")) with { Record = new SourceRecordRef("conversation", $"c-{tag}") },
            Form($"{tag}-3", Day1.AddDays(1), Visitor($"v-{tag}"), Email($"lin.{tag}@site.test")) with
            {
                Record = new SourceRecordRef("form", $"f-{tag}"),
                Traits = new Dictionary<string, string> { ["name"] = $"Lin {tag}", ["plan"] = "Pro" },
            },
            Conversion($"{tag}-4", Day1.AddDays(2), 120.50m, CustomerId($"cus-{tag}"), Email($"lin.{tag}@site.test", verified: true)));
        var id = results[0].ContactId!.Value;
        using var client = await site.SignInAsync(SiteFactory.ManagerEmail);

        var page = await client.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal($"Lin {tag}", page.QuerySelector("h1")!.TextContent);
        var identifiers = page.QuerySelectorAll(".identifiers li").Select(li => li.QuerySelector(".id-type")!.TextContent).ToList();
        Assert.Equal(["conversation_id", "customer_id", "email", "visitor_id"], identifiers.Order().ToList());
        Assert.Contains("Verified", page.QuerySelector(".identifiers")!.TextContent);
        Assert.Contains("Pro", page.QuerySelectorAll(".card").First(c => c.TextContent.Contains("Traits")).TextContent);
        Assert.Equal("1", page.QuerySelector("[data-testid=summary-conversations]")!.TextContent.Trim());
        Assert.Equal("1", page.QuerySelector("[data-testid=summary-forms]")!.TextContent.Trim());
        Assert.Contains("120.50 EUR", page.QuerySelector("[data-testid=summary-conversions]")!.TextContent);
        Assert.Equal("1", page.QuerySelector("[data-testid=summary-telemetry]")!.TextContent.Trim());
        Assert.Equal($"/admin/demo/conversations?contact={id}", page.QuerySelector("a.tile-link:not(.is-static)")!.GetAttribute("href"));
        var days = page.QuerySelectorAll(".timeline-day").Select(d => d.TextContent).ToList();
        Assert.Equal(["Saturday, 3 October 2026", "Friday, 2 October 2026", "Thursday, 1 October 2026"], days);
        Assert.Contains("Viewed /pricing", page.QuerySelector(".timeline")!.ParentElement!.TextContent);
        Assert.Contains(page.QuerySelectorAll(".timeline a"), a => a.GetAttribute("href") == $"/admin/demo/conversations/c-{tag}");

        var saved = await client.PostFormAsync($"/admin/customers/{id}/edit", $"/admin/customers/{id}/edit",
            new() { ["Input.Name"] = $"Lin Renamed {tag}", ["Input.Company"] = "Acme" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await client.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal($"Lin Renamed {tag}", after.QuerySelector("h1")!.TextContent);
        Assert.Contains("Acme", after.QuerySelector(".facts")!.TextContent);
        // The search index follows the rename (a trigger keeps it), and forgets the old name.
        Assert.Equal([$"Lin Renamed {tag}"], Names(await client.GetPageAsync($"/admin/customers?q=renamed+{tag}")));
        Assert.Empty(Names(await client.GetPageAsync($"/admin/customers?q=Lin+{tag}")));
    }

    [Fact]
    public async Task AnAnonymousContactSaysItWillMergeOnceAnEmailOrPhoneAppears()
    {
        var tag = Tag();
        var id = (await site.IngestAsync(Telemetry($"{tag}-1", Day1, Visitor($"v-{tag}"))))[0].ContactId!.Value;
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);
        var page = await client.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal("Anonymous", page.QuerySelector(".pill")!.TextContent);
        Assert.Contains("will merge into a known person", page.QuerySelector(".note")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/customers/987654321")).StatusCode);
    }

    [Fact]
    public async Task MergingFromThePageMovesEverythingAndTheOldIdRedirectsToTheSurvivor()
    {
        var tag = Tag();
        var a = (await site.IngestAsync(Form($"{tag}-1", Day1, Email($"one.{tag}@site.test")) with { Traits = Name($"Kim {tag}") }))[0].ContactId!.Value;
        var b = (await site.IngestAsync(Chat($"{tag}-2", Day1, Phone("+44 20 7946 0958"), Conversation($"c-{tag}")) with { Traits = Name($"Kim Duplicate {tag}") }))[0].ContactId!.Value;
        using var client = await site.SignInAsync(SiteFactory.ManagerEmail);

        var search = await client.GetPageAsync($"/admin/customers/{a}/merge?q=Duplicate+{tag}&other={b}");
        Assert.Contains("will be merged into", search.QuerySelector(".merge-grid")!.TextContent);
        Assert.Contains("+44 20 7946 0958", search.QuerySelector(".merge-grid")!.TextContent);

        var merged = await client.PostFormAsync($"/admin/customers/{a}/merge?other={b}&q={tag}", $"/admin/customers/{a}/merge",
            new() { ["other"] = b.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        var survivor = await client.GetPageAsync($"/admin/customers/{a}");
        Assert.Contains("+44 20 7946 0958", survivor.QuerySelector(".identifiers")!.TextContent);
        Assert.Contains($"Merged contact #{b} into this one by {SiteFactory.ManagerEmail}", survivor.QuerySelector(".timeline")!.ParentElement!.TextContent);

        var old = await client.GetAsync($"/admin/customers/{b}");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"/admin/customers/{a}?merged={b}", old.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AMergeFormOpenedBeforeItsContactWasMergedAwayMergesIntoTheSurvivor()
    {
        var tag = Tag();
        var kept = (await site.IngestAsync(Form($"{tag}-1", Day1, Email($"kept.{tag}@site.test"))))[0].ContactId!.Value;
        var stale = (await site.IngestAsync(Form($"{tag}-2", Day1, Email($"stale.{tag}@site.test"))))[0].ContactId!.Value;
        var other = (await site.IngestAsync(Form($"{tag}-3", Day1, Email($"other.{tag}@site.test"))))[0].ContactId!.Value;
        using var client = await site.SignInAsync(SiteFactory.ManagerEmail);
        var form = $"/admin/customers/{stale}/merge?other={other}";
        await client.GetPageAsync(form);
        await site.Services.GetRequiredService<Comerix.Crm.Resolution.IdentityEngine>()
            .MergeAsync("Default", mergeId: stale, intoId: kept, actor: "test");

        // The antiforgery token comes from the survivor's page; the form still posts to the stale id.
        var posted = await client.PostFormAsync($"/admin/customers/{kept}/merge?other={other}", form, new() { ["other"] = other.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/admin/customers/{kept}", posted.Headers.Location!.OriginalString);
        var survivor = await client.GetPageAsync($"/admin/customers/{kept}");
        Assert.Contains($"Contact #{stale} had been merged into kept.{tag}@site.test (#{kept}) meanwhile", survivor.QuerySelector(".alert-success")!.TextContent);
        Assert.Contains($"other.{tag}@site.test", survivor.QuerySelector(".identifiers")!.TextContent);
    }

    [Fact]
    public async Task DeleteAndForgetNeedsTheRightConfirmationThenErasesTheContactItsRecordsAndAuditsCountsOnly()
    {
        var tag = Tag();
        var email = $"erase.{tag}@site.test";
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
            db.DemoConversations.Add(new DemoConversation { TenantId = "Default", Id = $"c-{tag}", Email = email, Transcript = $"visitor: I am {email}" });
            db.DemoFormSubmissions.Add(new DemoFormSubmission { TenantId = "Default", Id = $"f-{tag}", FormName = "Contact us", Email = email, Name = "Eve" });
            await db.SaveChangesAsync();
        }
        var id = (await site.IngestAsync(
            Chat($"{tag}-1", Day1, Conversation($"c-{tag}"), Email(email)) with { Record = new SourceRecordRef("conversation", $"c-{tag}"), Traits = Name($"Eve {tag}") },
            Form($"{tag}-2", Day1, Email(email)) with { Record = new SourceRecordRef("form", $"f-{tag}") }))[0].ContactId!.Value;
        using var client = await site.SignInAsync(SiteFactory.AdminEmail);

        var summary = await client.GetPageAsync($"/admin/customers/{id}/delete");
        Assert.Contains(email, summary.QuerySelector(".facts")!.TextContent);
        Assert.Equal("2", summary.QuerySelector("[data-testid=footprint-activities]")!.TextContent);

        var mismatch = await client.PostFormAsync($"/admin/customers/{id}/delete", $"/admin/customers/{id}/delete", new() { ["Confirmation"] = "delete" });
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Contains("Nothing was deleted", await mismatch.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/customers/{id}")).StatusCode);

        var erased = await client.PostFormAsync($"/admin/customers/{id}/delete", $"/admin/customers/{id}/delete", new() { ["Confirmation"] = email.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/customers/{id}")).StatusCode);

        await using var check = await site.TenantScopeAsync("Default");
        var crm = check.ServiceProvider.GetRequiredService<CrmDbContext>();
        var site2 = check.ServiceProvider.GetRequiredService<SiteDbContext>();
        Assert.False(await crm.Identifiers.AnyAsync(i => i.Value == email));
        Assert.False(await crm.Activities.AnyAsync(a => a.EventId.StartsWith(tag)));
        Assert.False(await site2.DemoConversations.AnyAsync(c => c.Id == $"c-{tag}"));
        Assert.False(await site2.DemoFormSubmissions.AnyAsync(f => f.Id == $"f-{tag}"));
        var audit = await crm.AuditEntries.Where(e => e.Action == "contact.erased").OrderBy(e => e.Sequence).LastAsync();
        Assert.Equal(SiteFactory.AdminEmail, audit.Actor);
        Assert.Contains("\"identifiers\":2", audit.DetailsJson);
        Assert.Contains("\"conversations\":1", audit.DetailsJson);
        Assert.DoesNotContain(tag, audit.DetailsJson);
    }

    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..8];

    private static Dictionary<string, string> Name(string name) => new() { ["name"] = name };

    private static List<string> Names(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".customer-name").Select(n => n.TextContent).ToList();
}
