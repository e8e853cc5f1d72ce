using Comerix.Crm.Activity;
using Comerix.Crm.Contacts;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching;

namespace Comerix.Crm.Resolution;

/// <summary>
/// DESIGN.md §3 for one event inside a unit of work: find the contacts the claims point at, then create,
/// attach, merge or queue for review, and record the activity.
/// </summary>
internal sealed class IdentityResolver(IdentityResolutionOptions options, IdentifierNormalizer normalizer)
{
    public const string EngineActor = "system:identity-engine";

    private readonly MergePolicy _policy = new(options);

    private sealed record Match(NormalizedClaim Claim, long ContactId, bool StoredVerified);

    /// <summary>An event with its claims normalised; <see cref="Dropped"/> grows if the contact is over a limit.</summary>
    /// <param name="Suppressed">
    /// The event carries an identifier on the tenant's suppression list: it is not stored. Set by the engine inside
    /// the transaction, once it has read the list there.
    /// </param>
    public sealed record PreparedEvent(CrmEvent Event, List<NormalizedClaim> Claims, List<DroppedClaim> Dropped, bool Suppressed = false);

    public PreparedEvent Prepare(CrmEvent evt)
    {
        var dropped = new List<DroppedClaim>();
        return new PreparedEvent(evt, NormalizeClaims(evt.Claims, dropped), dropped);
    }

    /// <param name="journal">Where merges and queued reviews are recorded, to be logged once the transaction commits.</param>
    public async ValueTask<IngestResult> ResolveAsync(IIdentityUnitOfWork uow, PreparedEvent prepared, DateTime receivedAt, UnitOfWorkJournal? journal = null)
    {
        var (evt, claims, dropped, suppressed) = prepared;
        if (suppressed)
        {
            // A forgotten person who asked not to be re-created: nothing of this event is kept.
            return new IngestResult(evt.Id, IngestOutcome.Suppressed, null, dropped, [], []);
        }
        var stored = await uow.FindEventAsync(evt.Id);
        if (stored is not null)
        {
            var liveId = stored.ContactId is { } id ? await uow.ResolveLiveContactIdAsync(id) : null;
            return new IngestResult(evt.Id, IngestOutcome.Duplicate, liveId, [], [], []);
        }

        var occurredAt = Timestamps.Normalize(evt.OccurredAt);
        var (matches, unmatched) = await LookUpAsync(uow, claims);
        var candidateIds = await CandidateContactIdsAsync(uow, evt, matches);

        if (candidateIds.Count == 0 && claims.Count == 0)
        {
            await InsertActivityAsync(uow, evt, contactId: null, occurredAt, receivedAt);
            return new IngestResult(evt.Id, IngestOutcome.Unattributed, null, dropped, [], []);
        }

        Contact contact;
        var outcome = IngestOutcome.Attached;
        var merged = new List<long>();
        var queued = new List<long>();
        if (candidateIds.Count == 0)
        {
            contact = await uow.CreateContactAsync(
                ContactSources.Canonical(evt.Source) ?? ActivityTypes.DefaultContactSource(evt.Type), occurredAt);
            outcome = IngestOutcome.Created;
        }
        else if (candidateIds.Count == 1)
        {
            contact = await uow.LoadLiveContactAsync(candidateIds[0]);
        }
        else
        {
            (contact, outcome) = await SettleTieAsync(uow, evt, candidateIds, matches, receivedAt, merged, queued, journal);
        }

        // Read before the claims are attached: attaching the event's email would make any contact identified. After a
        // merge the survivor is identified exactly when one of the merged contacts was.
        var wasIdentified = contact.IsIdentified;
        var vouched = await AttachClaimsAsync(uow, contact, unmatched, dropped, occurredAt);
        foreach (var match in matches.Where(m => m.Claim.Verified && (m.ContactId == contact.Id || merged.Contains(m.ContactId))))
        {
            vouched = true;
            if (!match.StoredVerified)
            {
                await uow.MarkIdentifierVerifiedAsync(match.Claim.Type, match.Claim.Value);
            }
        }
        // A note is written about the person, not by them: it does not make them "seen" (unless it creates them).
        var personWasSeen = evt.Type != ActivityTypes.Note || outcome == IngestOutcome.Created;
        // Anyone can type a customer's email (a browser console, a form): unless a verified claim of this event reached
        // the identified contact, its traits only fill gaps there (DESIGN §3 still folds the visitor into them).
        ContactProfile.ApplyEvent(contact, occurredAt, evt.Traits, receivedAt, mayOverwrite: !wasIdentified || vouched, personWasSeen);
        uow.MarkChanged(contact);
        await InsertActivityAsync(uow, evt, contact.Id, occurredAt, receivedAt, ClaimKeys.Of(claims));
        if (evt.Record is { } record)
        {
            await uow.LinkRecordAsync(contact.Id, record.Kind.Trim(), record.Id.Trim(), occurredAt);
        }
        return new IngestResult(evt.Id, outcome, contact.Id, dropped, merged, queued);
    }

    private List<NormalizedClaim> NormalizeClaims(IReadOnlyList<IdentityClaim> raw, List<DroppedClaim> dropped)
    {
        var claims = new List<NormalizedClaim>(raw.Count);
        foreach (var claim in raw)
        {
            if (!normalizer.TryNormalize(claim, out var normalized, out var reason))
            {
                dropped.Add(reason!);
                continue;
            }
            // The same identifier twice in one event is one claim, verified if either copy was.
            var existing = claims.FindIndex(c => c.Type == normalized.Type && c.Value == normalized.Value);
            if (existing < 0)
            {
                claims.Add(normalized);
            }
            else if (normalized.Verified)
            {
                claims[existing] = claims[existing] with { Verified = true };
            }
        }
        return claims;
    }

