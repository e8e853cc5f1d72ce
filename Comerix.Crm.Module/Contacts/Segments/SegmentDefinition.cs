using System.Globalization;
using Comerix.Crm.Activity;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Contacts.Work;

namespace Comerix.Crm.Contacts.Segments;

/// <summary>A segment's conditions and how they combine, checked (<see cref="SegmentDefinitionCheck"/>) before use.</summary>
internal sealed record SegmentDefinition(string Match, IReadOnlyList<SegmentCondition> Conditions);

/// <summary>
/// Checks a segment's conditions as people send them (the builder's form, a recipe, the API) and puts each value in
/// the form the database holds: a tag's key, a stage's key, a number and a date in canonical text. Every problem is
/// named by the condition's position, and a definition with any problem is never used.
/// </summary>
internal static class SegmentDefinitionCheck
{
    public const int MaxConditions = 20;
    public const int MaxValueLength = 200;
    public const int MaxDays = 3650;
    public const int MaxTimes = 10_000;

    public static SegmentDefinition Check(
        string? match, IReadOnlyList<SegmentCondition> conditions, IReadOnlyList<SegmentSubject> subjects, IReadOnlyList<StageChoice> stages,
        out List<string> problems)
    {
        problems = [];
        var canonicalMatch = SegmentMatch.Canonical(match);
        if (canonicalMatch is null)
        {
            problems.Add($"Match '{Shorten(match ?? "")}' is unknown; expected all or any.");
        }
        if (conditions.Count == 0)
        {
            problems.Add("Add at least one condition.");
        }
        if (conditions.Count > MaxConditions)
        {
            problems.Add($"A segment holds at most {MaxConditions} conditions.");
        }
        var checkedConditions = new List<SegmentCondition>();
        foreach (var (condition, index) in conditions.Take(MaxConditions).Select((c, i) => (c, i + 1)))
        {
            var (tidy, problem) = CheckOne(condition, subjects, stages);
            if (problem is not null)
            {
                problems.Add($"Condition {index}: {problem}");
            }
            else
            {
                checkedConditions.Add(tidy!);
            }
        }
        return new SegmentDefinition(canonicalMatch ?? SegmentMatch.All, checkedConditions);
    }

