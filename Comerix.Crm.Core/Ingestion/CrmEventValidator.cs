using System.Text.Json;
using Comerix.Crm.Text;
using Comerix.Crm.Activity;
using Comerix.Crm.Contacts;
using Comerix.Crm.Identity;

namespace Comerix.Crm.Ingestion;

/// <summary>Checks an event before the engine touches the store, so bad input changes nothing.</summary>
internal static class CrmEventValidator
{
    public const int MaxEventIdLength = 200;
    public const int MaxNameLength = 200;
    public const int MaxClaims = 50;
    public const int MaxTraits = 100;
    public const int MaxTraitKeyLength = 100;
    public const int MaxTraitValueLength = 2000;
    public const int MaxPayloadLength = 64 * 1024;

    /// <summary>Every problem of a batch, each prefixed with its event's index (no prefix for a batch of one).</summary>
    public static IReadOnlyList<string> ValidateBatch(IReadOnlyList<CrmEvent?> events)
    {
        var errors = new List<string>();
        for (var i = 0; i < events.Count; i++)
        {
            foreach (var error in Validate(events[i]))
            {
                errors.Add(events.Count == 1 ? error : $"events[{i}]: {error}");
            }
        }
        return errors;
    }

    public static IReadOnlyList<string> Validate(CrmEvent? evt)
    {
        if (evt is null)
        {
            return ["the event is null"];
        }
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(evt.Id))
        {
            errors.Add("id is required");
        }
        else if (evt.Id.Length > MaxEventIdLength)
        {
            errors.Add($"id is longer than {MaxEventIdLength} characters");
        }
        if (!ActivityTypes.IsValidName(evt.Type))
        {
            errors.Add($"type '{evt.Type}' is not valid: use lower-case letters, digits, '_', '.', ':' or '-' (e.g. 'form')");
        }
        else if (evt.Type == ActivityTypes.Merge)
        {
            errors.Add("type 'merge' is reserved for merges the engine records itself");
        }
        else if (ActivityTypes.IsTeamChange(evt.Type!))
        {
            errors.Add($"type '{evt.Type}' is reserved: types starting with '{ActivityTypes.TeamChangePrefix}' are the changes the team makes in the directory");
        }
        if (evt.Name is { Length: > MaxNameLength })
        {
            errors.Add($"name is longer than {MaxNameLength} characters");
        }
        if (evt.OccurredAt == default)
        {
            errors.Add("occurredAt is required");
        }
        if (evt.Source is not null && ContactSources.Canonical(evt.Source) is null)
        {
            errors.Add($"source '{evt.Source}' is unknown; expected one of {string.Join(", ", ContactSources.All)}");
        }
        ValidateClaims(evt, errors);
        ValidateTraits(evt, errors);
        ValidateFields(evt, errors);
        ValidateExtras(evt, errors);
        ValidateText(evt, errors);
        return errors;
    }

    /// <summary>
    /// Text the databases cannot store: PostgreSQL refuses NUL in text, and an unpaired UTF-16 surrogate has no
    /// UTF-8 form. Refused here, by name, rather than failing deep in a write.
    /// </summary>
    private static void ValidateText(CrmEvent evt, List<string> errors)
    {
        void Check(string field, string? value)
        {
            if (value is not null && StorableText.Problem(value) is { } problem)
            {
                errors.Add($"{field} {problem}");
            }
        }
        Check("id", evt.Id);
        Check("name", evt.Name);
        Check("source", evt.Source);
        for (var i = 0; i < (evt.Claims?.Count ?? 0); i++)
        {
            Check($"claims[{i}].value", evt.Claims![i]?.Value);
        }
        foreach (var (key, value) in evt.Traits ?? new Dictionary<string, string>())
        {
            Check($"trait name '{key.Replace("\0", "")}'", key);
            Check($"traits.{key.Replace("\0", "")}", value);
        }
        Check("record.kind", evt.Record?.Kind);
        Check("record.id", evt.Record?.Id);
        Check("conversion.currency", evt.Conversion?.Currency);
        if (evt.PayloadJson is not null && PayloadTextProblem(evt.PayloadJson) is { } payload)
        {
            errors.Add($"{payload}, which cannot be stored");
        }
    }

    /// <summary>
    /// The payload is kept as JSON text, so its escapes are checked too: <c>"\ud800"</c> is plain ASCII until read,
    /// and a row holding it would fail every page and API answer that reads it back.
    /// </summary>
    private static string? PayloadTextProblem(string json)
    {
        if (StorableText.Problem(json) is { } raw)
        {
            return $"payload {raw}";
        }
        if (!json.Contains("\\u", StringComparison.Ordinal))
        {
            return null; // only an escape can spell one once the raw text passed
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            return StorableJson.Problem(document.RootElement, "payload");
        }
        catch (JsonException)
        {
            return null; // not JSON: said by ValidateExtras
        }
    }

    private static void ValidateClaims(CrmEvent evt, List<string> errors)
    {
        if (evt.Claims is null)
        {
            errors.Add("claims must be a list (it may be empty)");
            return;
        }
        if (evt.Claims.Count == 0 && evt.ContactId is null)
        {
            errors.Add("an event needs at least one identifier claim or a contactId");
        }
        if (evt.Claims.Count > MaxClaims)
        {
            errors.Add($"an event may carry at most {MaxClaims} claims");
        }
        for (var i = 0; i < evt.Claims.Count; i++)
        {
            var claim = evt.Claims[i];
            if (claim is null)
            {
                errors.Add($"claims[{i}] is null");
            }
            else if (!IdentifierTypes.IsKnown(claim.Type))
            {
                errors.Add($"claims[{i}].type '{claim.Type}' is unknown; expected one of {string.Join(", ", IdentifierTypes.All)}");
            }
            else if (claim.Value is null)
            {
                errors.Add($"claims[{i}].value is required");
            }
        }
    }

    private static void ValidateTraits(CrmEvent evt, List<string> errors)
    {
        if (evt.Traits is null)
        {
            return;
        }
        if (evt.Traits.Count > MaxTraits)
        {
            errors.Add($"an event may carry at most {MaxTraits} traits");
        }
        foreach (var (key, value) in evt.Traits)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > MaxTraitKeyLength)
            {
                errors.Add($"trait names must be 1 to {MaxTraitKeyLength} characters");
            }
            else if (value is not null && value.Length > MaxTraitValueLength)
            {
                errors.Add($"trait '{key}' is longer than {MaxTraitValueLength} characters");
            }
        }
    }

    public const int MaxFields = 100;
    public const int MaxFieldValueLength = 2_000;

    /// <summary>The shape of contact field values; whether each is a field, and a value of it, the directory checks.</summary>
    private static void ValidateFields(CrmEvent evt, List<string> errors)
    {
        if (evt.Fields is null)
        {
            return;
        }
        if (evt.Fields.Count > MaxFields)
        {
            errors.Add($"an event may carry at most {MaxFields} contact fields");
        }
        foreach (var (key, values) in evt.Fields)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > MaxTraitKeyLength)
            {
                errors.Add($"field keys must be 1 to {MaxTraitKeyLength} characters");
            }
            else if (values.Count > MaxFields || values.Any(v => v is null || v.Length > MaxFieldValueLength))
            {
                errors.Add($"fields.{key} holds more than {MaxFields} values, a null, or a value longer than {MaxFieldValueLength} characters");
            }
            else if (values.Select(StorableText.Problem).FirstOrDefault(p => p is not null) is { } problem)
            {
                errors.Add($"fields.{key} {problem}");
            }
        }
    }

    private static void ValidateExtras(CrmEvent evt, List<string> errors)
    {
        if (evt.Record is { } record && (string.IsNullOrWhiteSpace(record.Kind) || string.IsNullOrWhiteSpace(record.Id)
            || record.Kind.Length > 64 || record.Id.Length > 200))
        {
            errors.Add("record needs a kind (at most 64 characters) and an id (at most 200 characters)");
        }
        if (evt.Conversion is { } conversion)
        {
            if (conversion.Currency is null || conversion.Currency.Length != 3 || !conversion.Currency.All(char.IsAsciiLetter))
            {
                errors.Add("conversion.currency must be a three-letter ISO 4217 code");
            }
            if (Math.Abs(conversion.Value) > 1_000_000_000_000m)
            {
                errors.Add("conversion.value is out of range");
            }
        }
        if (evt.PayloadJson is not null)
        {
            if (evt.PayloadJson.Length > MaxPayloadLength)
            {
                errors.Add($"payload is larger than {MaxPayloadLength / 1024} KB");
            }
            else if (!IsJsonObject(evt.PayloadJson))
            {
                errors.Add("payload must be a JSON object");
            }
        }
        if (evt.ContactId is <= 0)
        {
            errors.Add("contactId must be a positive id");
        }
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
