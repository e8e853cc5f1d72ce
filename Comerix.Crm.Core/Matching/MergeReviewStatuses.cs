namespace Comerix.Crm.Matching;

internal static class MergeReviewStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}
