using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Xml.Linq;
using Comerix.SiteHost.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Telemetry out: the module's meter at <c>/metrics</c> when Crm:Telemetry:Prometheus is on (and a 404 when off), its
/// activities around ingestion, merge and erasure carrying the tenant and counts but no personal data, no provider at all
/// when nothing exports, and no OpenTelemetry dependency in the module itself.
/// </summary>
public sealed class TelemetryTests
{
    private const string TestSourceName = "Comerix.Crm.Tests.Telemetry";
    private static readonly ActivitySource TestSource = new(TestSourceName);

    [Fact]
    public async Task WithPrometheusOnMetricsShowsTheModulesIngestionCounterAfterAnEvent()
    {
        await using var site = new SiteFactory();
        site.Settings[SiteTelemetry.PrometheusSetting] = "true";
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        await PostEventAsync(api, new { id = "otel-prom-1", type = "form", occurredAt = "2026-11-20T10:00:00Z", payload = new { email = "prometheus.person@otel.test" } });

        var response = await api.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Contains("text/plain", response.Content.Headers.ContentType?.ToString());
        // comerix.crm.ingest.events in Prometheus' spelling: a counter ends in _total; its outcome tag is a label.
        Assert.Contains("comerix_crm_ingest_events_total{", text);
        Assert.Contains("outcome=\"created\"", text);
        Assert.Contains("comerix_crm_ingest_phase_duration_seconds", text);
        Assert.DoesNotContain("prometheus.person@otel.test", text);
    }

