namespace Comerix.Crm.Matching;

/// <summary>
/// Why the engine queued a pair instead of merging it. Strings, not an enum like <see cref="MergeReviewStatus"/>: an
/// open vocabulary (new merge rules add reasons, and the code goes out as it is in webhook payloads).
/// </summary>
internal static class MergeReasonCodes
{
    /// <summary>Two or more identified contacts tied only by an unverified claim.</summary>
    public const string UnverifiedTie = "unverified_tie";
    /// <summary>The merged contact would hold more identifiers of a type than allowed (e.g. two customer ids).</summary>
    public const string LimitExceeded = "limit_exceeded";

    /// <summary>Someone said these two are not the same person (a merge undone): the engine never merges them again.</summary>
    public const string NotSamePerson = "not_same_person";
}
