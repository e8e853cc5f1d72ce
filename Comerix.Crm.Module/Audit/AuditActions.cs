namespace Comerix.Crm.Audit;

public static class AuditActions
{
    public const string ContactMerged = "contact.merged";
    public const string ReviewRejected = "review.rejected";
    public const string ContactCreated = "contact.created";
    public const string ContactUpdated = "contact.updated";
    public const string ContactErased = "contact.erased";
}