    [Fact]
    public async Task WithPrometheusOffMetricsIsNotFoundAndNoProviderIsRegistered()
    {
        await using var site = new SiteFactory();
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        await PostEventAsync(api, new { id = "otel-off-1", type = "form", occurredAt = "2026-11-20T10:00:00Z", payload = new { email = "off.person@otel.test" } });

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/metrics")).StatusCode);
        // Silent: no exporter and no provider, so no activity is even created for a request.
        Assert.Null(site.Services.GetService<MeterProvider>());
        Assert.Null(site.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task OnItsOwnPortMetricsIsNotServedOnTheSitesPort()
    {
        await using var site = new SiteFactory();
        site.Settings[SiteTelemetry.PrometheusSetting] = "true";
        site.Settings[SiteTelemetry.PrometheusPortSetting] = "9464";
        using var api = site.ApiClient(key: null);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/metrics")).StatusCode);
        Assert.NotNull(site.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task AnOtlpEndpointWiresTracingAndMetrics()
    {
        await using var site = new SiteFactory();
        // Nothing listens there: the exporter's failures stay inside OpenTelemetry's own event source.
        site.Settings[SiteTelemetry.OtlpEndpointSetting] = "http://127.0.0.1:9";
        site.ApiClient(key: null).Dispose();
        Assert.NotNull(site.Services.GetService<TracerProvider>());
        Assert.NotNull(site.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task IngestionMergeAndErasureActivitiesCarryTheTenantAndCountsButNoPersonalData()
    {
        var seen = new ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new ActivityListener
        {
            // ASP.NET Core's request activity too, so the traceparent sent below parents the module's activities.
            ShouldListenTo = source => source.Name is CrmTelemetry.ActivitySourceName or "Microsoft.AspNetCore" or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = seen.Add,
        };
        ActivitySource.AddActivityListener(listener);

        await using var site = new SiteFactory();
        // This test's own trace: other tests in the process use the same static source.
        var traceId = ActivityTraceId.CreateRandom();
        var traceparent = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01";
        using var ingest = site.ApiClient(await site.CreateApiKeyAsync());
        using var privacy = site.ApiClient(await site.CreateApiKeyAsync("privacy"));
        ingest.DefaultRequestHeaders.Add("traceparent", traceparent);
        privacy.DefaultRequestHeaders.Add("traceparent", traceparent);

        const string email = "traced.person@otel.test";
        var first = await PostEventAsync(ingest, new { id = "otel-tr-1", type = "form", occurredAt = "2026-11-20T10:00:00Z", payload = new { email, name = "Traced Person" } });
        var second = await PostEventAsync(ingest, new { id = "otel-tr-2", type = "form", occurredAt = "2026-11-20T10:01:00Z", payload = new { email = "second.traced@otel.test" } });
        await PostEventAsync(ingest, new { id = "otel-tr-3", type = "form", occurredAt = "2026-11-20T10:02:00Z", payload = new { email, message = "again" } });
        var contactId = first.GetProperty("contactId").GetInt64();
        ActivityTraceId mergeTrace;
        // A merge by hand, in-process under this test's own activity.
        using (var parent = TestSource.StartActivity("test.merge"))
        {
            Assert.NotNull(parent);
            await site.Services.GetRequiredService<Comerix.Crm.Resolution.IdentityEngine>()
                .MergeAsync("Default", mergeId: second.GetProperty("contactId").GetInt64(), intoId: contactId, actor: "test");
            mergeTrace = parent.TraceId;
        }
        var erased = await privacy.PostAsync("api/crm/erasure", Body(new { contactId }));
        Assert.True(erased.IsSuccessStatusCode, await erased.Content.ReadAsStringAsync());

        var ours = seen.Where(a => a.Source.Name == CrmTelemetry.ActivitySourceName).ToList();
        var ingestActivities = ours.Where(a => a.OperationName == CrmTelemetry.IngestActivity && a.TraceId == traceId).ToList();
        Assert.Equal(3, ingestActivities.Count);
        Assert.All(ingestActivities, a =>
        {
            Assert.Equal("Default", a.GetTagItem(CrmTelemetry.TenantTag));
            Assert.Equal(1, a.GetTagItem(CrmTelemetry.EventsTag));
        });
        // The write runs on the group-commit loop, linked to the callers it served.
        var ingestSpans = ingestActivities.Select(a => a.SpanId).ToHashSet();
        var commits = ours.Where(a => a.OperationName == CrmTelemetry.IngestCommitActivity && a.Links.Any(l => ingestSpans.Contains(l.Context.SpanId))).ToList();
        Assert.NotEmpty(commits);
        Assert.All(commits, c =>
        {
            Assert.True((int)c.GetTagItem(CrmTelemetry.EventsTag)! >= 1);
            Assert.True((int)c.GetTagItem(CrmTelemetry.RequestsTag)! >= 1);
        });

        var merge = Assert.Single(ours, a => a.OperationName == CrmTelemetry.MergeActivity && a.TraceId == mergeTrace);
        Assert.Equal("Default", merge.GetTagItem(CrmTelemetry.TenantTag));
        Assert.Equal(false, merge.GetTagItem(CrmTelemetry.AutomaticTag));
        Assert.True((int)merge.GetTagItem(CrmTelemetry.IdentifiersMovedTag)! >= 1);

        var erasure = Assert.Single(ours, a => a.OperationName == CrmTelemetry.ErasureActivity && a.TraceId == traceId);
        Assert.Equal("Default", erasure.GetTagItem(CrmTelemetry.TenantTag));
        Assert.Equal("Erased", erasure.GetTagItem(CrmTelemetry.OutcomeTag));
        Assert.True((int)erasure.GetTagItem(CrmTelemetry.RowsErasedTag)! >= 3);

        // Tenant and counts only: no identifier, name or contact id in any tag of the module's activities.
        var mine = ingestActivities.Concat(commits).Append(merge).Append(erasure).ToList();
        foreach (var tag in mine.SelectMany(a => a.TagObjects))
        {
            var value = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            Assert.DoesNotContain("otel.test", value);
            Assert.DoesNotContain("Traced Person", value);
            Assert.DoesNotContain("contact", tag.Key);
        }
    }

    [Fact]
    public void TheModuleTakesNoOpenTelemetryDependency()
    {
        // The telemetry names live in Core (the engine publishes them); the module publishes through them too.
        var references = new[] { typeof(CrmTelemetry).Assembly, typeof(CrmServiceCollectionExtensions).Assembly }
            .SelectMany(assembly => assembly.GetReferencedAssemblies()).Select(a => a.Name!).ToList();
        Assert.Contains(references, r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)); // the check reads real references
        Assert.Contains(references, r => r == "System.Diagnostics.DiagnosticSource");
        Assert.DoesNotContain(references, r => r.StartsWith("OpenTelemetry", StringComparison.OrdinalIgnoreCase));

        // And none in the project file, even one the compiler would drop for being unused.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Comerix.Crm.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        var packages = new[] { "Comerix.Crm.Module", "Comerix.Crm.Core" }
            .Select(name => XDocument.Load(Path.Combine(dir.FullName, name, name + ".csproj")))
            .SelectMany(project => project.Descendants("PackageReference")).Select(p => (string?)p.Attribute("Include") ?? "").ToList();
        Assert.NotEmpty(packages);
        Assert.DoesNotContain(packages, p => p.Contains("OpenTelemetry", StringComparison.OrdinalIgnoreCase));
    }
}
