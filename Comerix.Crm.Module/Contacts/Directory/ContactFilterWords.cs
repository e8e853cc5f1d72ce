namespace Comerix.Crm.Contacts.Directory;

/// <summary>The list's filters in words ("identified contacts, seen in the last 30 days, tagged “VIP”"), for pages that act on a list.</summary>
internal static class ContactFilterWords
{
    /// <param name="tagLabel">The tag as people typed it, when known; else its key.</param>
    /// <param name="stageLabel">The stage's label, when known; else its key.</param>
    public static string Describe(ContactListQuery query, string? tagLabel = null, bool withSearch = true, string? stageLabel = null)
    {
        var words = query.EffectiveAudience switch
        {
            Audiences.All => "all contacts",
            Audiences.Anonymous => "anonymous contacts",
            _ => "identified contacts",
        };
        if (withSearch && query.EffectiveSearch is { } search)
        {
            words += $", matching \u201C{search}\u201D";
        }
        if (query.EffectiveSource is { } source)
        {
            words += $", first seen through {source}";
        }
        if (query.EffectiveSeen is { } seen)
        {
            words += ", " + seen.Label.ToLowerInvariant();
        }
        if (query.EffectiveContactable is { } contactable)
        {
            words += contactable ? ", who may be contacted" : ", marked do not contact";
        }
        if (query.EffectiveStage is { } stage)
        {
            words += stage == ContactListQuery.Nobody ? ", at no stage" : $", at stage “{stageLabel ?? stage}”";
        }
        words += query.EffectiveOwner switch
        {
            null => "",
            ContactListQuery.Mine => ", owned by me",
            ContactListQuery.Nobody => ", unassigned",
            var owner => $", owned by {owner}",
        };
        if (query.EffectiveTag is { } tag)
        {
            words += $", tagged \u201C{tagLabel ?? tag}\u201D";
        }
        if (query.SegmentRule is { } segment)
        {
            words += $", in the segment \u201C{segment.Name}\u201D";
        }
        return words;
    }
}
