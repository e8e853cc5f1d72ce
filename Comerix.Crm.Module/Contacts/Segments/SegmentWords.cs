namespace Comerix.Crm.Contacts.Segments;

/// <summary>A segment's conditions in words, as the Segments page and the list's segment line show them.</summary>
internal static class SegmentWords
{
    public static string Describe(string match, IReadOnlyList<SegmentCondition> conditions, IReadOnlyList<SegmentSubject> subjects)
    {
        var parts = conditions.Select(c => Describe(c, subjects)).ToList();
        return parts.Count switch
        {
            0 => "no conditions",
            1 => parts[0],
            _ => (match == SegmentMatch.Any ? "any of: " : "all of: ") + string.Join("; ", parts),
        };
    }

    public static string Describe(SegmentCondition condition, IReadOnlyList<SegmentSubject> subjects)
    {
        var subject = subjects.FirstOrDefault(s => s.Code == condition.Subject);
        var test = subject?.Find(condition.Test);
        var words = $"{subject?.Label ?? condition.Subject} {test?.Label.Replace(" … ", " ", StringComparison.Ordinal) ?? condition.Test}";
        return test?.Input switch
        {
            SegmentInput.None or null => words,
            SegmentInput.Days => $"{subject!.Label} {test.Label.Replace("…", condition.Days?.ToString("N0") ?? "?", StringComparison.Ordinal)}",
            SegmentInput.Activity => $"{words} {condition.EventType}" + (condition.EventName is { } name ? $" \u201C{name}\u201D" : "")
                + ((condition.Times ?? 1) > 1 ? $" at least {condition.Times:N0} times" : "") + $" in the last {condition.Days:N0} days",
            SegmentInput.Amount => $"{words} {condition.Value} in the last {condition.Days:N0} days",
            _ => $"{words} \u201C{condition.Value}\u201D",
        };
    }
}
