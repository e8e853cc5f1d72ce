using Comerix.Crm.Data;
using Comerix.Crm.Tests.Browser;
using Comerix.Crm.Tests.Site;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Segment;

/// <summary>
/// The real @segment/analytics-node and @rudderstack/rudder-sdk-node clients from npm (each installed by <c>npm ci</c>
/// from its committed lock file, in <c>client</c> and <c>rudder-client</c>), unchanged, pointed at the site on a
/// real port with an API key as their write key.
/// </summary>
public sealed class SegmentClientTests : IDisposable
{
    private readonly SiteFactory _site = new();

    [NodeFact]
    public async Task AnalyticsNodeIdentifyTrackPageAliasAndBatchesLandAsTheRightContacts()
    {
        var run = await SendAsync("client", "@segment/analytics-node");
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

    /// <summary>
    /// @rudderstack/rudder-sdk-node at its defaults: it gzips every batch and, handing its HTTP library a Buffer with
    /// no Content-Type, posts it labelled <c>application/x-www-form-urlencoded</c>, with the write key as Basic auth.
    /// </summary>
    [NodeFact]
    public async Task RudderStackNodeSdkAtItsDefaultsIdentifiesAndTracksOnePerson()
    {
        var run = await SendAsync("rudder-client", "@rudderstack/rudder-sdk-node");
        Assert.True(run.ExitCode == 0, "rudder-sdk-node reported a failure:\n" + run.Output);
        Assert.Contains("flushed", run.Output);
        // What was tested is the wire format it really sends (printed by send.mjs, which only watches).
        Assert.Contains("sent POST /v1/batch content-type=application/x-www-form-urlencoded content-encoding=gzip", run.Output);

        await using var scope = await _site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var owner = await db.Identifiers.Where(i => i.TenantId == "Default" && i.Type == "email" && i.Value == "rudder.user@rudder.test").Select(i => i.ContactId).SingleAsync();
        var identifiers = await db.Identifiers.Where(i => i.TenantId == "Default" && i.ContactId == owner).Select(i => i.Type + "=" + i.Value).ToListAsync();
        Assert.Equal(["customer_id=rudder-user-1", "email=rudder.user@rudder.test", "visitor_id=rudder-anon-1"], identifiers.Order());
        Assert.Equal("Rudder User", (await db.Contacts.SingleAsync(c => c.TenantId == "Default" && c.Id == owner)).DisplayName);
        var timeline = await db.Activities.Where(a => a.TenantId == "Default" && a.ContactId == owner).Select(a => a.Type).ToListAsync();
        Assert.Equal(3, timeline.Count);
        var order = await db.Activities.SingleAsync(a => a.TenantId == "Default" && a.ContactId == owner && a.Type == "conversion");
        Assert.Equal(42m, order.ConversionValue);
        Assert.Equal("EUR", order.Currency);
        // One contact: nothing else was created.
        Assert.Equal(1, await db.Contacts.CountAsync(c => c.TenantId == "Default"));
    }

    /// <summary>Runs <c>send.mjs</c> of the client folder against the site on a real port, installing the package first.</summary>
    private async Task<(int ExitCode, string Output)> SendAsync(string folder, string package)
    {
        _site.UseKestrel(0);
        _site.StartServer();
        var url = _site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1");
        var key = await _site.CreateApiKeyAsync();
        var client = Path.Combine(BrowserSite.RepositoryRoot(), "Comerix.Crm.Module.Tests", "Segment", folder);
        if (!Directory.Exists(Path.Combine(client, "node_modules", package)))
        {
            // From the committed lock file. Optional dependencies are left out: rudder-sdk-node's is bull (and Redis),
            // for a persistent queue that is off by default.
            var install = await NodeFactAttribute.RunAsync("npm", "ci --no-audit --no-fund --omit=optional", client);
            Assert.True(install.ExitCode == 0, "npm ci failed:\n" + install.Output);
        }
        return await NodeFactAttribute.RunAsync("node", "send.mjs", client,
            new Dictionary<string, string> { ["COMERIX_URL"] = url, ["COMERIX_WRITE_KEY"] = key });
    }

    public void Dispose() => _site.Dispose();
}
