namespace Comerix.Crm.Ingestion;

/// <summary>Bad input: nothing was written. <see cref="Errors"/> name each problem, prefixed with the event's index in a batch.</summary>
internal sealed class CrmValidationException(IReadOnlyList<string> errors)
    : ArgumentException("The input was rejected and nothing was stored: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
