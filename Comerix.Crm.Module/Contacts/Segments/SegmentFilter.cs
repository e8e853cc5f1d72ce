using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Contacts.Fields;
using Comerix.Crm.Contacts.Work;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Search;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Segments;

// These are database queries: EF Core translates ToLower() (lower() in SQL), not a StringComparison.
#pragma warning disable CA1862

/// <summary>A checked segment, ready to filter the list: what it is called, its conditions, the stages as ordered when read.</summary>
internal sealed record ResolvedSegment(long Id, string Name, SegmentDefinition Definition, IReadOnlyList<StageChoice> Stages);

/// <summary>
/// A segment's conditions as one predicate on contacts, for the directory's own query: so a segment is counted, paged,
/// exported and acted on in bulk exactly like any list filter, by the database. Conditions on other tables (tags,
/// contact fields, activity) are "id IN (a set read through that table's own index)", which the database builds once
/// per query instead of probing per contact.
/// </summary>
internal static class SegmentFilter
{
    /// <param name="me">Who is reading, for "owner is me"; with nobody, such a condition matches nobody.</param>
    public static Expression<Func<Contact, bool>> Predicate(CrmDbContext db, ResolvedSegment segment, string? me, DateTime utcNow)
    {
        var parts = segment.Definition.Conditions.Select(c => One(db, c, segment.Stages, me, utcNow)).ToList();
        if (parts.Count == 0)
        {
            return _ => false;
        }
        if (segment.Definition.Match == SegmentMatch.Any && parts.Count > 1)
        {
            // "Any of" as the union of each condition's members, each found its own way (a stage through its partial
            // index, an activity through the activities' type index), then one id test per contact in list order. As
            // one OR the database reads every contact's row to try each condition in turn (Bench list, 216k contacts:
            // 257 ms p95 for stage OR forms OR spend).
            var live = db.Contacts.Where(c => c.State == ContactState.Live);
            var members = parts.Select(p => live.Where(p).Select(c => c.Id)).Aggregate((all, more) => all.Union(more));
            return c => members.Contains(c.Id);
        }
        var parameter = Expression.Parameter(typeof(Contact), "c");
        var body = parts.Select(p => new ParameterSwap(p.Parameters[0], parameter).Visit(p.Body)!)
            .Aggregate((left, right) => segment.Definition.Match == SegmentMatch.Any ? Expression.OrElse(left, right) : Expression.AndAlso(left, right));
        return Expression.Lambda<Func<Contact, bool>>(body, parameter);
    }

    private static Expression<Func<Contact, bool>> One(CrmDbContext db, SegmentCondition condition, IReadOnlyList<StageChoice> stages, string? me, DateTime utcNow)
    {
        var value = condition.Value ?? "";
        var lower = value.ToLowerInvariant();
        return condition.Subject switch
        {
            SegmentSubjects.Name => Text(c => c.DisplayName, condition.Test, lower),
            SegmentSubjects.Email => Text(c => c.Email, condition.Test, lower),
            SegmentSubjects.Phone => Text(c => c.Phone, condition.Test, lower),
            SegmentSubjects.Company => Text(c => c.Company, condition.Test, lower),
            SegmentSubjects.Identified => condition.Test == "is-yes" ? c => c.IsIdentified : c => !c.IsIdentified,
            SegmentSubjects.DoNotContact => condition.Test == "is-yes"
                ? c => EF.Property<bool>(c, ContactColumns.MarkedDoNotContact)
                : c => !EF.Property<bool>(c, ContactColumns.MarkedDoNotContact),
            SegmentSubjects.Source => condition.Test == "is" ? c => c.Source == value : c => c.Source != value,
            SegmentSubjects.Stage => Stage(condition.Test, value, stages),
            SegmentSubjects.Owner => Owner(condition.Test, value == ContactListQuery.Mine ? me ?? "" : value),
            SegmentSubjects.Tag => Tag(db, condition.Test == "has", value),
            SegmentSubjects.FirstSeen => Seen(c => c.FirstSeen, condition, utcNow),
            SegmentSubjects.LastSeen => Seen(c => c.LastSeen, condition, utcNow),
            SegmentSubjects.Activity => Activity(db, condition, utcNow),
            SegmentSubjects.ConversionTotal => ConversionTotal(db, condition, utcNow),
            var subject when subject.StartsWith(SegmentSubjects.FieldPrefix, StringComparison.Ordinal) =>
                Field(db, subject[SegmentSubjects.FieldPrefix.Length..], condition.Test, value),
            _ => throw new InvalidOperationException($"Segment subject '{condition.Subject}' was not checked."),
        };
    }

    private static Expression<Func<Contact, bool>> Text(Expression<Func<Contact, string?>> column, string test, string lower)
    {
        Expression<Func<string?, bool>> check = test switch
        {
            "is" => s => s != null && s.ToLower() == lower,
            "contains" => s => s != null && s.ToLower().Contains(lower),
            "starts-with" => s => s != null && s.ToLower().StartsWith(lower),
            "is-empty" => s => s == null || s == "",
            _ => s => s != null && s != "",
        };
        return Compose(column, check);
    }

