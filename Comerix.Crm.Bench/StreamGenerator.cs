using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Bench;

/// <summary>
/// A realistic site's event stream, deterministic for a seed: mostly anonymous telemetry from returning
/// visitors, forms that bring emails, chats, and conversions with verified customer ids. About one event in
/// five introduces a new person. Returning people are drawn with a bias to the recently active. Event ids are
/// random version-4 UUIDs, as real message ids are, so the event-id unique index is written at random places
/// (sequential ids made it append-only and flattered the engine).
/// </summary>
internal sealed class StreamGenerator(int seed)
{
    private sealed class Person(int index)
    {
        public int Index { get; } = index;
        public int Devices { get; set; } = 1;
        public bool HasEmail { get; set; }
        public bool IsCustomer { get; set; }
        public int Chats { get; set; }
    }

    private readonly Random _random = new(seed);
    // Ids come from their own generator, so the people and claims drawn for a seed are the same as before ids were random.
    private readonly Random _ids = new(unchecked(seed * 31 + 7));
    private readonly List<Person> _people = [];
    private readonly DateTimeOffset _start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public IEnumerable<CrmEvent> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var person = _people.Count == 0 || _random.NextDouble() < 0.2 ? NewPerson() : ReturningPerson();
            yield return NextEvent(i, person);
        }
    }

    private Person NewPerson()
    {
        var person = new Person(_people.Count);
        _people.Add(person);
        return person;
    }

    private Person ReturningPerson()
    {
        // Half the returns come from the most recent 5% of people (today's visitors), half from anyone.
        var recent = Math.Max(1, _people.Count / 20);
        var index = _random.NextDouble() < 0.5 ? _people.Count - 1 - _random.Next(recent) : _random.Next(_people.Count);
        return _people[index];
    }

    private CrmEvent NextEvent(int i, Person p)
    {
        var at = _start.AddSeconds(i * 2 + _random.Next(0, 120));
        if (_random.NextDouble() < 0.03)
        {
            p.Devices++; // a new browser or phone: a visitor id the graph has never seen
        }
        var visitor = new IdentityClaim(IdentifierTypes.VisitorId, $"v{p.Index}-{_random.Next(p.Devices)}");
        var roll = _random.NextDouble();
        if (roll < 0.62)
        {
            return Event("telemetry", at, [visitor], payload: $$"""{"page":"/products/{{i % 500}}"}""");
        }
        if (roll < 0.77)
        {
            p.HasEmail = true;
            var form = Event("form", at, [visitor, Email(p, verified: false)], payload: """{"form":"contact"}""");
            return form with
            {
                Traits = new Dictionary<string, string> { ["name"] = $"Person {p.Index}", ["company"] = $"Company {p.Index % 997}" },
                Record = new SourceRecordRef("form_submission", $"sub-{i}"),
            };
        }
        if (roll < 0.92)
        {
            p.Chats++;
            List<IdentityClaim> claims = [visitor, new(IdentifierTypes.ConversationId, $"conv-{p.Index}-{p.Chats}")];
            if (p.HasEmail && _random.NextDouble() < 0.3)
            {
                claims.Add(Email(p, verified: false));
            }
            return Event("conversation", at, claims, payload: null) with { Record = new SourceRecordRef("conversation", $"conv-{p.Index}-{p.Chats}") };
        }
        p.HasEmail = p.IsCustomer = true;
        return Event("conversion", at,
            [visitor, Email(p, verified: true), new(IdentifierTypes.CustomerId, $"cust-{p.Index}", true)],
            payload: """{"order":"web"}""") with
        {
            Conversion = new ConversionValue(10 + i % 190, "EUR"),
            Record = new SourceRecordRef("order", $"order-{i}"),
        };
    }

    private static IdentityClaim Email(Person p, bool verified) => new(IdentifierTypes.Email, $"person{p.Index}@example.com", verified);

    private CrmEvent Event(string type, DateTimeOffset at, IReadOnlyList<IdentityClaim> claims, string? payload) =>
        new() { Id = NextEventId(), Type = type, OccurredAt = at, Claims = claims, PayloadJson = payload };

    /// <summary>A version-4 UUID (RFC 9562) from the seeded generator: random, yet the same stream for the same seed.</summary>
    private string NextEventId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _ids.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
