using System.Text.Json;
using System.Text.Json.Nodes;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;
using Comerix.Crm.Text;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Matching.Rules;

/// <summary>
/// The editor's "test against a sample event": applies one rule (as edited, saved or not) to a sample written
/// like a native API event, then asks the engine what it would do, in a transaction that is rolled back.
/// Nothing is written, the sample's id included.
/// </summary>
internal sealed class IdentityRuleTester(IdentityEngine engine, CrmDbContext db, TimeProvider time)
{
    public async Task<RuleTestResult> TestAsync(string tenantId, IdentityRuleDefinition rule, string? sampleJson, CancellationToken cancellationToken = default)
    {
        var (sample, errors) = ReadSample(sampleJson);
        if (sample is null)
        {
            return RuleTestResult.Invalid(errors);
        }
        var triggered = RuleTriggers.Matches(rule.Trigger, rule.EventType, sample);
        var application = new IdentityRuleSet([(rule.Name, rule with { Enabled = true })]).Apply(sample);
        IngestResult outcome;
        try
        {
            outcome = await engine.PreviewAsync(tenantId, application.Event, cancellationToken);
        }
        catch (CrmValidationException ex)
        {
            // Shown with what the rule did: "needs at least one identifier claim" usually means a field was not found.
            return new RuleTestResult(ex.Errors, sample, triggered, application, null, new Dictionary<long, string>());
        }
        var ids = new[] { outcome.ContactId }.OfType<long>().Concat(outcome.MergedContactIds).Concat(outcome.ReviewContactIds).ToList();
        var contacts = outcome.Outcome == IngestOutcome.Created
            ? []
            : await db.InTenant(tenantId).Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        return new RuleTestResult([], sample, triggered, application, outcome,
            contacts.ToDictionary(c => c.Key, c => ContactNames.Display(c.Value)));
    }

    /// <summary>The sample as a native API event; a missing id or occurredAt is filled in, and the id is always a fresh one.</summary>
    private (CrmEvent? Event, IReadOnlyList<string> Errors) ReadSample(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, ["Write a sample event to test against."]);
        }
        var (parsed, problem) = StorableJson.Parse(json);
        if (problem is { Syntax: true, Exception: var ex })
        {
            // The parser's own message is for programmers ("'}' is invalid after a value... LineNumber: 0 | ..."): say where.
            return (null, [$"The sample is not valid JSON: check line {(ex?.LineNumber ?? 0) + 1} near character {(ex?.BytePositionInLine ?? 0) + 1} for a missing quote, comma or brace."]);
        }
        if (problem is not null)
        {
            return (null, [$"The sample cannot be used: {problem.Detail}."]);
        }
        JsonObject? sample;
        using (parsed)
        {
            sample = parsed!.RootElement.ValueKind == JsonValueKind.Object ? JsonObject.Create(parsed.RootElement.Clone()) : null;
        }
        if (sample is null)
        {
            return (null, ["The sample must be a JSON object, written like an event sent to POST /api/crm/events."]);
        }
        // A test never collides with a stored event, so the outcome is never "duplicate".
        sample["id"] = $"rule-test-{Guid.NewGuid():N}";
        sample["occurredAt"] ??= time.GetUtcNow().ToString("O");
        using var document = JsonDocument.Parse(sample.ToJsonString());
        var (events, errors) = NativeEventReader.Read(document.RootElement, maxEvents: 1, validate: false);
        return errors.Count > 0 ? (null, errors) : (events[0], []);
    }
}

/// <param name="Contacts">Names of the existing contacts the outcome mentions.</param>
internal sealed record RuleTestResult(
    IReadOnlyList<string> Errors,
    CrmEvent? Sample,
    bool Triggered,
    RuleApplication? Application,
    IngestResult? Outcome,
    IReadOnlyDictionary<long, string> Contacts)
{
    public static RuleTestResult Invalid(IReadOnlyList<string> errors) => new(errors, null, false, null, null, new Dictionary<long, string>());

    public string ContactName(long id) => Contacts.TryGetValue(id, out var name) ? name : $"Contact #{id}";
}
