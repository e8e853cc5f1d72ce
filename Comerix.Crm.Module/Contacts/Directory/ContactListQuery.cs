namespace Comerix.Crm.Contacts.Directory;

/// <summary>The list's filters, exactly as they travel in the query string.</summary>
/// <param name="Tag">A tag's key or label: only contacts carrying it.</param>
public sealed record ContactListQuery(string? Audience = null, string? Q = null, string? Source = null, int Page = 1, string? Tag = null)
{
    public const int PageSize = 25;

    /// <summary>Identified by default: the directory shows real people first.</summary>
    public string EffectiveAudience => Audiences.Canonical(Audience);

    public string? EffectiveSource => ContactSources.Canonical(Source);

    public string? EffectiveSearch => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();

    public int EffectivePage => Math.Max(1, Page);

    public string? EffectiveTag => string.IsNullOrWhiteSpace(Tag) ? null : ContactTagger.KeyOf(ContactTagger.Tidy(Tag, out _) ?? Tag.Trim());
}

public static class Audiences
{
    public const string Identified = "identified";
    public const string All = "all";
    public const string Anonymous = "anonymous";

    public static string Canonical(string? audience) => audience?.Trim().ToLowerInvariant() switch
    {
        All => All,
        Anonymous => Anonymous,
        _ => Identified,
    };
}

public sealed record ContactTiles(int Total, int Identified, int Anonymous)
{
    public int IdentifiedPercent => Percent(Identified);
    public int AnonymousPercent => Percent(Anonymous);
    private int Percent(int part) => Total == 0 ? 0 : (int)Math.Round(100.0 * part / Total);
}

public sealed record ContactListRow(
    long Id, string? DisplayName, string? Email, string? Phone, string? Company, string Source, bool IsIdentified, DateTime LastSeen)
{
    public string Name => ContactNames.Display(DisplayName, Email, Phone, Id);
    public string Initials => ContactNames.Initials(DisplayName, Email);
}

public sealed record ContactListPage(IReadOnlyList<ContactListRow> Rows, int Page, int TotalMatches)
{
    public int PageCount => Math.Max(1, (TotalMatches + ContactListQuery.PageSize - 1) / ContactListQuery.PageSize);
    public int FirstRow => TotalMatches == 0 ? 0 : (Page - 1) * ContactListQuery.PageSize + 1;
    public int LastRow => (Page - 1) * ContactListQuery.PageSize + Rows.Count;
}
