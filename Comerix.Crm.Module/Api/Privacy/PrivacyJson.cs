namespace Comerix.Crm.Api.Privacy;

/// <summary>
/// An erasure request: the person, named by an identifier (<see cref="Type"/> and <see cref="Value"/>) or by
/// <see cref="ContactId"/>, one or the other.
/// </summary>
/// <param name="Type">An identifier type: email, phone, customer_id, external_ref, conversation_id, visitor_id.</param>
/// <param name="Value">Its value as the sender knows it (normalised as events are); a number is taken as its digits.</param>
/// <param name="ContactId">The contact's id instead of an identifier; a merged-away id erases its survivor (the same person).</param>
/// <param name="Suppress">"Never re-create": the person's identifiers go on the suppression list (as keyed hashes), so
/// later events carrying them store nothing. False when absent.</param>
internal sealed record ErasureRequestJson(string? Type, string? Value, long? ContactId, bool? Suppress);

/// <summary>
/// An erasure request and how far it got. <see cref="Status"/> is <c>partial</c> until every personal-data eraser has
/// run and the database files hold no copy (<see cref="Pending"/> names what is left; it is retried automatically),
/// then <c>completed</c>. Counts only, never a value.
/// </summary>
/// <param name="RequestId">The request's id, which is the erased contact's id (one request per contact): GET /api/crm/erasure/{requestId}.</param>
/// <param name="Counts">What was removed, by kind ("activities": 12, "conversations": 1).</param>
/// <param name="Pending">The places not yet done (eraser names, "database scrub"); empty once completed.</param>
internal sealed record ErasureStatusJson(
    long RequestId, long ContactId, string Status, bool Suppress, DateTime RequestedAt, DateTime? CompletedAt, int Attempts,
    IReadOnlyDictionary<string, int> Counts, IReadOnlyList<string> Pending);
