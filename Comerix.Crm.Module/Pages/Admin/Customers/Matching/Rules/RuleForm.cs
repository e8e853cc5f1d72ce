using System.ComponentModel.DataAnnotations;
using Comerix.Crm.Identity;
using Comerix.Crm.Matching.Rules;

namespace Comerix.Crm.Pages.Admin.Customers.Matching.Rules;

/// <summary>
/// The rule editor's form: one section per task. Blank mapping rows are ignored, and a few are always offered,
/// so the form works without JavaScript.
/// </summary>
internal sealed class RuleForm
{
    private const int BlankRows = 2;

    [Display(Name = "Name")]
    public string? Name { get; set; }

    [Display(Name = "Enabled")]
    public bool Enabled { get; set; } = true;

    [Display(Name = "When")]
    public string Trigger { get; set; } = RuleTriggers.FormSubmitted;

    [Display(Name = "Event type")]
    public string? EventType { get; set; }

    [Display(Name = "Run when")]
    public string Match { get; set; } = RuleConditions.MatchAll;

    public List<ConditionRow> Conditions { get; set; } = [];

    public List<IdentifierRow> Identifiers { get; set; } = [];

    public List<TraitRow> Traits { get; set; } = [];

    [Display(Name = "Record the conversion value")]
    public bool RecordConversion { get; set; }

    [Display(Name = "Value field")]
    public string? ValueField { get; set; }

    [Display(Name = "Currency field")]
    public string? CurrencyField { get; set; }

    [Display(Name = "Default currency")]
    public string? Currency { get; set; }

    /// <summary>The stage the rule moves the contact to; empty for none.</summary>
    [Display(Name = "Move the contact to")]
    public string? Stage { get; set; }

    [Display(Name = "Sample event")]
    public string? Sample { get; set; }

    public sealed class IdentifierRow
    {
        public string? Field { get; set; }
        public string? Identifier { get; set; }
        /// <summary>For external_ref only: the system the ids come from.</summary>
        public string? Namespace { get; set; }
        public bool Verified { get; set; }
    }

    public sealed class ConditionRow
    {
        public string? Field { get; set; }
        public string? Operator { get; set; }
        public string? Value { get; set; }
    }

    public sealed class TraitRow
    {
        public string? Field { get; set; }
        public string? Trait { get; set; }
    }

    public static RuleForm From(IdentityRuleDefinition rule)
    {
        var conversion = rule.Task(RuleTasks.RecordConversion);
        return new RuleForm
        {
            Name = rule.Name,
            Enabled = rule.Enabled,
            Trigger = rule.Trigger,
            EventType = rule.EventType,
            Match = rule.Match ?? RuleConditions.MatchAll,
            Conditions = (rule.Conditions ?? []).Select(c => new ConditionRow { Field = c.Field, Operator = c.Operator, Value = c.Value }).ToList(),
            Identifiers = (rule.Task(RuleTasks.ResolveIdentity)?.Fields ?? [])
                .Select(f => new IdentifierRow { Field = f.Field, Identifier = f.Identifier, Namespace = f.Namespace, Verified = f.Verified }).ToList(),
            Traits = (rule.Task(RuleTasks.SetTraits)?.Fields ?? []).Select(f => new TraitRow { Field = f.Field, Trait = f.Trait }).ToList(),
            RecordConversion = conversion is not null,
            ValueField = conversion?.ValueField,
            CurrencyField = conversion?.CurrencyField,
            Currency = conversion?.Currency,
            Stage = rule.Task(RuleTasks.SetStage)?.Stage,
        };
    }

    public IdentityRuleDefinition ToDefinition()
    {
        var tasks = new List<RuleTask>();
        var identifiers = Identifiers.Where(r => !string.IsNullOrWhiteSpace(r.Field))
            .Select(r => new FieldMapping
            {
                Field = r.Field!.Trim(),
                Identifier = r.Identifier,
                // Only an external_ref takes one; a namespace left in a row switched to email means nothing.
                // The mapping itself trims and lower-cases it, as it does a recipe's.
                Namespace = r.Identifier == IdentifierTypes.ExternalRef ? r.Namespace : null,
                Verified = r.Verified,
            }).ToList();
        if (identifiers.Count > 0)
        {
            tasks.Add(new RuleTask { Task = RuleTasks.ResolveIdentity, Fields = identifiers });
        }
        var traits = Traits.Where(r => !string.IsNullOrWhiteSpace(r.Field) || !string.IsNullOrWhiteSpace(r.Trait))
            .Select(r => new FieldMapping { Field = r.Field?.Trim() ?? "", Trait = string.IsNullOrWhiteSpace(r.Trait) ? r.Field?.Trim() : r.Trait.Trim() }).ToList();
        if (traits.Count > 0)
        {
            tasks.Add(new RuleTask { Task = RuleTasks.SetTraits, Fields = traits });
        }
        if (RecordConversion)
        {
            tasks.Add(new RuleTask
            {
                Task = RuleTasks.RecordConversion,
                ValueField = Blank(ValueField) ?? "",
                CurrencyField = Blank(CurrencyField),
                Currency = Blank(Currency)?.ToUpperInvariant(),
            });
        }
        if (Blank(Stage) is { } stage)
        {
            tasks.Add(new RuleTask { Task = RuleTasks.SetStage, Stage = stage });
        }
        var conditions = Conditions.Where(r => !string.IsNullOrWhiteSpace(r.Field))
            .Select(r => new RuleCondition
            {
                Field = r.Field!.Trim(),
                Operator = r.Operator ?? "",
                // Only the tests that compare keep a value: one left in a row switched to "exists" means nothing.
                Value = RuleConditions.NeedsValue(r.Operator ?? "") ? Blank(r.Value) : null,
            }).ToList();
        return new IdentityRuleDefinition
        {
            Name = Name?.Trim() ?? "",
            Enabled = Enabled,
            Trigger = Trigger,
            EventType = Trigger == RuleTriggers.Custom ? Blank(EventType) : null,
            Match = conditions.Count == 0 ? null : Match == RuleConditions.MatchAny ? RuleConditions.MatchAny : RuleConditions.MatchAll,
            Conditions = conditions.Count == 0 ? null : conditions,
            Tasks = tasks,
        };
    }

    /// <summary>Adds the blank rows the page offers for new mappings.</summary>
    public RuleForm WithBlankRows()
    {
        Conditions = [.. Conditions.Where(r => !string.IsNullOrWhiteSpace(r.Field)), .. Enumerable.Range(0, BlankRows).Select(_ => new ConditionRow())];
        Identifiers = [.. Identifiers.Where(r => !string.IsNullOrWhiteSpace(r.Field)), .. Enumerable.Range(0, BlankRows).Select(_ => new IdentifierRow())];
        Traits = [.. Traits.Where(r => !string.IsNullOrWhiteSpace(r.Field)), .. Enumerable.Range(0, BlankRows).Select(_ => new TraitRow())];
        return this;
    }

    /// <summary>Three more blank rows under each mapping, keeping what is there (blank rows included).</summary>
    public RuleForm WithMoreRows()
    {
        Conditions = [.. Conditions, .. Enumerable.Range(0, 3).Select(_ => new ConditionRow())];
        Identifiers = [.. Identifiers, .. Enumerable.Range(0, 3).Select(_ => new IdentifierRow())];
        Traits = [.. Traits, .. Enumerable.Range(0, 3).Select(_ => new TraitRow())];
        return this;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
