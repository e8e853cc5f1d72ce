using System.Text.Json;

namespace Comerix.Crm.Recipes;

/// <summary>
/// Executes one kind of recipe step (Orchard Core's recipe step handler). Steps must be idempotent: applying a
/// recipe twice changes nothing the second time.
/// </summary>
public interface IRecipeStepHandler
{
    /// <summary>The step's "name" in the recipe file.</summary>
    string StepName { get; }

    /// <summary>Problems with the step's content; the recipe runs only when every step of it is valid.</summary>
    IEnumerable<string> Validate(JsonElement step);

    Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken);
}

public sealed record RecipeStepContext(string TenantId, JsonElement Step, IServiceProvider Services, Action<string> Log);
