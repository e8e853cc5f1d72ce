namespace Comerix.Crm.Notifications;

/// <summary>The names of the events the module raises, as webhooks spell them. Declared once: endpoints, payloads and the admin agree on them.</summary>
public static class CrmEventTypes
{
    public const string ContactCreated = "contact.created";
    public const string ContactUpdated = "contact.updated";
    public const string ContactIdentified = "contact.identified";
    public const string ContactMerged = "contact.merged";
    public const string ContactUnmerged = "contact.unmerged";
    public const string ContactErased = "contact.erased";
    public const string DoNotContactSet = "contact.do_not_contact.set";
    public const string DoNotContactLifted = "contact.do_not_contact.lifted";
    public const string ReviewQueued = "review.queued";
    public const string ImportCompleted = "import.completed";

    /// <summary>Sent only by "Send test event" on the admin page; no endpoint subscribes to it.</summary>
    public const string Test = "webhook.test";

    public static IReadOnlyList<string> All { get; } =
    [
        ContactCreated, ContactUpdated, ContactIdentified, ContactMerged, ContactUnmerged, ContactErased,
        DoNotContactSet, DoNotContactLifted, ReviewQueued, ImportCompleted,
    ];
}
