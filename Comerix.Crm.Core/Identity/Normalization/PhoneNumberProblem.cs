namespace Comerix.Crm.Identity.Normalization;

/// <summary>Why a value is not a valid phone number, to tell the person who gave it what to fix (never the value itself).</summary>
/// <param name="Region">The region it was read as a number of (ISO 3166-1 code: its calling code's main region, or the
/// default region for a number without a country code); null when it was not read as a number of any region.</param>
/// <param name="WithoutCountryCode">True when it had no country code and was read as a number of the default region.</param>
internal sealed record PhoneNumberProblem(PhoneNumberFault Fault, string? Region, bool WithoutCountryCode);

public enum PhoneNumberFault
{
    /// <summary>Letters, stray symbols, nothing to read as digits.</summary>
    NotANumber,
    /// <summary>One digit repeated ("0000000"): typed into a required field.</summary>
    Placeholder,
    /// <summary>A "+" and digits no country has as its calling code.</summary>
    UnknownCallingCode,
    TooShort,
    TooLong,
    /// <summary>Between the shortest and longest numbers of its region, but no length its numbers have.</summary>
    WrongLength,
    /// <summary>A possible length, but in no range its region's numbering plan assigns (a made-up or fictional number).</summary>
    NotAssigned,
}
