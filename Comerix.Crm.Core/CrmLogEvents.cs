namespace Comerix.Crm;

/// <summary>
/// The event ids of the module's log lines, by area, so an operator can filter or alert on one kind of line:
/// <list type="table">
/// <item><term>1000–1999</term><description>identity resolution: merges, reviews, transaction retries (the engine's own log class)</description></item>
/// <item><term>2000–2999</term><description>erasure (<c>Erasure.ErasureLog</c>): contact ids, counts and eraser names only, never a value</description></item>
/// <item><term>3000–3999</term><description>HTTP APIs (<c>Api.Security.ApiKeyLog</c>): wrong API keys, at most one line per address a minute</description></item>
/// <item><term>4000–4999</term><description>storage (<c>Data.StorageLog</c>): migrations, background checkpoints</description></item>
/// <item><term>5000–5999</term><description>webhooks (<c>Webhooks.WebhookLog</c>): delivery rounds, give-ups, unreadable secrets</description></item>
/// <item><term>6000–6999</term><description>ingestion (<c>Ingestion.IngestionLog</c>): group commits</description></item>
/// <item><term>7000–7999</term><description>CSV imports (<c>Import.ImportLog</c>): ids and counts, never a cell</description></item>
/// <item><term>8000–8999</term><description>in-process event handlers (<c>Notifications.NotificationLog</c>): a handler that failed</description></item>
/// <item><term>9000–9999</term><description>duplicate suggestions (<c>Matching.Duplicates.DuplicateLog</c>): tenant, counts and seconds, never a name</description></item>
/// </list>
/// Each area's lines are written through a static partial <c>…Log</c> class of LoggerMessage methods (source-generated,
/// no allocation when the level is off). A test checks that every id is in its area's range and used once.
/// </summary>
internal static class CrmLogEvents
{
    public const int Identity = 1000;
    public const int Erasure = 2000;
    public const int Api = 3000;
    public const int Storage = 4000;
    public const int Webhooks = 5000;
    public const int Ingestion = 6000;
    public const int Import = 7000;
    public const int Notifications = 8000;
    public const int Duplicates = 9000;
}
