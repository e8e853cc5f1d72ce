namespace Comerix.Crm.Audit;

/// <summary>
/// What the audit log records. Strings, not an enum like the closed states: an open vocabulary (each feature adds its
/// actions, and the chain holds entries written by every earlier version; <c>AuditText</c> shows an unknown one as is).
/// </summary>
internal static class AuditActions
{
    public const string ContactMerged = "contact.merged";
    public const string ContactUnmerged = "contact.unmerged";
    public const string DuplicateDismissed = "duplicate.dismissed";
    public const string DuplicateTraitsChanged = "duplicate.traits-changed";
    public const string ReviewApproved = "review.approved";
    public const string ReviewRejected = "review.rejected";
    public const string ContactCreated = "contact.created";
    public const string ContactUpdated = "contact.updated";
    public const string ContactTagged = "contact.tagged";
    public const string ContactUntagged = "contact.untagged";
    public const string ContactsBulkTagged = "contacts.bulk-tagged";
    public const string ContactsBulkUntagged = "contacts.bulk-untagged";
    public const string ViewSaved = "contact-view.saved";
    public const string ViewDeleted = "contact-view.deleted";
    public const string SegmentSaved = "segment.saved";
    public const string SegmentDeleted = "segment.deleted";
    public const string DoNotContactSet = "contact.do-not-contact";
    public const string DoNotContactLifted = "contact.contact-allowed";
    public const string NoteAdded = "contact.note-added";
    public const string ContactsExported = "contacts.exported";
    public const string ImportStarted = "contacts.import-started";
    public const string ImportCompleted = "contacts.imported";
    public const string ContactErased = "contact.erased";
    public const string ContactErasurePartial = "contact.erasure-partial";
    public const string IdentifierSuppressed = "identifier.suppressed";
    public const string IdentifierDetached = "identifier.detached";
    public const string IdentifierEdited = "identifier.edited";
    public const string ContactDataExported = "contact.data-exported";
    public const string RuleCreated = "identity-rule.created";
    public const string RuleUpdated = "identity-rule.updated";
    public const string RuleDeleted = "identity-rule.deleted";
    public const string ApiKeyCreated = "api-key.created";
    public const string ApiKeyRevoked = "api-key.revoked";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookDeleted = "webhook.deleted";
    public const string WebhookSecretRotated = "webhook.secret-rotated";
    public const string FieldCreated = "custom-field.created";
    public const string StageSet = "contact.stage-set";
    public const string OwnerSet = "contact.owner-set";
    public const string StagesChanged = "lifecycle-stages.changed";
    public const string FieldChanged = "custom-field.changed";
    public const string FieldDeleted = "custom-field.deleted";
    public const string ContactFieldsChanged = "contact.fields-changed";
}
