using System.Net;
using System.Text.Json;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>Tags: put on from the profile, filter the list and its export, follow merges, go with erasure.</summary>
public sealed class ContactTagsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..7];

    private async Task<long> PersonAsync(string tag, string who) =>
        (await site.IngestAsync(Form($"{tag}-{who}", Day1, Email($"{who}.{tag}@site.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"{who} {tag}" },
        }))[0].ContactId!.Value;

    private static Task<HttpResponseMessage> AddTagAsync(SiteClient client, long id, string label) =>
        client.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/tags", new() { ["Input.Label"] = label });

    private static List<string> TagsOn(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".tags .tag-chip a").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task AManagerTagsAContactAndTheListFiltersByTheTag()
    {
        var tag = Tag();
        var tagged = await PersonAsync(tag, "ada");
        await PersonAsync(tag, "bob");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var added = await AddTagAsync(manager, tagged, $"  VIP   {tag} ");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var profile = await manager.GetPageAsync($"/admin/customers/{tagged}");
        Assert.Contains($"Tagged \u201CVIP {tag}\u201D.", profile.QuerySelector(".alert-success")!.TextContent);
        Assert.Equal([$"VIP {tag}"], TagsOn(profile));

        // The chip leads to everyone with the tag; the filter ignores case.
        var href = profile.QuerySelector(".tags .tag-chip a")!.GetAttribute("href")!;
        var list = await manager.GetPageAsync(href);
        Assert.Equal([$"ada {tag}"], list.QuerySelectorAll("#contact-results tbody tr .customer-name").Select(n => n.TextContent.Trim()).ToList());
        var upper = await manager.GetPageAsync($"/admin/customers?audience=all&tag={Uri.EscapeDataString($"vip {tag.ToUpperInvariant()}")}");
        Assert.Single(upper.QuerySelectorAll("#contact-results tbody tr"));
        Assert.Contains(list.QuerySelectorAll("select[name=tag] option"), o => o.HasAttribute("selected") && o.TextContent.StartsWith($"VIP {tag}"));

        // The export and the read API follow the same filter.
        var csv = await manager.GetAsync($"/admin/customers/export?audience=all&tag={Uri.EscapeDataString($"vip {tag}")}");
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains($"ada.{tag}@site.test", lines[1]);
        Assert.EndsWith($",VIP {tag},,,\r", lines[1]);
        var api = await manager.GetAsync($"/api/crm/contacts?audience=all&tag={Uri.EscapeDataString($"vip {tag}")}");
        using var json = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        Assert.Equal(1, json.RootElement.GetProperty("totalMatches").GetInt32());
        Assert.Equal([$"VIP {tag}"], json.RootElement.GetProperty("contacts")[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var detail = await manager.GetAsync($"/api/crm/contacts/{tagged}");
        using var detailJson = JsonDocument.Parse(await detail.Content.ReadAsStringAsync());
        Assert.Equal([$"VIP {tag}"], detailJson.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task ABadOrRepeatedTagIsRefusedWithWhatWasTypedKept()
    {
        var tag = Tag();
        var id = await PersonAsync(tag, "cy");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await AddTagAsync(manager, id, $"Lead {tag}");

        var repeated = await manager.ReadAsync(await AddTagAsync(manager, id, $"LEAD {tag}"));
        Assert.Contains($"already tagged \u201CLead {tag}\u201D", repeated.QuerySelector(".field-error")!.TextContent);

        var bad = $"<script>{tag}";
        var refused = await manager.ReadAsync(await AddTagAsync(manager, id, bad));
        Assert.Contains("letters, digits, spaces", refused.QuerySelector(".field-error")!.TextContent);
        Assert.Equal(bad, refused.QuerySelector("input[name='Input.Label']")!.GetAttribute("value"));

        // An accent typed as its own combining mark is part of the letter.
        Assert.Equal(HttpStatusCode.Redirect, (await AddTagAsync(manager, id, $"Cafe\u0301 {tag}")).StatusCode);

        var tooLong = await manager.ReadAsync(await AddTagAsync(manager, id, new string('x', 41)));
        Assert.Contains("at most 40 characters", tooLong.QuerySelector(".field-error")!.TextContent);

        Assert.Equal([$"Cafe\u0301 {tag}", $"Lead {tag}"], TagsOn(await manager.GetPageAsync($"/admin/customers/{id}")));
    }

    [Fact]
    public async Task RemovingATagTakesItOffAndAViewerCanNeitherAddNorRemove()
    {
        var tag = Tag();
        var id = await PersonAsync(tag, "di");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await AddTagAsync(manager, id, $"Press {tag}");

        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var seen = await viewer.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal([$"Press {tag}"], TagsOn(seen));
        Assert.Null(seen.QuerySelector(".tag-remove"));
        Assert.Null(seen.QuerySelector(".tag-add-inline"));
        Assert.Equal(HttpStatusCode.Forbidden, (await AddTagAsync(viewer, id, "Sneaky")).StatusCode);

        var removed = await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/tags?handler=remove",
            new() { ["key"] = $"press {tag}" });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        var after = await manager.GetPageAsync($"/admin/customers/{id}");
        Assert.Contains($"Removed the tag \u201CPress {tag}\u201D.", after.QuerySelector(".alert-success")!.TextContent);
        Assert.Empty(TagsOn(after));
    }

    [Fact]
    public async Task AMergeCarriesTheLosersTagsToTheSurvivorAndErasureDeletesThem()
    {
        var tag = Tag();
        var kept = await PersonAsync(tag, "kept");
        var folded = await PersonAsync(tag, "folded");
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        await AddTagAsync(admin, kept, $"Shared {tag}");
        await AddTagAsync(admin, folded, $"shared {tag}");
        await AddTagAsync(admin, folded, $"Only folded {tag}");
        await admin.PostFormAsync($"/admin/customers/{kept}", $"/admin/customers/{kept}/notes", new() { ["Input.Text"] = $"Secret note {tag}" });

        // The audit log says who tagged and noted whom, never what the tag or note says.
        var audit = await admin.GetPageAsync("/admin/customers/audit");
        var log = audit.QuerySelector("table")!.TextContent;
        Assert.Contains("Tag added", log);
        Assert.Contains("Note added", log);
        Assert.DoesNotContain(tag, audit.Body!.InnerHtml);

        await site.Services.GetRequiredService<Comerix.Crm.Resolution.IdentityEngine>()
            .MergeAsync("Default", mergeId: folded, intoId: kept, actor: "test");
        Assert.Equal([$"Only folded {tag}", $"Shared {tag}"], TagsOn(await admin.GetPageAsync($"/admin/customers/{kept}")));

        var erased = await admin.PostFormAsync($"/admin/customers/{kept}/delete", $"/admin/customers/{kept}/delete",
            new() { ["Confirmation"] = $"kept.{tag}@site.test" });
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Comerix.Crm.Data.CrmDbContext>();
        Assert.Equal(0, await db.ContactTags.CountAsync(t => t.Key.EndsWith(tag)));
    }
}
