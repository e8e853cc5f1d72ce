namespace Comerix.Crm.Ingestion;

/// <summary>
/// How other modules hand events to the CRM in-process (a chat module on "conversation started", a forms module
/// on "submitted"). Events go to the current tenant; the result says which contact they landed on and how.
/// </summary>
public interface ICrmEventSink
{
    Task<IngestResult> SendAsync(CrmEvent evt, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IngestResult>> SendBatchAsync(IReadOnlyList<CrmEvent> events, CancellationToken cancellationToken = default);
}
