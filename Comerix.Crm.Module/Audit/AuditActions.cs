namespace Comerix.Crm.Audit;

public static class AuditActions
{
    public const string ContactMerged = "contact.merged";
    public const string ReviewRejected = "review.rejected";
}
