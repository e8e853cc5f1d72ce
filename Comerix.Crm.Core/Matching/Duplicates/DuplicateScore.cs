namespace Comerix.Crm.Matching.Duplicates;

/// <summary>What <see cref="DuplicateScorer.Score(DuplicateCandidate, DuplicateCandidate)"/> makes of two contacts.</summary>
/// <param name="Value">0..1, the evidence <see cref="Points"/> through a logistic curve centred on the threshold.</param>
/// <param name="Points">The summed evidence weights (log-odds-like): positive for agreement, negative for contradiction.</param>
/// <param name="Reasons">Each piece of evidence that counted, for and against, by kind (never the values).</param>
internal sealed record DuplicateScore(double Value, double Points, IReadOnlyList<string> Reasons)
{
    public bool IsSuggested => Value >= DuplicateScorer.Threshold;
}
