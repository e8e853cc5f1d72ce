using System.Text.Json;
using System.Text.Json.Serialization;
using Comerix.Crm.Notifications;

namespace Comerix.Crm.Webhooks;

/// <summary>
/// The body of a delivery, as Standard Webhooks suggests: <c>{"type", "timestamp", "data"}</c>. Data holds what a
/// receiver needs (ids, and for contact events the contact: identifiers and profile); <c>contact.erased</c> holds
/// the id alone.
/// </summary>
internal static class WebhookPayload
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(CrmNotification notification, DateTime at) =>
        Serialize(notification.EventType, at, Data(notification));

    public static string Serialize(string type, DateTime at, object data) =>
        JsonSerializer.Serialize(new { type, timestamp = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), data }, Json);

    private static object Data(CrmNotification n) => n switch
    {
        ContactErased e => new { id = e.ContactId },
        ContactMerged m => new { id = m.SurvivorId, mergedIds = m.MergedIds, contact = m.Contact },
        ContactUnmerged u => new { id = u.SurvivorId, restoredId = u.RestoredId, contact = u.Contact },
        ContactUpdated u => new { id = u.ContactId, changed = u.Changed, contact = u.Contact },
        DoNotContactSet d => new { id = d.ContactId, reason = d.Reason, contact = d.Contact },
        ReviewQueued r => new { reviewId = r.ReviewId, contactId = r.ContactId, candidateId = r.CandidateId, reason = r.ReasonCode },
        ImportCompleted i => new { importId = i.ImportId, rows = i.Rows, created = i.Created, attached = i.Attached, merged = i.Merged, queuedForReview = i.QueuedForReview, failed = i.Failed },
        _ => new { id = n.OrderKey, contact = n.Contact },
    };
}
