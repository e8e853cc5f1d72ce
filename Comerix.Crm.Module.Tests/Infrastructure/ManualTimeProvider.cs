namespace Comerix.Crm.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, so "now" in merge activities and audit entries is predictable.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
