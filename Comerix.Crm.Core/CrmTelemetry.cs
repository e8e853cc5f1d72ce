using System.Diagnostics;
using Comerix.Crm.Resolution;

namespace Comerix.Crm;

/// <summary>
/// What the module publishes for tracing and metrics, through <c>System.Diagnostics</c> only: a host wires an exporter
/// (SiteHost: OpenTelemetry) by these names, and the module itself takes no telemetry dependency. Activities carry the
/// tenant and counts, never an identifier, a trait or a contact id: a trace store is not a place erasure reaches.
/// </summary>
public static class CrmTelemetry
{
    /// <summary>The module's <see cref="ActivitySource"/>: <c>AddSource(CrmTelemetry.ActivitySourceName)</c>.</summary>
    public const string ActivitySourceName = "Comerix.Crm";

    /// <summary>The module's meter (see <see cref="IngestionMetrics"/>): <c>AddMeter(CrmTelemetry.MeterName)</c>.</summary>
    public const string MeterName = IngestionMetrics.MeterName;

    /// <summary>Events handed to the sink by one caller (a request or a module), as a child of the caller's activity.</summary>
    public const string IngestActivity = "crm.ingest";

    /// <summary>One group-commit write: the events of every caller waiting for the same tenant, linked to their activities.</summary>
    public const string IngestCommitActivity = "crm.ingest.commit";

    /// <summary>One contact folded into another (automatic, by hand, or an approved review), inside its transaction.</summary>
    public const string MergeActivity = "crm.merge";

    /// <summary>One erasure attempt (Delete &amp; forget, a privacy request, or the retry service).</summary>
    public const string ErasureActivity = "crm.erasure";

    public const string TenantTag = "crm.tenant";
    public const string EventsTag = "crm.events";
    public const string RequestsTag = "crm.requests";
    public const string AutomaticTag = "crm.merge.automatic";
    public const string IdentifiersMovedTag = "crm.merge.identifiers_moved";
    public const string ActivitiesMovedTag = "crm.merge.activities_moved";
    public const string OutcomeTag = "crm.erasure.outcome";
    public const string AttemptTag = "crm.erasure.attempt";
    public const string SuppressTag = "crm.erasure.suppress";
    public const string RowsErasedTag = "crm.erasure.rows";
    public const string PendingTag = "crm.erasure.pending";

    // Static, like the meter: the engine also runs outside dependency injection. Without a listener StartActivity
    // answers null and costs a check.
    internal static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>Starts <paramref name="name"/> tagged with the tenant, or answers null when nobody listens.</summary>
    internal static System.Diagnostics.Activity? Start(string name, string tenantId, ActivityKind kind = ActivityKind.Internal, IEnumerable<ActivityLink>? links = null)
    {
        var activity = Source.StartActivity(kind, parentContext: default, tags: null, links: links, name: name);
        activity?.SetTag(TenantTag, tenantId);
        return activity;
    }

    /// <summary>Marks <paramref name="activity"/> failed with the exception's type only (a message may quote what was sent).</summary>
    internal static void Failed(System.Diagnostics.Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }
}
