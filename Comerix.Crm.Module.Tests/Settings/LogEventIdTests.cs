using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Tests.Settings;

/// <summary>Every source-generated log line of Core, Data and the module has an event id of its own, in its area's range (see CrmLogEvents).</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void EachLogLineHasItsOwnEventIdInItsAreasRange()
    {
        var ranges = new Dictionary<string, int>
        {
            ["IdentityLog"] = CrmLogEvents.Identity,
            ["ErasureLog"] = CrmLogEvents.Erasure,
            ["ApiKeyLog"] = CrmLogEvents.Api,
            ["StorageLog"] = CrmLogEvents.Storage,
            ["WebhookLog"] = CrmLogEvents.Webhooks,
            ["IngestionLog"] = CrmLogEvents.Ingestion,
            ["ImportLog"] = CrmLogEvents.Import,
            ["NotificationLog"] = CrmLogEvents.Notifications,
        };
        Assembly[] assemblies = [typeof(CrmOptions).Assembly, typeof(Comerix.Crm.Data.CrmDatabase).Assembly, typeof(Comerix.Crm.Resolution.IdentityEngine).Assembly];
        var lines = assemblies.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(m => (Type: t, Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
                .Where(m => m.Attribute is not null))
            .ToList();

        Assert.Superset(ranges.Keys.ToHashSet(), lines.Select(l => l.Type.Name).ToHashSet());
        Assert.All(lines.Where(l => ranges.ContainsKey(l.Type.Name)), l =>
            Assert.InRange(l.Attribute!.EventId, ranges[l.Type.Name], ranges[l.Type.Name] + 999));
        Assert.Equal(lines.Count, lines.Select(l => l.Attribute!.EventId).Distinct().Count());
    }
}
