using System.Reflection;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Tests.Architecture;

/// <summary>
/// The structure the compiler alone does not keep: what Core may reference, and that the top folders of each project
/// depend on each other in one direction only (a cycle means two features can no longer be understood, tested or
/// moved apart). A failure names one type reference per edge of the cycle, so it says which line to change.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Module = typeof(CrmServiceCollectionExtensions).Assembly;
    private static readonly Assembly Core = typeof(CrmEvent).Assembly;

    private static readonly string[] FrameworksCoreMustNotKnow =
        ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Npgsql", "Microsoft.Data.Sqlite", "SQLitePCL"];

    [Fact]
    public void The_engine_and_its_vocabulary_live_in_Core()
    {
        Assert.Equal("Comerix.Crm.Core", Core.GetName().Name);
        Assert.Equal(Core, typeof(global::Comerix.Crm.Resolution.IdentityEngine).Assembly);
        Assert.Equal(Core, typeof(global::Comerix.Crm.Identity.Normalization.IdentifierNormalizer).Assembly);
    }

    [Fact]
    public void Core_references_neither_ASP_NET_Core_nor_EF_Core_nor_a_database_driver()
    {
        var forbidden = Core.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => FrameworksCoreMustNotKnow.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(forbidden);
    }

    [Fact]
    public void Core_folders_form_no_cycle() => AssertNoCycle(FolderGraph.Of(Core));

    /// <summary>
    /// Data (the DbContext and the SQL) still lives in the module and knows every feature's entities, so every
    /// feature that reads through it meets it in a cycle; that goes when Data becomes its own project. Every other
    /// edge between the module's folders already points one way, and this keeps it so.
    /// </summary>
    [Fact]
    public void Module_folders_form_no_cycle_apart_from_the_one_through_Data() =>
        AssertNoCycle(FolderGraph.Of(Module).Without("Data"));

    [Fact]
    public void The_graph_sees_a_cycle_when_there_is_one()
    {
        // The module as a whole still has the cycle through Data (see above): proof that the reader finds edges
        // hidden in method bodies, so the two tests above cannot pass by seeing nothing.
        var cycles = FolderGraph.Of(Module).Cycles();

        Assert.Contains(cycles, cycle => cycle.Contains("Data") && cycle.Contains("Contacts"));
    }

    private static void AssertNoCycle(FolderGraph graph)
    {
        var cycles = graph.Cycles();
        var described = cycles.Select(cycle => string.Join(", ", cycle) + ": " + string.Join("; ",
            cycle.SelectMany(from => graph.DependenciesOf(from).Where(cycle.Contains).Order()
                .Select(to => $"{from} → {to} ({graph.ExampleOf(from, to)})"))));

        Assert.True(cycles.Count == 0, "Top folders in a cycle: " + string.Join(" | ", described));
    }
}
