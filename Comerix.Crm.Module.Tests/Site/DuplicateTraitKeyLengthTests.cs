using System.Net;
using Comerix.Crm.Ingestion;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// A trait key contacts hold can be chosen as one that helps find duplicates, however long the engine lets it be:
/// the form dropped keys over 64 characters without a word ("No traits help find duplicates now.").
/// </summary>
public sealed class DuplicateTraitKeyLengthTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task ALongTraitKeyAContactHoldsCanBeChosen()
    {
        var key = "household_" + new string('k', CrmEventValidator.MaxTraitKeyLength - "household_".Length);
        // The engine takes it on a contact.
        var stored = await site.IngestAsync(Form($"long-key-{Guid.NewGuid():N}", Day1, Email("long.key@traits.test")) with
        {
            Traits = new Dictionary<string, string> { [key] = "H-1234" },
        });
        Assert.NotNull(stored[0].ContactId);

        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        const string tab = "/admin/customers/matching/duplicates";
        var saved = await manager.PostFormAsync(tab, tab + "?handler=traits", new() { ["Traits"] = key });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await manager.GetPageAsync(tab);
        Assert.Contains(key, page.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal(key, page.QuerySelector("textarea#traits")!.TextContent.Trim());
    }
}
