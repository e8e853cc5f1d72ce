using Microsoft.Extensions.Primitives;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>The list's filters, exactly as they travel in the query string.</summary>
/// <param name="Tag">A tag's key or label: only contacts carrying it.</param>
/// <param name="Seen">How recently the person was last seen (<see cref="SeenWindows"/>).</param>
/// <param name="Contactable">"yes": only people who may be contacted; "no": only those marked do not contact.</param>
/// <param name="Stage">A lifecycle stage's key: only contacts at it; "none": only those at no stage.</param>
/// <param name="Owner">"me": the reader's own contacts (<see cref="Me"/>); "none": nobody's; else a user's sign-in name.</param>
/// <param name="Segment">A segment's id: only its members (once <see cref="SegmentRule"/> holds it, or <see cref="SegmentProblem"/> says why not).</param>
internal sealed record ContactListQuery(
    string? Audience = null, string? Q = null, string? Source = null, int Page = 1, string? Tag = null, string? Seen = null, string? Contactable = null,
    string? Stage = null, string? Owner = null, string? Segment = null)
{
    public const string Nobody = "none";
    public const string Mine = "me";

    /// <summary>Who is reading: the user "me" stands for. A query for "me" without one matches nobody.</summary>
    public string? Me { get; init; }
    public const int PageSize = 25;

    /// <summary>The segment <see cref="Segment"/> names, read and checked (<c>ContactSegments.ResolveAsync</c>).</summary>
    public Segments.ResolvedSegment? SegmentRule { get; init; }

    /// <summary>Why <see cref="Segment"/> cannot be used (not there, or its conditions no longer check).</summary>
    public string? SegmentProblem { get; init; }

    /// <summary>The segment's id as given, or null for no segment.</summary>
    public string? EffectiveSegment => string.IsNullOrWhiteSpace(Segment) ? null : Segment.Trim();

    /// <summary>Identified by default: the directory shows real people first.</summary>
    public string EffectiveAudience => Audiences.Canonical(Audience);

    public string? EffectiveSource => ContactSources.Canonical(Source);

    public string? EffectiveSearch => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();

    public int EffectivePage => Math.Max(1, Page);

    /// <summary>The stage's key as given (lower-cased), "none", or null for any stage.</summary>
    public string? EffectiveStage => string.IsNullOrWhiteSpace(Stage) ? null : Stage.Trim().ToLowerInvariant();

    /// <summary>"me", "none", a sign-in name, or null for anyone's.</summary>
    public string? EffectiveOwner => string.IsNullOrWhiteSpace(Owner) ? null
        : Owner.Trim().ToLowerInvariant() is Mine or Nobody ? Owner.Trim().ToLowerInvariant() : Owner.Trim();

    /// <summary>The sign-in name the owner filter asks for; null for "none" or no filter (and for "me" with nobody reading).</summary>
    public string? OwnerName => EffectiveOwner switch
    {
        null or Nobody => null,
        Mine => Me,
        var name => name,
    };

    public SeenWindow? EffectiveSeen => SeenWindows.Find(Seen);

    /// <summary>True, false, or null for everyone (none given, or a value this version does not know).</summary>
    public bool? EffectiveContactable => Contactable?.Trim().ToLowerInvariant() switch
    {
        "yes" => true,
        "no" => false,
        _ => null,
    };

    /// <summary>Filters the request gave more than once, each in words (see <see cref="WithoutRepeated"/>).</summary>
    public IReadOnlyList<string> Repeated { get; private init; } = [];

    /// <summary>
    /// This query without the filters the request gives more than once (?tag=a&amp;tag=b). The list filters by one
    /// value of each: taking the first (as page binding does) or all of them joined with ',' (as the API's binding does)
    /// would quietly show other contacts than were asked for. Each one left out is among the <see cref="Problems"/>:
    /// the export and the API refuse the request, the list says it is shown without that filter.
    /// </summary>
    /// <param name="given">A query-string name's values in the request.</param>
    public ContactListQuery WithoutRepeated(Func<string, StringValues> given)
    {
        var repeated = new List<string>();
        string? Once(string name, string noun, string? value)
        {
            var values = given(name);
            if (values.Count <= 1)
            {
                return value;
            }
            repeated.Add($"{name} is given {values.Count} times ({string.Join(", ", values.Select(v => $"'{v}'"))}); give one {noun}");
            return null;
        }
        var query = this with
        {
            Audience = Once("audience", "audience", Audience),
            Q = Once("q", "search", Q),
            Source = Once("source", "source", Source),
            Tag = Once("tag", "tag", Tag),
            Seen = Once("seen", "last-seen window", Seen),
            Contactable = Once("contactable", "contact preference", Contactable),
            Stage = Once("stage", "stage", Stage),
            Owner = Once("owner", "owner", Owner),
            Segment = Once("segment", "segment", Segment),
        };
        return repeated.Count == 0 ? this : query with { Repeated = repeated };
    }

    /// <summary>
    /// Filter values this version does not know, and filters given more than once, each in words. Pages and the API
    /// refuse to act on them rather than quietly widening the list: an export "without do-not-contact people" must
    /// never hold everyone.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>(Repeated);
        if (EffectiveSegment is not null && SegmentRule is null)
        {
            problems.Add(SegmentProblem ?? $"segment '{Segment}' was not read");
        }
        if (!string.IsNullOrWhiteSpace(Audience) && Audience.Trim().ToLowerInvariant() is not (Audiences.All or Audiences.Identified or Audiences.Anonymous))
        {
            problems.Add($"audience '{Audience}' is unknown; expected identified (the default), all or anonymous");
        }
        if (!string.IsNullOrWhiteSpace(Source) && EffectiveSource is null)
        {
            problems.Add($"source '{Source}' is unknown; expected one of {string.Join(", ", ContactSources.All)}");
        }
        if (!string.IsNullOrWhiteSpace(Seen) && EffectiveSeen is null)
        {
            problems.Add($"seen '{Seen}' is unknown; expected one of {string.Join(", ", SeenWindows.All.Select(w => w.Value))}");
        }
        if (!string.IsNullOrWhiteSpace(Contactable) && EffectiveContactable is null)
        {
            problems.Add($"contactable '{Contactable}' is unknown; expected yes (may be contacted) or no (marked do not contact)");
        }
        if (EffectiveStage is { } stage && stage != Nobody && !IsKeyShaped(stage))
        {
            problems.Add($"stage '{Stage}' is not a stage's key; expected one like 'customer', or none");
        }
        if (EffectiveOwner is { Length: > 256 })
        {
            problems.Add("owner is longer than a user's name can be; expected me, none or a user's email");
        }
        return problems;
    }

    private static bool IsKeyShaped(string key) => key.Length <= 64 && key.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_');

    /// <summary>
    /// The filters as the audit log keeps them: which ones, never the search text (often a person's email) or the
    /// tag (words a team wrote), only whether they narrowed the list.
    /// </summary>
    public object AuditFacts() => new
    {
        audience = EffectiveAudience,
        source = EffectiveSource,
        seen = EffectiveSeen?.Value,
        contactable = ContactableValue,
        stage = EffectiveStage,
        owner = EffectiveOwner is Mine or Nobody ? EffectiveOwner : EffectiveOwner is null ? null : "user",
        segment = SegmentRule?.Id,
        byTag = EffectiveTag is not null,
        searched = EffectiveSearch is not null,
    };

    /// <summary>The query-string value of <see cref="EffectiveContactable"/>.</summary>
    public string? ContactableValue => EffectiveContactable switch { true => "yes", false => "no", null => null };

    public string? EffectiveTag => string.IsNullOrWhiteSpace(Tag) ? null : ContactTagger.KeyOf(ContactTagger.Tidy(Tag, out _) ?? Tag.Trim());
}

