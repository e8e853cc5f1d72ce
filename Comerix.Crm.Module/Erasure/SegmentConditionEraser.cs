using Comerix.Crm.Contacts.Segments;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Erasure;

/// <summary>
/// Delete &amp; forget reaches the segments' conditions: a value that names one of the person's identifiers ("email is
/// bob@example.com", "phone contains +4915…") is replaced by <see cref="ErasedValue"/>, which no contact holds. Whom
/// the segment matches does not change: the person it named is gone, and a placeholder matches nobody, as the erased
/// value now does. The data export lists the same conditions.
/// </summary>
internal sealed class SegmentConditionEraser(CrmDbContext db, IdentityResolutionOptions options) : IPersonalDataEraser, IPersonalDataExporter
{
    public const string ErasedValue = "(erased)";

    public async Task<IReadOnlyList<ErasedRecords>> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var erased = 0;
        foreach (var (segment, conditions, naming) in await FindAsync(subject, cancellationToken))
        {
            var kept = conditions.Select((c, i) => naming.Contains(i)
                ? c with { Value = c.Value is null ? null : ErasedValue, EventName = c.EventName is null ? null : ErasedValue }
                : c).ToList();
            var json = SegmentCondition.ToJson(kept);
            await db.Segments.Where(s => s.Id == segment.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.ConditionsJson, json), cancellationToken);
            erased += naming.Count;
        }
        return [new("segment conditions", erased)];
    }

    public async Task<IReadOnlyList<ExportedRecords>> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken) =>
        [ExportedRecords.Of("segment conditions", (await FindAsync(subject, cancellationToken))
            .SelectMany(f => f.Naming.Select(i => new { segment = f.Segment.Name, condition = f.Conditions[i] })))];

    /// <summary>Each segment with a condition naming the person, and which of its conditions do (by index).</summary>
    private async Task<List<(Contacts.Segment Segment, IReadOnlyList<SegmentCondition> Conditions, List<int> Naming)>> FindAsync(
        PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var normalizer = new IdentifierNormalizer(options.DefaultPhoneRegion, options.ExtraJunkValues);
        var found = new List<(Contacts.Segment, IReadOnlyList<SegmentCondition>, List<int>)>();
        foreach (var segment in await db.InTenant(subject.TenantId).Segments.AsNoTracking().ToListAsync(cancellationToken))
        {
            var conditions = SegmentCondition.FromJson(segment.ConditionsJson);
            var naming = Enumerable.Range(0, conditions.Count)
                .Where(i => Names(normalizer, subject, conditions[i].Value) || Names(normalizer, subject, conditions[i].EventName)).ToList();
            if (naming.Count > 0)
            {
                found.Add((segment, conditions, naming));
            }
        }
        return found;
    }

    /// <summary>The value is, contains, or normalizes to one of the person's identifiers.</summary>
    private static bool Names(IdentifierNormalizer normalizer, PersonalDataSubject subject, string? value)
    {
        var text = value?.Trim();
        return !string.IsNullOrEmpty(text) && subject.Identifiers.Any(i =>
            text.Contains(i.Value, StringComparison.OrdinalIgnoreCase)
            || (i.Type is IdentifierTypes.Email or IdentifierTypes.Phone
                && normalizer.TryNormalize(new IdentityClaim(i.Type, text), out var normalized, out _)
                && string.Equals(normalized.Value, i.Value, StringComparison.Ordinal)));
    }
}
