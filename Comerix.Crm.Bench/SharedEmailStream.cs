using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Bench;

/// <summary>
/// The contention stream of the concurrency tests: every event brings a new visitor and one of a few shared,
/// brand-new emails; one in ten also names that email's partner (2k and 2k+1, a verified order), forcing merges
/// while other writers attach. Deterministic for a seed, so separate processes can each take their share.
/// </summary>
internal static class SharedEmailStream
{
    public static IReadOnlyList<CrmEvent> Create(int events, int emails, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, events).Select(i =>
        {
            var email = random.Next(emails);
            var claims = new List<IdentityClaim> { new(IdentifierTypes.VisitorId, $"visitor-{i}"), Email(email) };
            if (i % 10 == 0)
            {
                claims.Add(Email(email ^ 1));
            }
            return new CrmEvent { Id = $"evt-{i}", Type = "form", OccurredAt = start.AddSeconds(i), Claims = claims };
        }).ToList();
    }

    private static IdentityClaim Email(int n) => new(IdentifierTypes.Email, $"shared-{n}@example.com", Verified: true);
}
