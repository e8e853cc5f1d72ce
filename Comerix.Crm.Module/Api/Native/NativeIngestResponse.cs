namespace Comerix.Crm.Api.Native;

/// <summary>The answer: one result per event, in the order sent.</summary>
internal sealed record NativeIngestResponse(int Accepted, IReadOnlyList<NativeEventResult> Events);

/// <param name="Outcome">created, attached, merged, queued_for_review, unattributed, or duplicate for a retry of a stored event.</param>
internal sealed record NativeEventResult(string Id, string Outcome, long? ContactId, IReadOnlyList<NativeDroppedClaim> DroppedClaims);

/// <summary>A claim that did not become an identifier, and why (junk, invalid, over_limit). The value is never echoed.</summary>
internal sealed record NativeDroppedClaim(string Type, string Reason, string Detail);