internal static class Audiences
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

/// <summary>The list's "Last seen" filter: within the last N days, or not for N days or more.</summary>
/// <param name="Before">True for "not seen for <see cref="Days"/> days or more".</param>
internal sealed record SeenWindow(string Value, string Label, int Days, bool Before)
{
    /// <summary>The earliest (or, for <see cref="Before"/>, the latest) last-seen time the window admits.</summary>
    public DateTime Cutoff(DateTime utcNow) => utcNow.AddDays(-Days);
}

internal static class SeenWindows
{
    public static readonly IReadOnlyList<SeenWindow> All =
    [
        new("7d", "Seen in the last 7 days", 7, false),
        new("30d", "Seen in the last 30 days", 30, false),
        new("90d", "Seen in the last 90 days", 90, false),
        new("before-90d", "Not seen for 90 days", 90, true),
    ];

    /// <summary>The window a query-string value names, or null (none given, or one this version does not know).</summary>
    public static SeenWindow? Find(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : All.FirstOrDefault(w => string.Equals(w.Value, value.Trim(), StringComparison.OrdinalIgnoreCase));
}

internal sealed record ContactTiles(int Total, int Identified, int Anonymous)
{
    public int IdentifiedPercent => Percent(Identified);
    public int AnonymousPercent => Percent(Anonymous);
    private int Percent(int part) => Total == 0 ? 0 : (int)Math.Round(100.0 * part / Total);
}

internal sealed record ContactListRow(
    long Id, string? DisplayName, string? Email, string? Phone, string? Company, string Source, bool IsIdentified, DateTime LastSeen, bool DoNotContact = false,
    string? Stage = null, string? Owner = null)
{
    public string Name => ContactNames.Display(DisplayName, Email, Phone, Id);
    public string Initials => ContactNames.Initials(DisplayName, Email);
}

internal sealed record ContactListPage(IReadOnlyList<ContactListRow> Rows, int Page, int TotalMatches)
{
    public int PageCount => Math.Max(1, (TotalMatches + ContactListQuery.PageSize - 1) / ContactListQuery.PageSize);
    public int FirstRow => TotalMatches == 0 ? 0 : (Page - 1) * ContactListQuery.PageSize + 1;
    public int LastRow => (Page - 1) * ContactListQuery.PageSize + Rows.Count;
}
