using System.Globalization;
using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Matching.Rules;

/// <summary>
/// A tenant's enabled rules, in order, applied to events before the engine sees them. Rules only add: claims the
/// event carries stay, a trait or conversion the event sets itself wins over a rule's, and a value a rule cannot
/// use (a currency that is not a code, say) is noted and skipped, so rules never turn a valid event invalid.
/// </summary>
internal sealed class IdentityRuleSet(IReadOnlyList<(string Name, IdentityRuleDefinition Definition)> rules)
{
    public static IdentityRuleSet Empty { get; } = new([]);

    public int Count => rules.Count;

    public RuleApplication Apply(CrmEvent evt)
    {
        var fired = new List<string>();
        var claims = new List<IdentityClaim>();
        var traits = new Dictionary<string, string>(StringComparer.Ordinal);
        var notes = new List<string>();
        ConversionValue? conversion = null;
        RuleStage? stage = null;
        var skipped = new List<string>();
        using var fields = new EventFields(evt);
        foreach (var (name, rule) in rules)
        {
            if (!rule.Enabled || !RuleTriggers.Matches(rule.Trigger, rule.EventType, evt))
            {
                continue;
            }
            if (RuleConditions.WhyNot(rule, fields) is { } whyNot)
            {
                skipped.Add($"{name}: {whyNot}");
                continue;
            }
            fired.Add(name);
            ResolveIdentity(rule, fields, evt, claims, notes);
            SetTraits(rule, fields, evt, traits);
            conversion ??= RecordConversion(rule, fields, evt, notes);
            stage ??= rule.Task(RuleTasks.SetStage)?.Stage is { } key ? new RuleStage(key, name) : null;
        }
        if (fired.Count == 0 || (claims.Count == 0 && traits.Count == 0 && conversion is null))
        {
            // Nothing to add: the event goes on as it came (most telemetry, say).
            return new RuleApplication(evt, fired, [], traits, null, notes, stage, skipped);
        }
        var result = evt with
        {
            Claims = claims.Count == 0 ? evt.Claims : [.. evt.Claims, .. claims],
            Traits = traits.Count == 0 ? evt.Traits : Merge(evt.Traits, traits),
            Conversion = evt.Conversion ?? conversion,
        };
        return new RuleApplication(result, fired, claims, traits, evt.Conversion is null ? conversion : null, notes, stage, skipped);
    }

    private static void ResolveIdentity(IdentityRuleDefinition rule, EventFields fields, CrmEvent evt, List<IdentityClaim> claims, List<string> notes)
    {
        foreach (var mapping in rule.Task(RuleTasks.ResolveIdentity)?.Fields ?? [])
        {
            var value = fields.Get(mapping.Field);
            if (value is null)
            {
                continue;
            }
            var claim = new IdentityClaim(mapping.Identifier!, mapping.ClaimValue(value), mapping.Verified);
            var carried = evt.Claims.Any(c => c is not null && c.Type == claim.Type && c.Value == claim.Value);
            if (!carried && !claims.Any(c => c.Type == claim.Type && c.Value == claim.Value))
            {
                if (evt.Claims.Count + claims.Count >= CrmEventValidator.MaxClaims)
                {
                    notes.Add($"'{mapping.Field}' was not added: the event already carries {CrmEventValidator.MaxClaims} claims.");
                    return;
                }
                claims.Add(claim);
            }
        }
    }

    private static void SetTraits(IdentityRuleDefinition rule, EventFields fields, CrmEvent evt, Dictionary<string, string> traits)
    {
        foreach (var mapping in rule.Task(RuleTasks.SetTraits)?.Fields ?? [])
        {
            var trait = mapping.Trait!.Trim();
            var value = fields.Get(mapping.Field);
            if (value is not null && value.Length <= CrmEventValidator.MaxTraitValueLength
                && evt.Traits?.ContainsKey(trait) != true && !traits.ContainsKey(trait))
            {
                traits[trait] = value;
            }
        }
    }

    private static ConversionValue? RecordConversion(IdentityRuleDefinition rule, EventFields fields, CrmEvent evt, List<string> notes)
    {
        if (rule.Task(RuleTasks.RecordConversion) is not { } task || evt.Conversion is not null)
        {
            return null;
        }
        var raw = fields.Get(task.ValueField!);
        if (raw is null)
        {
            notes.Add($"No value in '{task.ValueField}': no conversion recorded.");
            return null;
        }
        if (!decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || Math.Abs(value) > 1_000_000_000_000m)
        {
            notes.Add($"'{task.ValueField}' holds '{raw}', which is not an amount: no conversion recorded.");
            return null;
        }
        var currency = (task.CurrencyField is null ? null : fields.Get(task.CurrencyField)) ?? task.Currency;
        if (!IdentityRuleValidator.IsCurrency(currency))
        {
            notes.Add(currency is null
                ? "No currency in the event and no default currency: no conversion recorded."
                : $"'{currency}' is not a three-letter currency code: no conversion recorded.");
            return null;
        }
        return new ConversionValue(value, IdentityRuleValidator.NormalizeCurrency(currency!));
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? sent, Dictionary<string, string> added)
    {
        var merged = new Dictionary<string, string>(added, StringComparer.Ordinal);
        foreach (var (key, value) in sent ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }
        return merged;
    }
}
