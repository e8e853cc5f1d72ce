using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;
using FsCheck;
using FsCheck.Fluent;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// Random event streams about a handful of people. People never share an identifier, so the true answer is
/// known: an event only ever names identifiers of one person. Each person has at most one customer id, two
/// emails and one phone, inside the default per-type limits, so a verified tie is always allowed to merge.
/// </summary>
public sealed record GeneratedStream(IReadOnlyList<CrmEvent> Events, IReadOnlyList<int> BatchSizes)
{
    public override string ToString() => string.Join(" ", Events.Select(e =>
        $"{e.Id}@{e.OccurredAt:HH:mm}[{string.Join(",", e.Claims.Select(c => $"{c.Type}={c.Value}{(c.Verified ? "!" : "")}"))}]"))
        + $" batches={string.Join(",", BatchSizes)}";

    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    /// <param name="verified">null: each claim verified or not at random; true/false: all claims so.</param>
    /// <param name="oneIdentifyingValue">Each person has at most one email or phone, so no tie can join two identified contacts.</param>
    public static Gen<GeneratedStream> Create(bool? verified, bool oneIdentifyingValue = false) =>
        from peopleCount in Gen.Choose(1, 6)
        from people in Gen.CollectToArray(Enumerable.Range(0, peopleCount), p => PersonGen(p, oneIdentifyingValue))
        from eventCount in Gen.Choose(1, 25)
        from events in Gen.ListOf(EventGen(people, verified), eventCount)
        from arrival in Gen.Shuffle(events.Select((e, i) => e with { Id = $"e{i}" }).ToArray())
        from batches in Gen.ListOf(Gen.Choose(1, 8), eventCount)
        select new GeneratedStream(arrival, batches.ToArray());

    private static Gen<IdentityClaim[]> PersonGen(int person, bool oneIdentifyingValue) =>
        from hasCustomerId in Gen.Elements(true, false)
        from emails in Gen.Choose(0, oneIdentifyingValue ? 1 : 2)
        from phones in Gen.Choose(0, oneIdentifyingValue ? 1 - emails : 1)
        from visitors in Gen.Choose(1, 3)
        from conversations in Gen.Choose(0, 1)
        from hasExternal in Gen.Elements(true, false, false)
        select Identifiers(person, hasCustomerId, emails, phones, visitors, conversations, hasExternal);

    private static IdentityClaim[] Identifiers(int p, bool customerId, int emails, int phones, int visitors, int conversations, bool external)
    {
        var ids = new List<IdentityClaim>();
        if (customerId)
        {
            ids.Add(new(IdentifierTypes.CustomerId, $"cust-{p}"));
        }
        for (var i = 0; i < emails; i++)
        {
            ids.Add(new(IdentifierTypes.Email, $"p{p}.e{i}@example.com"));
        }
        for (var i = 0; i < phones; i++)
        {
            ids.Add(new(IdentifierTypes.Phone, $"+1415555{1000 + p * 10 + i}"));
        }
        for (var i = 0; i < visitors; i++)
        {
            ids.Add(new(IdentifierTypes.VisitorId, $"p{p}-v{i}"));
        }
        for (var i = 0; i < conversations; i++)
        {
            ids.Add(new(IdentifierTypes.ConversationId, $"p{p}-c{i}"));
        }
        if (external)
        {
            ids.Add(new(IdentifierTypes.ExternalRef, $"shop:p{p}"));
        }
        return ids.ToArray();
    }

    private static Gen<CrmEvent> EventGen(IdentityClaim[][] people, bool? verified) =>
        from person in Gen.Elements(people)
        from count in Gen.Choose(1, Math.Min(3, person.Length))
        from shuffled in Gen.Shuffle(person)
        from flags in Gen.ListOf(verified is { } v ? Gen.Constant(v) : Gen.Elements(true, false), count)
        from type in Gen.Elements("conversation", "form", "conversion", "telemetry")
        from minute in Gen.Choose(0, 60 * 24 * 30)
        select new CrmEvent
        {
            Id = "",
            Type = type,
            OccurredAt = Start.AddMinutes(minute),
            Claims = shuffled.Take(count).Select((c, i) => c with { Verified = flags[i] }).ToArray(),
        };

    /// <summary>The connected components of the claim graph: identifiers named together by any event are one group.</summary>
    public List<SortedSet<string>> Components()
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x)
            {
                x = parent[x] = parent[parent[x]];
            }
            return x;
        }
        foreach (var evt in Events)
        {
            var keys = evt.Claims.Select(c => $"{c.Type}:{c.Value}").ToArray();
            foreach (var key in keys)
            {
                parent.TryAdd(key, key);
            }
            foreach (var key in keys.Skip(1))
            {
                parent[Find(key)] = Find(keys[0]);
            }
        }
        return parent.Keys.GroupBy(Find)
            .Select(g => new SortedSet<string>(g, StringComparer.Ordinal))
            .OrderBy(s => s.Min, StringComparer.Ordinal)
            .ToList();
    }

    public IEnumerable<IReadOnlyList<CrmEvent>> Batches()
    {
        var next = 0;
        for (var i = 0; next < Events.Count; i++)
        {
            var size = BatchSizes[i % BatchSizes.Count];
            yield return Events.Skip(next).Take(size).ToList();
            next += size;
        }
    }
}
