namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// A company name without its legal form and punctuation ("ACME GmbH & Co. KG", "Acme" → "acme"), which records of
/// one employer write every way. Same company is weak evidence: colleagues share it.
/// </summary>
internal static class CompanyName
{
    private static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "gmbh", "mbh", "ag", "kg", "ohg", "ug", "se", "ev", "co", "kgaa", "ltd", "limited", "inc", "incorporated", "llc", "llp", "lp",
        "corp", "corporation", "company", "plc", "sa", "sarl", "sas", "srl", "spa", "bv", "nv", "oy", "ab", "as", "aps", "the", "und", "and",
    };

    /// <returns>"" when nothing is left to compare.</returns>
    public static string Normalize(string? company)
    {
        var words = TextFolding.Fold(company).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !LegalForms.Contains(w));
        return string.Concat(words);
    }

    public static Evidence Compare(string a, string b) =>
        a.Length > 0 && a == b ? new Evidence(DuplicateWeights.SameCompany, "same company") : Evidence.Nothing;
}
