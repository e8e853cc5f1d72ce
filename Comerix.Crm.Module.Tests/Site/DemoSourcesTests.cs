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
}
