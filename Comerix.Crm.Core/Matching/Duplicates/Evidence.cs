namespace Comerix.Crm.Matching.Duplicates;

/// <summary>One piece of evidence: its weight (for, or against when negative) and its reason in plain English.</summary>
internal readonly record struct Evidence(double Points, string? Reason)
{
    public static Evidence Nothing { get; } = new(0, null);
}
