namespace Comerix.Crm;

/// <summary>
/// What the closed states share: each enum (<see cref="Contacts.ContactState"/>, <see cref="Matching.MergeReviewStatus"/>,
/// <see cref="Erasure.ErasureStatus"/>, <see cref="Import.ImportStatus"/>, <see cref="Webhooks.WebhookDeliveryStatus"/>,
/// <see cref="Webhooks.WebhookEndpointState"/>) has a <c>ToCode()</c>/<c>FromCode()</c> pair beside it giving the word
/// stored in the database, sent in JSON and shown on pages ("live", "pending"). The codes are written out, not derived
/// from the member names, so renaming a member cannot change what rows already hold.
/// </summary>
internal static class StateCodes
{
    /// <summary>A stored code this version does not know: a row written by something else, or a code renamed without a migration.</summary>
    public static InvalidDataException Unknown(string kind, string? code, params string[] known) =>
        new($"Unknown {kind} \"{code}\" read from storage; the known codes are {string.Join(", ", known)}.");

    /// <summary>An enum value outside its declared members (a cast from a number): it has no code to store.</summary>
    public static ArgumentOutOfRangeException NotAState<TState>(TState state) where TState : struct, Enum =>
        new(nameof(state), state, $"{state} is not a {typeof(TState).Name}.");
}
