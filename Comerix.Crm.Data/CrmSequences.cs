using Comerix.Crm.Data.Sql;

namespace Comerix.Crm.Data;

/// <summary>PostgreSQL sequences that hand out row ids (SQLite uses the crm_id_counters table instead).</summary>
internal static class CrmSequences
{
    public const string ContactIds = "crm_contact_ids";
    public const string ActivityIds = "crm_activity_ids";
    public const string ReviewIds = "crm_review_ids";
    public const string WebhookDeliveryIds = "crm_webhook_delivery_ids";

    public static string NameOf(IdSequence sequence) => sequence switch
    {
        IdSequence.Contact => ContactIds,
        IdSequence.Activity => ActivityIds,
        IdSequence.WebhookDelivery => WebhookDeliveryIds,
        _ => ReviewIds,
    };
}
