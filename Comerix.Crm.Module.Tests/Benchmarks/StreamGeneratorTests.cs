using Comerix.Crm.Bench;

namespace Comerix.Crm.Tests.Benchmarks;

/// <summary>
/// The ingest benchmark's stream must not flatter the engine: ids spread over the event-id index as real message ids
/// do, yet every run, and the benchmark's second pass over the stream, sees the same events.
/// </summary>
public sealed class StreamGeneratorTests
{
    [Fact]
    public void EventIdsAreDistinctRandomVersion4UuidsTheSameForTheSameSeed()
    {
        var ids = new StreamGenerator(seed: 42).Generate(10_000).Select(e => e.Id).ToList();

        Assert.Equal(ids, new StreamGenerator(seed: 42).Generate(10_000).Select(e => e.Id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(4, Guid.Parse(id).Version));
        // Random, not counting up: about half of consecutive pairs are out of order.
        var descending = ids.Zip(ids.Skip(1)).Count(pair => string.CompareOrdinal(pair.First, pair.Second) > 0);
        Assert.InRange(descending, 4_000, 6_000);
    }

    [Fact]
    public void ALongerStreamBeginsWithTheShorterOne()
    {
        // The latency phase continues the stream after the events the maximum-rate run ingested.
        var shorter = new StreamGenerator(seed: 42).Generate(1_000).ToList();
        var longer = new StreamGenerator(seed: 42).Generate(1_500).ToList();

        Assert.Equal(shorter.Select(e => (e.Id, e.Type, e.OccurredAt)), longer.Take(1_000).Select(e => (e.Id, e.Type, e.OccurredAt)));
        Assert.DoesNotContain(longer.Skip(1_000), e => shorter.Any(s => s.Id == e.Id));
    }
}
