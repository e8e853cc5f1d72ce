namespace Comerix.Crm.Identity.Normalization;

/// <summary>Turns raw claims into match keys, dropping (and explaining) the ones that must not enter the graph.</summary>
internal sealed class IdentifierNormalizer
{
    public const int MaxOpaqueIdLength = 256;

    private readonly JunkValueFilter _junk;
    private readonly PhoneNumberNormalizer _phones;
    private readonly ExternalRefNormalizer _externalRefs;

    public IdentifierNormalizer(string defaultPhoneRegion, IEnumerable<string>? extraJunkValues = null)
    {
        _junk = new JunkValueFilter(extraJunkValues);
        _phones = new PhoneNumberNormalizer(defaultPhoneRegion);
        _externalRefs = new ExternalRefNormalizer(_phones);
    }

    public bool TryNormalize(IdentityClaim claim, out NormalizedClaim normalized, out DroppedClaim? dropped)
    {
        normalized = default;
        dropped = null;
        if (_junk.IsJunk(claim.Value))
        {
            dropped = new DroppedClaim(claim.Type, DropReasons.Junk, "placeholder value");
            return false;
        }
        var trimmed = claim.Value.Trim();
        switch (claim.Type)
        {
            case IdentifierTypes.Email:
                if (!EmailNormalizer.TryNormalize(trimmed, out var display, out var key))
                {
                    dropped = new DroppedClaim(claim.Type, DropReasons.Invalid, "not a valid email address");
                    return false;
                }
                normalized = new NormalizedClaim(claim.Type, key, display, claim.Verified);
                return true;
            case IdentifierTypes.Phone:
                switch (_phones.Check(trimmed, out var e164))
                {
                    case PhoneNumberCheck.NotPossible:
                        dropped = new DroppedClaim(claim.Type, DropReasons.Invalid, "not a valid phone number");
                        return false;
                    case PhoneNumberCheck.PossibleButNotValid:
                        // A made-up or mistyped number of the right length: two people typing it must not become one.
                        dropped = new DroppedClaim(claim.Type, DropReasons.Invalid, "not an assigned phone number (no such range in its country's numbering plan)");
                        return false;
                }
                normalized = new NormalizedClaim(claim.Type, e164, e164, claim.Verified);
                return true;
            case IdentifierTypes.ExternalRef:
                if (!_externalRefs.TryNormalize(trimmed, out var reference, out var problem))
                {
                    dropped = new DroppedClaim(claim.Type, DropReasons.Invalid, problem!);
                    return false;
                }
                normalized = new NormalizedClaim(claim.Type, reference, reference, claim.Verified);
                return true;
            default:
                // customer_id, conversation_id, visitor_id: opaque ids, compared exactly after trimming.
                if (trimmed.Length > MaxOpaqueIdLength)
                {
                    dropped = new DroppedClaim(claim.Type, DropReasons.Invalid, $"longer than {MaxOpaqueIdLength} characters");
                    return false;
                }
                normalized = new NormalizedClaim(claim.Type, trimmed, trimmed, claim.Verified);
                return true;
        }
    }
}