    private static (SegmentCondition?, string?) CheckOne(SegmentCondition condition, IReadOnlyList<SegmentSubject> subjects, IReadOnlyList<StageChoice> stages)
    {
        // A recipe's or a stored condition may lack either (JSON leaves a missing string null).
        var subject = subjects.FirstOrDefault(s => s.Code == condition.Subject);
        if (subject is null)
        {
            return (null, $"'{Shorten(condition.Subject ?? "")}' is nothing a segment can test (a contact field deleted since?).");
        }
        var test = subject.Find(condition.Test);
        if (test is null)
        {
            return (null, $"{subject.Label} cannot be tested with '{Shorten(condition.Test ?? "")}'; choose one of: {string.Join(", ", subject.Tests.Select(t => t.Label))}.");
        }
        var value = condition.Value?.Trim();
        if (value is { Length: > MaxValueLength })
        {
            return (null, $"the value holds at most {MaxValueLength} characters.");
        }
        if (value is not null && (value.Any(char.IsControl) || Text.StorableText.Problem(value) is not null))
        {
            return (null, "the value is one line of plain text.");
        }
        var bare = new SegmentCondition(subject.Code, test.Code);
        string? Missing(string what) => string.IsNullOrEmpty(value) ? $"{subject.Label} {test.Label} needs {what}." : null;
        switch (test.Input)
        {
            case SegmentInput.None:
                return (bare, null);
            case SegmentInput.Text:
                return Missing("some text") is { } noText ? (null, noText) : (bare with { Value = value }, null);
            case SegmentInput.Number:
                return Missing("a number") is { } noNumber ? (null, noNumber)
                    : decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                        ? (bare with { Value = number.ToString("0.############################", CultureInfo.InvariantCulture) }, null)
                        : (null, $"\u201C{Shorten(value!)}\u201D is not a number. Write it like 1250 or 1250.50.");
            case SegmentInput.Date:
                return Missing("a date") is { } noDate ? (null, noDate)
                    : DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                        ? (bare with { Value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, null)
                        : (null, $"\u201C{Shorten(value!)}\u201D is not a date. Write it as year-month-day, like 2026-03-31.");
            case SegmentInput.Days:
                return DaysProblem(condition.Days) is { } badDays ? (null, badDays) : (bare with { Days = condition.Days }, null);
            case SegmentInput.Tag:
                return Missing("a tag") is { } noTag ? (null, noTag)
                    : ContactTagger.Tidy(value!, out var tagProblem) is { } tag ? (bare with { Value = ContactTagger.KeyOf(tag) }, null) : (null, tagProblem);
            case SegmentInput.Stage:
                return Missing("a stage") is { } noStage ? (null, noStage)
                    : LifecycleStages.Find(stages, value) is { } stage ? (bare with { Value = stage.Key }, null)
                    : (null, $"\u201C{Shorten(value!)}\u201D is no lifecycle stage; the stages are {string.Join(", ", stages.Select(s => s.Label))}.");
            case SegmentInput.Owner:
                return Missing("a user's email, or me") is { } noOwner ? (null, noOwner)
                    : (bare with { Value = string.Equals(value, ContactListQuery.Mine, StringComparison.OrdinalIgnoreCase) ? ContactListQuery.Mine : value }, null);
            case SegmentInput.Source:
                return Missing("a source") is { } noSource ? (null, noSource)
                    : ContactSources.Canonical(value) is { } source ? (bare with { Value = source }, null)
                    : (null, $"source '{Shorten(value!)}' is unknown; expected one of {string.Join(", ", ContactSources.All)}.");
            case SegmentInput.Option:
                return Missing("one of the field's choices") is { } noOption ? (null, noOption)
                    : subject.Options?.FirstOrDefault(o => string.Equals(o, value, StringComparison.OrdinalIgnoreCase)) is { } option
                        ? (bare with { Value = option }, null)
                        : (null, $"\u201C{Shorten(value!)}\u201D is not one of {subject.Label}'s choices.");
            case SegmentInput.Activity:
                return CheckActivity(condition, bare);
            case SegmentInput.Amount:
                return Missing("an amount") is { } noAmount ? (null, noAmount)
                    : !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount < 0
                        ? (null, $"\u201C{Shorten(value!)}\u201D is not an amount. Write it like 100 or 99.50.")
                    : DaysProblem(condition.Days) is { } badPeriod ? (null, badPeriod)
                    : (bare with { Value = amount.ToString("0.############################", CultureInfo.InvariantCulture), Days = condition.Days }, null);
            default:
                return (null, "this test is not supported.");
        }
    }

    private static (SegmentCondition?, string?) CheckActivity(SegmentCondition condition, SegmentCondition bare)
    {
        var type = condition.EventType?.Trim().ToLowerInvariant();
        if (!ActivityTypes.IsValidName(type) || ActivityTypes.IsTeamChange(type!) || type == ActivityTypes.Merge)
        {
            return (null, string.IsNullOrEmpty(type) ? "Activity needs an event type (conversation, form, conversion, telemetry, note or your own)."
                : $"'{Shorten(type!)}' is not an event type: lower-case letters, digits and _ . : -, starting with a letter.");
        }
        var name = string.IsNullOrWhiteSpace(condition.EventName) ? null : condition.EventName.Trim();
        if (name is { Length: > MaxValueLength } || (name is not null && (name.Any(char.IsControl) || Text.StorableText.Problem(name) is not null)))
        {
            return (null, $"an event name is one line of at most {MaxValueLength} characters.");
        }
        var times = condition.Times ?? 1;
        if (times is < 1 or > MaxTimes)
        {
            return (null, $"\u201Cat least\u201D takes a number of times from 1 to {MaxTimes:N0}.");
        }
        return DaysProblem(condition.Days) is { } badDays ? (null, badDays)
            : (bare with { EventType = type, EventName = name, Times = times, Days = condition.Days }, null);
    }

    private static string? DaysProblem(int? days) =>
        days is >= 1 and <= MaxDays ? null : $"give a number of days from 1 to {MaxDays:N0}.";

    /// <summary>At most 40 characters of what was sent, control characters and stray surrogates shown as '?'.</summary>
    internal static string Shorten(string value) =>
        new string(value.Take(40).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray()) + (value.Length > 40 ? "…" : "");
}
