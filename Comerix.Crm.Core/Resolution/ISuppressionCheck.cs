namespace Comerix.Crm.Resolution;

/// <summary>
/// The engine's question to the tenant's suppression list (people who were erased and asked not to be re-created).
/// Asked inside the transaction that would store the events, after <see cref="IIdentityUnitOfWork.PrepareAsync"/>:
/// the module's <c>Erasure.SuppressionList</c> explains why that order matters.
/// </summary>
public interface ISuppressionCheck
{
    /// <summary>
    /// A test for "is this (type, normalised value) suppressed?" as <paramref name="uow"/>'s transaction sees the
    /// list now; null when the list is empty.
    /// </summary>
    ValueTask<Func<string, string, bool>?> InTransactionAsync(IIdentityUnitOfWork uow);
}
