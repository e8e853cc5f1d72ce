using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Matching.Rules;

/// <summary>Lists, saves and deletes a tenant's identity rules; every change is validated, audited and seen by the next event.</summary>
internal sealed class IdentityRuleStore(CrmDbContext db, IdentityRuleCache cache, AuditLog audit, TimeProvider time)
{
    public Task<List<IdentityRule>> ListAsync(string tenantId, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).IdentityRules.AsNoTracking()
            .OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(cancellationToken);

    public Task<IdentityRule?> FindAsync(string tenantId, long id, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).IdentityRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>Creates the rule (<paramref name="id"/> null) or replaces the rule's definition. Errors name the form field.</summary>
    public async Task<RuleSaveResult> SaveAsync(
        string tenantId, long? id, IdentityRuleDefinition definition, string actor, CancellationToken cancellationToken = default)
    {
        definition = definition with { Name = definition.Name.Trim(), EventType = definition.Trigger == RuleTriggers.Custom ? definition.EventType?.Trim() : null };
        var errors = IdentityRuleValidator.Validate(definition).ToList();
        if (errors.Count == 0 && await db.InTenant(tenantId).IdentityRules.AnyAsync(
                r => r.Name == definition.Name && r.Id != (id ?? 0), cancellationToken))
        {
            errors.Add(("Name", $"Another rule is already called '{definition.Name}'."));
        }
        if (errors.Count > 0)
        {
            return new RuleSaveResult(null, errors);
        }

        IdentityRule? rule;
        if (id is { } existingId)
        {
            rule = await db.InTenant(tenantId).IdentityRules.FirstOrDefaultAsync(r => r.Id == existingId, cancellationToken);
            if (rule is null)
            {
                return new RuleSaveResult(null, [("", $"Rule {existingId} does not exist.")]);
            }
        }
        else
        {
            var last = await db.InTenant(tenantId).IdentityRules
                .Select(r => new { r.Id, r.Position }).ToListAsync(cancellationToken);
            rule = new IdentityRule
            {
                TenantId = tenantId,
                Id = last.Count == 0 ? 1 : last.Max(r => r.Id) + 1,
                Position = last.Count == 0 ? 1 : last.Max(r => r.Position) + 1,
                Name = definition.Name,
                Trigger = definition.Trigger,
                TasksJson = "[]",
                UpdatedBy = actor,
            };
            db.IdentityRules.Add(rule);
        }
        rule.Name = definition.Name;
        rule.Enabled = definition.Enabled;
        rule.Trigger = definition.Trigger;
        rule.EventType = definition.EventType;
        rule.TasksJson = IdentityRuleJson.WriteTasks(definition.Tasks);
        rule.ConditionsJson = IdentityRuleJson.WriteConditions(definition);
        rule.UpdatedAt = time.GetUtcNow().UtcDateTime;
        rule.UpdatedBy = actor;
        // Two admins creating at once can pick the same id; the primary key refuses the second, which then says so.
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate(tenantId);
        await audit.AppendAsync(tenantId, actor, id is null ? AuditActions.RuleCreated : AuditActions.RuleUpdated,
            new { ruleId = rule.Id, rule.Name, rule.Trigger, rule.Enabled }, cancellationToken);
        return new RuleSaveResult(rule, []);
    }

    public async Task<bool> DeleteAsync(string tenantId, long id, string actor, CancellationToken cancellationToken = default)
    {
        var deleted = await db.InTenant(tenantId).IdentityRules.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return false;
        }
        cache.Invalidate(tenantId);
        await audit.AppendAsync(tenantId, actor, AuditActions.RuleDeleted, new { ruleId = id }, cancellationToken);
        return true;
    }

    /// <summary>Creates the rule, or replaces the one with the same name; false when it was already exactly so.</summary>
    public async Task<bool> ImportAsync(string tenantId, IdentityRuleDefinition definition, string actor, CancellationToken cancellationToken = default)
    {
        var existing = await db.InTenant(tenantId).IdentityRules.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Name == definition.Name.Trim(), cancellationToken);
        if (existing is not null && Same(existing, definition))
        {
            return false;
        }
        var result = await SaveAsync(tenantId, existing?.Id, definition, actor, cancellationToken);
        if (result.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Message)));
        }
        return true;
    }

    private static bool Same(IdentityRule stored, IdentityRuleDefinition definition) =>
        stored.Enabled == definition.Enabled && stored.Trigger == definition.Trigger
        && stored.EventType == (definition.Trigger == RuleTriggers.Custom ? definition.EventType?.Trim() : null)
        && stored.TasksJson == IdentityRuleJson.WriteTasks(definition.Tasks)
        && stored.ConditionsJson == IdentityRuleJson.WriteConditions(definition);
}

internal sealed record RuleSaveResult(IdentityRule? Rule, IReadOnlyList<(string Field, string Message)> Errors);
