namespace Comerix.Crm.Recipes;

/// <summary>A recipe that cannot run: nothing of it was applied. Each error names the step it is about.</summary>
public sealed class RecipeException(IReadOnlyList<string> errors)
    : Exception("The recipe is not valid: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
