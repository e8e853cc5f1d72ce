using Comerix.Crm.Ingestion;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Demo;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>The demo Transcripts page: a contact's chats through its links, and one chat with the way back.</summary>
public sealed class DemoSourcesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task AContactsChatsAreListedAndEachOpensWithALinkBackToTheContact()
    {
        var tag = "d" + Guid.NewGuid().ToString("N")[..8];
        await site.EnsureUsersAsync();
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
            db.DemoConversations.Add(new DemoConversation { TenantId = "Default", Id = $"c-{tag}", VisitorName = "Ivy", Transcript = "visitor: Hello\nagent: Hi Ivy" });
            db.DemoConversations.Add(new DemoConversation { TenantId = "Default", Id = $"other-{tag}", Transcript = "visitor: Someone else" });
            await db.SaveChangesAsync();
        }
        var id = (await site.IngestAsync(Chat($"{tag}-1", Day1, Conversation($"c-{tag}")) with
        {
            Record = new SourceRecordRef("conversation", $"c-{tag}"),
        }))[0].ContactId!.Value;
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);

        var list = await client.GetPageAsync($"/admin/demo/conversations?contact={id}");
        Assert.Equal(["Ivy"], list.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent));

        var chat = await client.GetPageAsync($"/admin/demo/conversations/c-{tag}");
        Assert.Equal(["visitor Hello", "agent Hi Ivy"], chat.QuerySelectorAll(".transcript li").Select(li => li.TextContent.Trim()));
        Assert.Equal($"/admin/customers/{id}", chat.QuerySelector("a.btn[href^='/admin/customers/']")!.GetAttribute("href"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/admin/demo/conversations/no-such-chat")).StatusCode);
    }

    [Fact]
    public async Task TheDemosChatsAndFormsStartWhenTheTimelineSaysTheyDid()
    {
        await using var fresh = new SiteFactory();
        await fresh.EnsureUsersAsync();
        await using var scope = await fresh.TenantScopeAsync("Default");
        await scope.ServiceProvider.GetRequiredService<Comerix.Crm.Recipes.RecipeExecutor>()
            .ExecuteAsync("Default", """{ "name": "small demo", "steps": [ { "name": "demo-data", "people": 60, "seed": 3 } ] }""");

        var site = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var crm = scope.ServiceProvider.GetRequiredService<Comerix.Crm.Data.CrmDbContext>();
        var happened = crm.Activities.Where(a => a.RecordId != null).ToDictionary(a => a.RecordId!, a => a.OccurredAt);
        var records = site.DemoConversations.Select(c => new { c.Id, At = c.StartedAt }).ToList()
            .Concat(site.DemoFormSubmissions.Select(f => new { f.Id, At = f.SubmittedAt }).ToList()).ToList();
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.True((happened[r.Id] - r.At).Duration() < TimeSpan.FromMilliseconds(1),
            $"{r.Id} says {r.At:O}, its timeline row {happened[r.Id]:O}"));
    }
}
