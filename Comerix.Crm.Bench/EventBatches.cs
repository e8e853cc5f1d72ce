using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Bench;

internal static class EventBatches
{
    /// <summary>The stream in lists of <paramref name="size"/>, each made only when the previous one is done with.</summary>
    public static IEnumerable<IReadOnlyList<CrmEvent>> Of(IEnumerable<CrmEvent> stream, int size)
    {
        var batch = new List<CrmEvent>(size);
        foreach (var e in stream)
        {
            batch.Add(e);
            if (batch.Count == size)
            {
                yield return batch;
                batch = new List<CrmEvent>(size);
            }
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
