namespace Comerix.Crm.Matching.Rules;

/// <summary>A stored rule read back into the definition the rule engine runs (its tasks parsed from their JSON).</summary>
internal static class IdentityRuleDefinitions
{
    public static IdentityRuleDefinition ToDefinition(this IdentityRule rule)
    {
        var (match, conditions) = IdentityRuleJson.ReadConditions(rule.ConditionsJson);
        return new()
        {
            Name = rule.Name,
            Enabled = rule.Enabled,
            Trigger = rule.Trigger,
            EventType = rule.EventType,
            Match = match,
            Conditions = conditions,
            Tasks = IdentityRuleJson.ReadTasks(rule.TasksJson),
        };
    }
}
