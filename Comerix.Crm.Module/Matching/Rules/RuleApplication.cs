using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Matching.Rules;

/// <summary>What the identity rules did to one event: the event the engine receives, and an account of why.</summary>
/// <param name="Event">The event with the rules' claims, traits and conversion added.</param>
/// <param name="FiredRules">Names of the enabled rules whose trigger matched, in the order they ran.</param>
/// <param name="AddedClaims">Claims the rules added (claims the event already carried are not repeated).</param>
/// <param name="SetTraits">Traits the rules set (a trait the event carries itself is kept as sent).</param>
/// <param name="Notes">Fields a task looked for and did not find or could not use, in words.</param>
/// <param name="Skipped">Rules whose trigger matched but whose conditions did not hold, each with why ("Buyers: condition … did not hold").</param>
/// <param name="Stage">The lifecycle stage the first fired rule with a set-stage task moves the contact to, and that rule's name.</param>
internal sealed record RuleApplication(
    CrmEvent Event,
    IReadOnlyList<string> FiredRules,
    IReadOnlyList<IdentityClaim> AddedClaims,
    IReadOnlyDictionary<string, string> SetTraits,
    ConversionValue? Conversion,
    IReadOnlyList<string> Notes,
    RuleStage? Stage = null,
    IReadOnlyList<string>? Skipped = null);

/// <summary>A stage a rule moves the contact to, once the engine has said who the contact is.</summary>
internal sealed record RuleStage(string Key, string RuleName);
