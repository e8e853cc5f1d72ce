namespace Comerix.Crm.Bench.Dedupe;

/// <summary>A live contact as the finder sees it, with the people (clusters) whose records it holds: the answer key.</summary>
internal sealed record LabelledContact(Matching.Duplicates.DuplicateCandidate Candidate, IReadOnlySet<string> Clusters, int Records);
