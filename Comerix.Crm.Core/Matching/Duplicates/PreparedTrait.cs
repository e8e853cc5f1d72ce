namespace Comerix.Crm.Matching.Duplicates;

/// <summary>A "helps find duplicates" trait read once: its key, its kind, and the forms its value is compared in.</summary>
internal sealed record PreparedTrait(string Key, TraitKind Kind, IReadOnlyList<string> Forms)
{
    /// <summary>Traits of one kind compare with each other whatever their keys ("dob" and "birth_date"); others by key.</summary>
    public bool Describes(PreparedTrait other) => Kind == other.Kind && (Kind != TraitKind.Other || Key == other.Key);

    public bool SameValue(PreparedTrait other) => Forms.Any(f => other.Forms.Contains(f, StringComparer.Ordinal));

    public static IEnumerable<Evidence> Compare(IReadOnlyList<PreparedTrait> a, IReadOnlyList<PreparedTrait> b)
    {
        // Two street addresses that differ make the same postcode or city a neighbourhood, not a household: they count
        // for nothing then (and a different street still counts nothing against: people move).
        var streetsDiffer = a.FirstOrDefault(t => t.Kind == TraitKind.Street) is { } streetA
            && b.FirstOrDefault(t => t.Kind == TraitKind.Street) is { } streetB && !streetA.SameValue(streetB);
        foreach (var left in a)
        {
            var right = b.FirstOrDefault(left.Describes);
            if (right is null)
            {
                continue;
            }
            var same = left.SameValue(right);
            if (streetsDiffer && left.Kind is TraitKind.Postcode or TraitKind.City)
            {
                continue;
            }
            yield return (left.Kind, same) switch
            {
                (TraitKind.BirthDate, true) => new Evidence(DuplicateWeights.SameBirthDate, "same date of birth"),
                (TraitKind.BirthDate, false) => new Evidence(DuplicateWeights.DifferentBirthDate, "different dates of birth"),
                (TraitKind.Street, true) => new Evidence(DuplicateWeights.SameStreet, "same street address"),
                (TraitKind.Postcode, true) => new Evidence(DuplicateWeights.SamePostcode, "same postcode"),
                (TraitKind.City, true) => new Evidence(DuplicateWeights.SameCity, "same city"),
                (TraitKind.Other, true) => new Evidence(DuplicateWeights.SameOtherTrait, $"same {left.Key.Replace('_', ' ')}"),
                _ => Evidence.Nothing, // a different street or city: people move, so it counts neither way
            };
        }
    }
}
