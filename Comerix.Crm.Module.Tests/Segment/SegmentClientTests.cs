using Comerix.Crm.Data;
using Comerix.Crm.Tests.Browser;
using Comerix.Crm.Tests.Site;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Segment;

/// <summary>
/// The real @segment/analytics-node client from npm (installed by <c>npm ci</c> from the committed lock file),
/// unchanged, pointed at the site on a real port with an API key as its write key.
/// </summary>
public sealed class SegmentClientTests : IDisposable
{
    private readonly SiteFactory _site = new();

    [NodeFact]
    public async Task AnalyticsNodeIdentifyTrackPageAliasAndBatchesLandAsTheRightContacts()
    {
        _site.UseKestrel(0);
        _site.StartServer();
        var url = _site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1");
        var key = await _site.CreateApiKeyAsync();
        var client = Path.Combine(BrowserSite.RepositoryRoot(), "Comerix.Crm.Module.Tests", "Segment", "client");
        if (!Directory.Exists(Path.Combine(client, "node_modules", "@segment", "analytics-node")))
        {
            var install = await NodeFactAttribute.RunAsync("npm", "ci --no-audit --no-fund", client);
            Assert.True(install.ExitCode == 0, "npm ci failed:\n" + install.Output);
        }

        var run = await NodeFactAttribute.RunAsync("node", "send.mjs", client,
            new Dictionary<string, string> { ["COMERIX_URL"] = url, ["COMERIX_WRITE_KEY"] = key });
        Assert.True(run.ExitCode == 0, "analytics-node reported a failure:\n" + run.Output);
        Assert.Contains("flushed", run.Output);

        await using var scope = await _site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var owner = await db.Identifiers.Where(i => i.TenantId == "Default" && i.Type == "customer_id" && i.Value == "node-user-1").Select(i => i.ContactId).SingleAsync();
        var identifiers = await db.Identifiers.Where(i => i.TenantId == "Default" && i.ContactId == owner).Select(i => i.Type + "=" + i.Value).ToListAsync();
        Assert.Equal(["customer_id=node-user-1", "email=node.user@segment.test", "visitor_id=node-anon-1", "visitor_id=node-anon-2"], identifiers.Order());
        var person = await db.Contacts.SingleAsync(c => c.TenantId == "Default" && c.Id == owner);
        Assert.Equal("Node User", person.DisplayName);
        var conversion = await db.Activities.SingleAsync(a => a.TenantId == "Default" && a.ContactId == owner && a.Type == "conversion");
        Assert.Equal(30m, conversion.ConversionValue);
        Assert.Equal("USD", conversion.Currency);

        // 25 anonymous visitors, sent in more than one batch: 25 contacts, each with its one page of telemetry.
        var visitors = await db.Identifiers.CountAsync(i => i.TenantId == "Default" && i.Type == "visitor_id" && i.Value.StartsWith("node-visitor-"));
        Assert.Equal(25, visitors);
        Assert.Equal(30, await db.Activities.CountAsync(a => a.TenantId == "Default" && a.Type != "merge"));
    }

    public void Dispose() => _site.Dispose();
}
