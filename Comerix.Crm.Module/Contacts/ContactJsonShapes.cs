using System.Text.Json;

namespace Comerix.Crm.Contacts;

// The shapes of what a contact holds, as the read API, webhooks and a person's data export show them. They live with
// the contacts rather than the API because the export (Erasure) shows them too, and Erasure must not depend on the
// API that calls it.

public sealed record IdentifierJson(string Type, string Value, bool Verified, DateTime FirstSeen);

public sealed record DoNotContactJson(string Reason, DateTime Since);

public sealed record ActivityJson(
    long Id, string EventId, string Type, DateTime OccurredAt, DateTime ReceivedAt, string? Source,
    RecordJson? Record, ConversionJson? Conversion, JsonElement? Payload);

public sealed record RecordJson(string Kind, string Id);

public sealed record ConversionJson(decimal Value, string Currency);
