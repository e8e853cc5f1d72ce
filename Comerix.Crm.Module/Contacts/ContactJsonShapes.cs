using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Text;

namespace Comerix.Crm.Contacts;

// The shapes of what a contact holds, as the read API, webhooks and a person's data export show them. They live with
// the contacts rather than the API because the export (Erasure) shows them too, and Erasure must not depend on the
// API that calls it.

internal sealed record IdentifierJson(string Type, string Value, bool Verified, DateTime FirstSeen);

internal sealed record DoNotContactJson(string Reason, DateTime Since);

internal sealed record ActivityJson(
    long Id, string EventId, string Type, DateTime OccurredAt, DateTime ReceivedAt, string? Source,
    RecordJson? Record, ConversionJson? Conversion, JsonElement? Payload)
{
    internal static ActivityJson From(ContactActivity a) => new(
        a.Id, a.EventId, a.Type, Utc(a.OccurredAt), Utc(a.ReceivedAt), a.Source,
        a.RecordKind is not null && a.RecordId is not null ? new RecordJson(a.RecordKind, a.RecordId) : null,
        a.ConversionValue is { } value && a.Currency is not null ? new ConversionJson(value, a.Currency) : null,
        // Readable: a row stored before such text was refused holds an escaped lone surrogate, which must not fail the answer.
        a.PayloadJson is null ? null : StorableJson.Readable(a.PayloadJson));

    /// <summary>Stored times are UTC; say so on the wire ("Z").</summary>
    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);
}

internal sealed record RecordJson(string Kind, string Id);

internal sealed record ConversionJson(decimal Value, string Currency);
