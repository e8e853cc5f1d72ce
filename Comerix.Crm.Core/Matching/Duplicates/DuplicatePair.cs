namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// A suggestion that two live contacts are one person. Never acted on by itself: an admin merges or dismisses it.
/// </summary>
/// <param name="LowId">The lower contact id of the two.</param>
/// <param name="HighId">The higher one.</param>
/// <param name="Score">0..1; pairs are proposed from <see cref="DuplicateScorer.Threshold"/> up.</param>
/// <param name="Reasons">
/// The kinds of evidence, in plain English ("same phone, written differently"), never the values themselves: the list
/// may be shown to any admin and written to the audit log, where a person's phone number must not appear.
/// </param>
internal sealed record DuplicatePair(long LowId, long HighId, double Score, IReadOnlyList<string> Reasons)
{
    public static DuplicatePair Of(long a, long b, DuplicateScore score) =>
        new(Math.Min(a, b), Math.Max(a, b), score.Value, score.Reasons);
}
