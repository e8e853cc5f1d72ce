namespace Comerix.Crm.Webhooks;

/// <summary>Wakes the delivery worker when a commit wrote deliveries, so they go out at once rather than at the next poll.</summary>
internal sealed class WebhookDeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>The container disposes the singleton when the host stops.</summary>
    public void Dispose() => _signal.Dispose();

    public void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        WaitCoreAsync(timeout, time, cancellationToken);

    private async Task<bool> WaitCoreAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _signal.WaitAsync(stop.Token);
        var slept = Task.Delay(timeout, time, stop.Token);
        var first = await Task.WhenAny(woken, slept);
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(woken, slept);
        }
        catch (OperationCanceledException)
        {
            // The other one, cancelled; or the host is stopping (rethrown below).
        }
        cancellationToken.ThrowIfCancellationRequested();
        return first == woken && woken.IsCompletedSuccessfully;
    }
}
