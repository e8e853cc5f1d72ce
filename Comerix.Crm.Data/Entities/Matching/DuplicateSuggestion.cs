namespace Comerix.Crm.Matching;

/// <summary>
/// A pair of live contacts the duplicate finder says are probably one person, though they share no identifier. Only a
/// suggestion: an admin merges the pair (through the merge preview) or says they are not the same, which is remembered
/// so the pair is never proposed again. One row a pair (lower id first), whatever its status.
/// </summary>
internal sealed class DuplicateSuggestion
{
    public required string TenantId { get; set; }
    public long ContactLowId { get; set; }
    public long ContactHighId { get; set; }
    public double Score { get; set; }

    /// <summary>The kinds of evidence as a JSON array of phrases ("same phone, written differently"), never the values.</summary>
    public required string ReasonsJson { get; set; }

    /// <summary>open or dismissed ("not the same person").</summary>
    public required string Status { get; set; }
    public DateTime FoundAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
}

/// <summary>A tenant's choice of the traits that help find duplicates (date of birth, postcode, city, street …).</summary>
internal sealed class DuplicateSettings
{
    public required string TenantId { get; set; }

    /// <summary>Trait keys, one per line.</summary>
    public required string TraitKeys { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}