    private static Expression<Func<Contact, bool>> Stage(string test, string key, IReadOnlyList<StageChoice> stages)
    {
        switch (test)
        {
            case "is":
                return c => EF.Property<string?>(c, ContactColumns.Stage) == key;
            case "is-not":
                return c => EF.Property<string?>(c, ContactColumns.Stage) == null || EF.Property<string?>(c, ContactColumns.Stage) != key;
            case "at-or-after":
                var later = stages.SkipWhile(s => s.Key != key).Select(s => s.Key).ToList();
                return c => later.Contains(EF.Property<string?>(c, ContactColumns.Stage)!);
            case "is-empty":
                return c => EF.Property<string?>(c, ContactColumns.Stage) == null;
            default:
                return c => EF.Property<string?>(c, ContactColumns.Stage) != null;
        }
    }

    private static Expression<Func<Contact, bool>> Owner(string test, string owner) => test switch
    {
        "is" => c => EF.Property<string?>(c, ContactColumns.Owner) == owner,
        "is-empty" => c => EF.Property<string?>(c, ContactColumns.Owner) == null,
        _ => c => EF.Property<string?>(c, ContactColumns.Owner) != null,
    };

    private static Expression<Func<Contact, bool>> Tag(CrmDbContext db, bool has, string key)
    {
        var tagged = db.ContactTags.Where(t => t.Key == key).Select(t => t.ContactId);
        return has ? c => tagged.Contains(c.Id) : c => !tagged.Contains(c.Id);
    }

    private static Expression<Func<Contact, bool>> Seen(Expression<Func<Contact, DateTime>> column, SegmentCondition condition, DateTime utcNow)
    {
        var at = condition.Test is "before" or "after"
            ? DateTime.SpecifyKind(DateTime.ParseExact(condition.Value!, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc)
            : utcNow.AddDays(-(condition.Days ?? 0));
        Expression<Func<DateTime, bool>> check = condition.Test is "within-days" or "after" ? t => t >= at : t => t < at;
        return Compose(column, check);
    }

    /// <summary>"Did (not) do type X [named Y] at least N times in the last D days": the contacts who did, from the activities' type index.</summary>
    private static Expression<Func<Contact, bool>> Activity(CrmDbContext db, SegmentCondition condition, DateTime utcNow)
    {
        var type = condition.EventType!;
        var since = utcNow.AddDays(-(condition.Days ?? 0));
        var events = db.Activities.Where(a => a.Type == type && a.OccurredAt >= since && a.ContactId != null);
        if (condition.EventName is { } name)
        {
            events = events.Where(a => CrmSqlFunctions.EventName(a.PayloadJson) == name);
        }
        var times = condition.Times ?? 1;
        var did = times == 1
            ? events.Select(a => a.ContactId)
            : events.GroupBy(a => a.ContactId).Where(g => g.Count() >= times).Select(g => g.Key);
        return condition.Test == "did" ? c => did.Contains(c.Id) : c => !did.Contains(c.Id);
    }

    /// <summary>The contacts whose conversions in the period add up to the amount or more (in whatever currencies they were).</summary>
    private static Expression<Func<Contact, bool>> ConversionTotal(CrmDbContext db, SegmentCondition condition, DateTime utcNow)
    {
        var since = utcNow.AddDays(-(condition.Days ?? 0));
        var amount = double.Parse(condition.Value!, CultureInfo.InvariantCulture);
        var reached = db.Activities
            .Where(a => a.Type == ActivityTypes.Conversion && a.OccurredAt >= since && a.ContactId != null && a.ConversionValue != null)
            .GroupBy(a => a.ContactId).Where(g => g.Sum(a => (double)a.ConversionValue!.Value) >= amount).Select(g => g.Key);
        return condition.Test == "at-least" ? c => reached.Contains(c.Id) : c => !reached.Contains(c.Id);
    }

    private static Expression<Func<Contact, bool>> Field(CrmDbContext db, string key, string test, string value)
    {
        var values = db.ContactFieldValues.Where(v => v.FieldKey == key);
        var number = test is "greater-than" or "less-than" ? double.Parse(value, CultureInfo.InvariantCulture) : 0;
        var lower = value.ToLowerInvariant();
        var chosen = JsonSerializer.Serialize(value);
        IQueryable<ContactFieldValue>? holding = test switch
        {
            "is" => values.Where(v => v.Value.ToLower() == lower),
            "contains" => values.Where(v => v.Value.ToLower().Contains(lower)),
            "greater-than" => values.Where(v => CrmSqlFunctions.Number(v.Value) > number),
            "less-than" => values.Where(v => CrmSqlFunctions.Number(v.Value) < number),
            "before" => values.Where(v => string.Compare(v.Value, value) < 0),
            "after" => values.Where(v => string.Compare(v.Value, value) > 0),
            "is-yes" => values.Where(v => v.Value == "yes"),
            "is-no" => values.Where(v => v.Value == "no"),
            "includes" or "excludes" => values.Where(v => v.Value.Contains(chosen)),
            "is-not" => values.Where(v => v.Value == value),
            _ => null,
        };
        var ids = (holding ?? values).Select(v => v.ContactId);
        return test is "is-empty" or "is-not" or "excludes" ? c => !ids.Contains(c.Id) : c => ids.Contains(c.Id);
    }

    private static Expression<Func<Contact, bool>> Compose<T>(Expression<Func<Contact, T>> column, Expression<Func<T, bool>> check) =>
        Expression.Lambda<Func<Contact, bool>>(new ParameterSwap(check.Parameters[0], column.Body).Visit(check.Body)!, column.Parameters);

    private sealed class ParameterSwap(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
