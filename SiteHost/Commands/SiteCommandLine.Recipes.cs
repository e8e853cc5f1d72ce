using System.CommandLine;
using Comerix.Crm.Recipes;
using Comerix.SiteHost.Recipes;

namespace Comerix.SiteHost.Commands;

/// <summary><c>recipe apply FILE [--tenant T]</c>: validates the whole recipe, then applies it.</summary>
public sealed partial class SiteCommandLine
{
    private static readonly Argument<string> RecipeFile = new("file")
    {
        Description = "The recipe (JSON), e.g. recipes/demo.recipe.json; a relative path is read from the folder the command is typed in.",
    };

    private static Command RecipeCommand() => new("recipe", "Recipes: the site's set-up steps (features, roles, identity rules, demo data) in one JSON file.")
    {
        WithAction(new Command("apply", "Apply a recipe to a tenant; applying it twice changes nothing the second time.") { RecipeFile, Tenant }, ApplyRecipeAsync),
    };

    private static async Task<int> ApplyRecipeAsync(CommandContext command)
    {
        var json = await File.ReadAllTextAsync(ResolveRecipe(command.Services, command.Parse.GetRequiredValue(RecipeFile)));
        await using var scope = await command.TenantScopeAsync();
        var name = await scope.ServiceProvider.GetRequiredService<RecipeExecutor>()
            .ExecuteAsync(scope.Tenant, json, command.Output.WriteLine);
        command.Output.WriteLine($"Recipe \"{name}\" applied to tenant {scope.Tenant}.");
        return 0;
    }

    /// <summary>A relative path is read from the folder the command was typed in (not SiteHost/, where dotnet run starts it).</summary>
    private static string ResolveRecipe(IServiceProvider services, string file)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var path = StartupSettings.FullPath(configuration, file);
        return RecipeFiles.Resolve(path, services.GetRequiredService<IWebHostEnvironment>().ContentRootPath)
            ?? throw new CommandException($"Recipe file not found: {path}" + (Path.IsPathRooted(file) ? "" :
                $" (\"{file}\" was read from {StartupSettings.InvokedFrom(configuration)}, the folder the command was typed in)."));
    }
}
