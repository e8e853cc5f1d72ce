namespace Comerix.Crm.Matching;

/// <summary>Where a queued pair is: waiting for a person, or decided one way or the other (a closed set).</summary>
public enum MergeReviewStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>The words <see cref="MergeReviewStatus"/> is stored, shown (the review queue's tabs) and sent as.</summary>
internal static class MergeReviewStatusCodes
{
    public static string ToCode(this MergeReviewStatus status) => status switch
    {
        MergeReviewStatus.Pending => "pending",
        MergeReviewStatus.Approved => "approved",
        MergeReviewStatus.Rejected => "rejected",
        _ => throw StateCodes.NotAState(status),
    };

    public static MergeReviewStatus FromCode(string code) => code switch
    {
        "pending" => MergeReviewStatus.Pending,
        "approved" => MergeReviewStatus.Approved,
        "rejected" => MergeReviewStatus.Rejected,
        _ => throw StateCodes.Unknown("merge review status", code, "pending", "approved", "rejected"),
    };
}
