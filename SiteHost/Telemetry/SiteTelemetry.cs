using Comerix.Crm;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Comerix.SiteHost.Telemetry;

/// <summary>
/// OpenTelemetry for the site: the module's meter and activity source (<see cref="CrmTelemetry"/>), ASP.NET Core,
/// EF Core and Npgsql. Nothing is wired unless something exports: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (the exporter reads the other <c>OTEL_*</c> variables itself), and Prometheus at <c>/metrics</c> when
/// <c>Crm:Telemetry:Prometheus</c> is true. Otherwise the site registers no provider: no exporter, no console output,
/// and activities are not even created.
/// </summary>
public static class SiteTelemetry
{
    public const string PrometheusSetting = "Crm:Telemetry:Prometheus";

    /// <summary>Optional: serve <c>/metrics</c> only on this port (the site must also listen on it, e.g. <c>ASPNETCORE_URLS</c>).</summary>
    public const string PrometheusPortSetting = "Crm:Telemetry:PrometheusPort";

    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ScrapePath = "/metrics";

    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> does not give one.</summary>
    public const string ServiceName = "comerix-sitehost";

    /// <summary>Npgsql's own activity source and meter (what Npgsql.OpenTelemetry's <c>AddNpgsql()</c> adds, without pinning another Npgsql).</summary>
    private const string NpgsqlSource = "Npgsql";

    public static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue(PrometheusSetting, false);

    public static bool OtlpEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);

    public static void AddSiteTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = OtlpEnabled(configuration);
        var prometheus = PrometheusEnabled(configuration);
        if (!otlp && !prometheus)
        {
            return;
        }
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource =>
        {
            if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
            {
                resource.AddService(ServiceName, serviceVersion: typeof(SiteTelemetry).Assembly.GetName().Version?.ToString());
            }
        });
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(CrmTelemetry.MeterName, NpgsqlSource)
                .AddAspNetCoreInstrumentation();
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
            if (prometheus)
            {
                metrics.AddPrometheusExporter();
            }
        });
        // Traces go only where traces are read: a Prometheus scraper takes metrics alone.
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(CrmTelemetry.ActivitySourceName, NpgsqlSource)
                .AddAspNetCoreInstrumentation(aspnet =>
                    // The scraper's own requests are noise in a trace store.
                    aspnet.Filter = context => !context.Request.Path.StartsWithSegments(ScrapePath))
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter());
        }
    }

    /// <summary>Maps <c>/metrics</c> when the Prometheus setting is on (otherwise the path is a 404 like any other).</summary>
    public static void MapSiteTelemetry(this WebApplication app)
    {
        if (!PrometheusEnabled(app.Configuration))
        {
            return;
        }
        var endpoint = app.MapPrometheusScrapingEndpoint(ScrapePath);
        if (!string.IsNullOrWhiteSpace(app.Configuration[PrometheusPortSetting]))
        {
            // A mistyped port stops the site with one line naming the setting (StartupSettings), not an open /metrics.
            endpoint.RequireHost($"*:{app.Configuration.GetValue<int>(PrometheusPortSetting)}");
        }
    }
}
