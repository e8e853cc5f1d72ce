namespace Comerix.SiteHost.Recipes;

/// <summary>
/// Finds a recipe file named on the command line. <c>dotnet run --project SiteHost</c> runs in the project folder,
/// so "recipes/demo.recipe.json" typed at the repository root is also looked for there and in the recipes that
/// ship with the site.
/// </summary>
public static class RecipeFiles
{
    public static string? Resolve(string path, string contentRoot)
    {
        var candidates = new[]
        {
            Path.GetFullPath(path),
            Path.GetFullPath(Path.Combine(contentRoot, "..", path)),
            Path.Combine(Data.SiteSetup.RecipesDirectory, Path.GetFileName(path)),
        };
        return candidates.FirstOrDefault(File.Exists);
    }
}
