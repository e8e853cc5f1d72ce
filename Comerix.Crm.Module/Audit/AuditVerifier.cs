using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Audit;

/// <summary>
/// Walks a tenant's audit log from the first entry and says where the chain first breaks: a sequence gap (an
/// entry removed), an entry whose content no longer matches its hash (changed, swapped or forged without the
/// key), an entry that does not follow the one before (inserted or reordered), a head that names a later
/// entry than the log holds (the end cut off), or a checkpoint the log no longer contains.
/// </summary>
internal sealed class AuditVerifier(CrmDbContext db, AuditSigner signer) : IAuditVerifier
{
    public async Task<AuditVerification> VerifyAsync(string tenantId, AuditCheckpoint? checkpoint = null, CancellationToken cancellationToken = default)
    {
        long expected = 1;
        var previous = "";
        var legacy = 0;
        var checkpointSeen = false;
        await foreach (var entry in db.InTenant(tenantId).AuditEntries.AsNoTracking()
                           .OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.Sequence != expected)
            {
                return AuditVerification.Broken(expected, entry.Sequence > expected
                    ? $"entry {expected} is missing: the log jumps from {expected - 1} to {entry.Sequence}"
                    : $"entry {entry.Sequence} appears twice");
            }
            if (entry.Hash.Length == 0)
            {
                // Written before the log was chained: allowed only before the first chained entry.
                if (previous.Length > 0)
                {
                    return AuditVerification.Broken(entry.Sequence, $"entry {entry.Sequence} has no hash inside the chained log");
                }
                legacy++;
            }
            else
            {
                if (entry.PreviousHash != previous)
                {
                    return AuditVerification.Broken(entry.Sequence,
                        $"entry {entry.Sequence} does not follow entry {entry.Sequence - 1}: it names another previous hash");
                }
                if (!string.Equals(signer.Hash(entry.TenantId, entry.Sequence, entry.At, entry.Actor, entry.Action, entry.DetailsJson, entry.PreviousHash), entry.Hash, StringComparison.Ordinal))
                {
                    return AuditVerification.Broken(entry.Sequence,
                        $"entry {entry.Sequence} does not match its hash: it was changed after it was written, or forged");
                }
                previous = entry.Hash;
            }
            if (checkpoint is { } c && c.Sequence == entry.Sequence)
            {
                if (entry.Hash != c.Hash)
                {
                    return AuditVerification.Broken(entry.Sequence, $"entry {entry.Sequence} is not the one the checkpoint recorded");
                }
                checkpointSeen = true;
            }
            expected++;
        }
        var count = expected - 1;
        if (checkpoint is { } cp && !checkpointSeen)
        {
            return AuditVerification.Broken(count + 1, $"the checkpoint recorded {cp.Sequence} entries; the log now has {count}: entries were cut off");
        }
        var head = await db.AuditHeads.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (head is not null && (head.LastSequence != count || head.LastHash != previous))
        {
            return AuditVerification.Broken(Math.Min(head.LastSequence, count) + 1,
                head.LastSequence > count
                    ? $"the log ends at entry {count} but its head names entry {head.LastSequence}: entries were cut off"
                    : $"the head names entry {head.LastSequence} with another hash than the log's last entry {count}");
        }
        return new AuditVerification(true, count, previous, null, null, legacy);
    }
}

/// <param name="Count">Entries read.</param>
/// <param name="HeadHash">The last entry's hash: with <see cref="Count"/>, what a checkpoint records.</param>
/// <param name="BrokenAt">The sequence number where the chain first breaks.</param>
/// <param name="Unchained">Entries from before the log was chained (they lead the log, without hashes).</param>
public sealed record AuditVerification(bool Ok, long Count, string HeadHash, long? BrokenAt, string? Problem, int Unchained = 0)
{
    public static AuditVerification Broken(long at, string problem) => new(false, 0, "", at, problem);
}

/// <summary>"The log had <see cref="Sequence"/> entries and the last one's hash was <see cref="Hash"/>", written as <c>N:HASH</c>.</summary>
public sealed record AuditCheckpoint(long Sequence, string Hash)
{
    public override string ToString() => $"{Sequence}:{Hash}";

    public static AuditCheckpoint? Parse(string? text)
    {
        var parts = text?.Split(':');
        return parts is { Length: 2 } && long.TryParse(parts[0], out var sequence) && sequence > 0 && parts[1].Length == 64
            ? new AuditCheckpoint(sequence, parts[1].ToLowerInvariant())
            : null;
    }
}