    private static async ValueTask<(List<Match> Matches, List<NormalizedClaim> Unmatched)> LookUpAsync(
        IIdentityUnitOfWork uow, List<NormalizedClaim> claims)
    {
        var matches = new List<Match>();
        var unmatched = new List<NormalizedClaim>();
        foreach (var claim in claims)
        {
            var hit = await uow.FindIdentifierAsync(claim.Type, claim.Value);
            if (hit is null)
            {
                unmatched.Add(claim);
            }
            else
            {
                matches.Add(new Match(claim, hit.ContactId, hit.Verified));
            }
        }
        return (matches, unmatched);
    }

    /// <summary>Distinct live contacts the claims (and an explicit contact id) point at, highest-priority identifier first.</summary>
    private async ValueTask<List<long>> CandidateContactIdsAsync(IIdentityUnitOfWork uow, CrmEvent evt, List<Match> matches)
    {
        var ids = new List<long>();
        if (evt.ContactId is { } explicitId)
        {
            var live = await uow.ResolveLiveContactIdAsync(explicitId)
                ?? throw new CrmValidationException([$"contactId {explicitId} does not exist"]);
            ids.Add(live);
        }
        foreach (var match in matches.OrderBy(m => options.PriorityOf(m.Claim.Type)).ThenByDescending(m => m.Claim.Verified))
        {
            if (!ids.Contains(match.ContactId))
            {
                ids.Add(match.ContactId);
            }
        }
        return ids;
    }

    private async ValueTask<(Contact Contact, IngestOutcome Outcome)> SettleTieAsync(
        IIdentityUnitOfWork uow, CrmEvent evt, List<long> candidateIds, List<Match> matches, DateTime now,
        List<long> merged, List<long> queued, UnitOfWorkJournal? journal)
    {
        var contacts = new List<Contact>(candidateIds.Count);
        var counts = new List<IReadOnlyDictionary<string, int>>(candidateIds.Count);
        foreach (var id in candidateIds)
        {
            contacts.Add(await uow.LoadLiveContactAsync(id));
            counts.Add(await uow.GetIdentifierCountsAsync(id));
        }
        // A pair someone said is not one person (a merge undone, a review rejected) is never merged by the engine again.
        var decision = await uow.AnyPairRejectedAsync(candidateIds)
            ? new MergePolicy.Decision(false, MergeReasonCodes.NotSamePerson, "Someone said these contacts are not the same person.")
            : _policy.Decide(contacts, counts,
                matches.Where(m => !m.Claim.Verified).Select(m => m.Claim.Type).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
        if (decision.Merge)
        {
            var survivor = MergePolicy.PickSurvivor(contacts);
            var context = new ContactMerger.MergeContext(EngineActor, Automatic: true, decision.Reason, evt.Id, now);
            foreach (var loser in contacts.Where(c => c.Id != survivor.Id))
            {
                var moved = await ContactMerger.MergeAsync(uow, loser, survivor, context);
                journal?.Merges.Add(new MergeRecord(survivor.Id, loser.Id, ContactMerger.KindOf(context), moved));
                merged.Add(loser.Id);
            }
            return (survivor, IngestOutcome.Merged);
        }

        // Not trustworthy: the event goes to the contact found through the highest-priority identifier.
        var primary = contacts[0];
        foreach (var other in contacts.Skip(1))
        {
            if (await uow.QueueReviewAsync(new MergeReviewDraft(primary.Id, other.Id, decision.ReasonCode!, decision.Reason, evt.Id, now)))
            {
                journal?.Reviews.Add(new QueuedReviewRecord(primary.Id, other.Id, decision.ReasonCode!));
            }
            queued.Add(other.Id);
        }
        return (primary, IngestOutcome.QueuedForReview);
    }

    /// <returns>True when a verified claim was attached (one dropped over a limit did not reach the contact).</returns>
    private async ValueTask<bool> AttachClaimsAsync(
        IIdentityUnitOfWork uow, Contact contact, List<NormalizedClaim> claims, List<DroppedClaim> dropped, DateTime seenAt)
    {
        if (claims.Count == 0)
        {
            return false;
        }
        var attachedVerified = false;
        var counts = await uow.GetIdentifierCountsAsync(contact.Id);
        foreach (var claim in claims.OrderBy(c => options.PriorityOf(c.Type)))
        {
            var limit = options.LimitFor(claim.Type);
            if (counts.GetValueOrDefault(claim.Type) >= limit)
            {
                dropped.Add(new DroppedClaim(claim.Type, DropReasons.OverLimit, $"the contact already has {limit} {claim.Type} identifier(s)"));
                continue;
            }
            await uow.AddIdentifierAsync(contact.Id, claim, seenAt);
            attachedVerified |= claim.Verified;
            if (IdentifierTypes.Identifies(claim.Type))
            {
                ContactProfile.SetIdentifyingValue(contact, claim.Type, claim.DisplayValue);
            }
        }
        return attachedVerified;
    }

    private static ValueTask<long> InsertActivityAsync(
        IIdentityUnitOfWork uow, CrmEvent evt, long? contactId, DateTime occurredAt, DateTime receivedAt, string? claimKeys = null) =>
        uow.InsertActivityAsync(new ActivityDraft(
            evt.Id, contactId, evt.Type, ContactSources.Canonical(evt.Source), occurredAt, receivedAt,
            evt.Record?.Kind.Trim(), evt.Record?.Id.Trim(), evt.Conversion?.Value, evt.Conversion?.Currency.ToUpperInvariant(),
            evt.PayloadJson, claimKeys));
}
