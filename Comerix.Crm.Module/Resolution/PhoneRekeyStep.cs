using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Admin;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Resolution;

/// <summary>What the phone re-key did in one tenant.</summary>
/// <param name="Unchanged">Keys libphonenumber writes the same way: not touched.</param>
/// <param name="Rekeyed">Keys replaced by libphonenumber's form on the same contact.</param>
/// <param name="Merged">Contacts merged away because their new key was another contact's (the engine's rules said merge).</param>
/// <param name="Queued">Pairs put in the review queue instead (the engine's rules said review).</param>
/// <param name="KeptNotValid">Keys libphonenumber does not call valid (a fictional range, say): left as stored, never deleted.</param>
internal sealed record PhoneRekeyReport(string TenantId, int Unchanged, int Rekeyed, int Merged, int Queued, int KeptNotValid);

/// <summary>
/// One-time step at start-up (issue 16, item 4): phone identifiers keyed by the hand-written normaliser (and external
/// references of phone channels, <c>whatsapp:+...</c>) are re-keyed to libphonenumber's E.164 form. Each change goes through the identity engine in one transaction: the old key is
/// removed and an event on the contact claims the new one, so when the new key already belongs to someone else the
/// engine's own rules decide (merge, or a review item), never an overwrite. Idempotent: a key already in its new form
/// is left alone and each change's event id is fixed, so a second run (or a crash halfway) changes nothing twice.
/// Recorded per tenant in <c>crm_data_steps</c>, so start-up runs it once.
/// </summary>
internal sealed class PhoneRekeyStep(
    CrmDatabase database, AdminTransactions transactions, IdentityResolutionOptions options, TimeProvider time, ILogger<PhoneRekeyStep> logger) : ICrmDataStep
{
    public const string StepName = "phone-keys-libphonenumber-1";
    public const string Actor = "system:phone-rekey";

    /// <summary>
    /// Runs the step for every tenant holding phone identifiers that has not completed it, then records it for the
    /// whole site (tenant ""), so later start-ups do not even look: tenants that come later key phones the new way.
    /// </summary>
    public async Task<IReadOnlyList<PhoneRekeyReport>> RunAsync(CancellationToken cancellationToken)
    {
        List<string> pending;
        await using (var db = database.CreateDbContext())
        {
            if (await db.DataSteps.AnyAsync(s => s.TenantId == "" && s.Step == StepName, cancellationToken))
            {
                return [];
            }
            var tenants = await db.Identifiers.AsNoTracking().Where(i => i.Type == IdentifierTypes.Phone || i.Type == IdentifierTypes.ExternalRef)
                .Select(i => i.TenantId).Distinct().ToListAsync(cancellationToken);
            var done = await db.DataSteps.AsNoTracking().Where(s => s.Step == StepName).Select(s => s.TenantId).ToListAsync(cancellationToken);
            pending = tenants.Except(done, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
        var reports = new List<PhoneRekeyReport>();
        foreach (var tenant in pending)
        {
            reports.Add(await RunForTenantAsync(tenant, cancellationToken));
            await RecordAsync(tenant, cancellationToken);
        }
        await RecordAsync("", cancellationToken);
        return reports;
    }

    async Task ICrmDataStep.RunAsync(CancellationToken cancellationToken)
    {
        foreach (var report in await RunAsync(cancellationToken))
        {
            StorageLog.PhoneKeysRekeyed(logger, report.TenantId, report.Unchanged, report.Rekeyed, report.Merged, report.Queued, report.KeptNotValid);
        }
    }

    /// <summary>Re-keys one tenant's phone identifiers (without recording the step: <see cref="RunAsync"/> does).</summary>
    public async Task<PhoneRekeyReport> RunForTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        // Phone numbers, and the external references whose value is one (whatsapp:+..., sms:+...).
        List<(string Type, string Value, long ContactId, bool Verified)> phones;
        await using (var db = database.CreateDbContext(tenantId))
        {
            phones = (await db.Identifiers.AsNoTracking()
                .Where(i => i.Type == IdentifierTypes.Phone || (i.Type == IdentifierTypes.ExternalRef
                    // ExternalRefNormalizer.PhoneChannels, spelled out so the database filters them
                    && (i.Value.StartsWith("whatsapp:") || i.Value.StartsWith("sms:") || i.Value.StartsWith("viber:")
                        || i.Value.StartsWith("signal:") || i.Value.StartsWith("tel:"))))
                .OrderBy(i => i.ContactId).ThenBy(i => i.Type).ThenBy(i => i.Value)
                .Select(i => new { i.Type, i.Value, i.ContactId, i.Verified })
                .ToListAsync(cancellationToken))
                .Where(i => i.Type == IdentifierTypes.Phone || IsPhoneChannel(i.Value))
                .Select(i => (i.Type, i.Value, i.ContactId, i.Verified)).ToList();
        }

        // Stored keys are E.164 ("+..."), so the region does not change how they are read.
        var normalizer = new IdentifierNormalizer(options.DefaultPhoneRegion);
        int unchanged = 0, rekeyed = 0, merged = 0, queued = 0, notValid = 0;
        foreach (var (type, oldKey, contactId, verified) in phones)
        {
            if (!normalizer.TryNormalize(new IdentityClaim(type, oldKey, verified), out var normalized, out _))
            {
                notValid++; // the person gave it and it matched before; a stale key harms no one, deleting it would lose it
                continue;
            }
            var newKey = normalized.Value;
            if (newKey == oldKey)
            {
                unchanged++;
                continue;
            }
            var result = await RekeyAsync(tenantId, type, contactId, oldKey, newKey, verified, cancellationToken);
            switch (result?.Outcome)
            {
                case IngestOutcome.Merged:
                    merged += result.MergedContactIds.Count;
                    break;
                case IngestOutcome.QueuedForReview:
                    queued += result.ReviewContactIds.Count;
                    break;
                case null or IngestOutcome.Duplicate:
                    break; // re-keyed by an earlier run or another server, or the contact is gone
                default:
                    rekeyed++;
                    break;
            }
        }
        return new PhoneRekeyReport(tenantId, unchanged, rekeyed, merged, queued, notValid);
    }

    private static bool IsPhoneChannel(string externalRef)
    {
        var colon = externalRef.IndexOf(':');
        return colon > 0 && ExternalRefNormalizer.PhoneChannels.Contains(externalRef[..colon]);
    }

    private Task<IngestResult?> RekeyAsync(
        string tenantId, string type, long contactId, string oldKey, string newKey, bool verified, CancellationToken cancellationToken)
    {
        var evt = new CrmEvent
        {
            // Fixed per (contact, old key): if the change committed before, the engine answers Duplicate.
            Id = $"phone-rekey-1-{contactId}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(type + ":" + oldKey)))[..16]}",
            Type = ActivityTypes.Note,
            Source = ContactSources.Manual,
            OccurredAt = time.GetUtcNow(),
            ContactId = contactId,
            Claims = [new IdentityClaim(type, newKey, verified)],
            PayloadJson = JsonSerializer.Serialize(new
            {
                text = "Phone number key rewritten in libphonenumber's E.164 form.",
                by = Actor,
            }),
        };
        return transactions.ChangeWithEventResultAsync(tenantId, async uow =>
        {
            var hit = await uow.FindIdentifierAsync(type, oldKey);
            if (hit is null || hit.ContactId != await uow.ResolveLiveContactIdAsync(contactId))
            {
                return false; // re-keyed or erased meanwhile, or moved by a merge: a later run sees it afresh
            }
            var contact = await uow.LoadLiveContactAsync(hit.ContactId);
            await uow.RemoveIdentifierAsync(type, oldKey);
            if (type == IdentifierTypes.Phone && contact.Phone == oldKey)
            {
                // The profile shows the number in its new form; if the key goes to a review partner, both show it.
                contact.Phone = newKey;
                uow.MarkChanged(contact);
            }
            return true;
        }, evt, cancellationToken);
    }

    private async Task RecordAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        db.DataSteps.Add(new DataStep { TenantId = tenantId, Step = StepName, CompletedAt = Timestamps.Normalize(time.GetUtcNow()) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another server recorded it first.
        }
    }
}
