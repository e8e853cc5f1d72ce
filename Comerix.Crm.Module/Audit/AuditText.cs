using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Comerix.Crm.Audit;

/// <summary>The audit log in words: what an action code means, and its details as labelled facts.</summary>
internal static class AuditText
{
    /// <param name="ReviewId">Set for a merge review item's id, so the page can link to the review.</param>
    /// <param name="MergeId">A merge's id (its record and timeline row): the page offers to undo it.</param>
    public sealed record Fact(string Label, string Value, long? ContactId, long? ReviewId = null, long? MergeId = null);

    /// <summary>Every action code the log records (<see cref="AuditActions"/>), for the page's filter.</summary>
    public static IReadOnlyList<string> KnownActions { get; } = typeof(AuditActions)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    public static string Action(string action) => action switch
    {
        AuditActions.ContactMerged => "Contacts merged",
        AuditActions.ContactUnmerged => "Merge undone",
        AuditActions.DuplicateDismissed => "Duplicate dismissed: not one person",
        AuditActions.DuplicateTraitsChanged => "Duplicate-finding traits changed",
        AuditActions.ReviewApproved => "Merge review approved (contacts merged)",
        AuditActions.ReviewRejected => "Merge review rejected",
        AuditActions.ContactCreated => "Customer added",
        AuditActions.ContactUpdated => "Profile edited",
        AuditActions.ContactTagged => "Tag added",
        AuditActions.ContactUntagged => "Tag removed",
        AuditActions.ContactsBulkTagged => "Tag added to many contacts",
        AuditActions.ContactsBulkUntagged => "Tag removed from many contacts",
        AuditActions.ViewSaved => "Contacts view saved",
        AuditActions.ViewDeleted => "Contacts view deleted",
        AuditActions.SegmentSaved => "Segment saved",
        AuditActions.IdentifierDetached => "Identifier detached",
        AuditActions.IdentifierEdited => "Email or phone changed",
        AuditActions.SegmentDeleted => "Segment deleted",
        AuditActions.DoNotContactSet => "Marked do not contact",
        AuditActions.DoNotContactLifted => "Contact allowed again",
        AuditActions.NoteAdded => "Note added",
        AuditActions.ContactsExported => "Contacts exported (CSV)",
        AuditActions.ImportStarted => "Import started",
        AuditActions.ImportCompleted => "Import completed",
        AuditActions.ContactErased => "Contact erased (Delete & forget)",
        AuditActions.ContactErasurePartial => "Erasure incomplete, will be retried",
        AuditActions.IdentifierSuppressed => "Identifier suppressed (no contact held it)",
        AuditActions.ContactDataExported => "Personal data exported (one person)",
        AuditActions.RuleCreated => "Identity rule created",
        AuditActions.RuleUpdated => "Identity rule changed",
        AuditActions.RuleDeleted => "Identity rule deleted",
        AuditActions.ApiKeyCreated => "API key created",
        AuditActions.ApiKeyRevoked => "API key revoked",
        AuditActions.WebhookCreated => "Webhook endpoint added",
        AuditActions.WebhookDeleted => "Webhook endpoint deleted",
        AuditActions.WebhookSecretRotated => "Webhook signing secret rotated",
        AuditActions.FieldCreated => "Contact field added",
        AuditActions.FieldChanged => "Contact field changed",
        AuditActions.FieldDeleted => "Contact field deleted (with its values)",
        AuditActions.ContactFieldsChanged => "Contact's field values changed",
        _ => action,
    };

    /// <summary>Each top-level detail as "Label: value"; contact ids are marked so the page can link them.</summary>
    public static IReadOnlyList<Fact> Details(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [new Fact("Details", json, null)];
            }
            return document.RootElement.EnumerateObject().Select(p => new Fact(
                Label(p.Name),
                Value(p.Value),
                IsContactId(p.Name) && p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var id) ? id : null,
                p.Name == "reviewId" && p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var review) ? review : null,
                p.Name == "mergeId" && p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var merge) ? merge : null)).ToList();
        }
        catch (JsonException)
        {
            return [new Fact("Details", json, null)];
        }
    }

    private static bool IsContactId(string name) =>
        name is "contactId" or "survivorId" or "mergedId" or "mergedContactId" or "restoredId";

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.TryGetInt64(out var n) ? n.ToString("N0", CultureInfo.InvariantCulture) : value.GetRawText(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Null => "—",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Value)),
        _ => string.Join(", ", value.EnumerateObject().Select(p => $"{Label(p.Name).ToLowerInvariant()} {Value(p.Value)}")),
    };

    /// <summary>"identifiersMoved" → "Identifiers moved", "Name" → "Name".</summary>
    private static string Label(string name)
    {
        var label = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && label.Length > 0)
            {
                label.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                label.Append(label.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }
        return label.ToString();
    }
}
