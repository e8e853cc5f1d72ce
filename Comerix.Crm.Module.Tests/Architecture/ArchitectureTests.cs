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
    private static readonly Assembly Data = typeof(Comerix.Crm.Data.CrmDbContext).Assembly;

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

    [Fact]
    public void Data_knows_SQL_and_EF_Core_but_neither_the_web_nor_the_module()
    {
        Assert.Equal("Comerix.Crm.Data", Data.GetName().Name);
        var references = Data.GetReferencedAssemblies().Select(reference => reference.Name!).ToList();

        Assert.Contains("Microsoft.EntityFrameworkCore", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(Module.GetName().Name, references);
    }

    [Fact]
    public void Only_Data_holds_the_DbContext_the_migrations_and_the_SQL()
    {
        Assert.Equal(Data, typeof(Comerix.Crm.Data.CrmDatabase).Assembly);
        Assert.DoesNotContain(Module.GetTypes(), type => typeof(Microsoft.EntityFrameworkCore.DbContext).IsAssignableFrom(type)
            || typeof(Microsoft.EntityFrameworkCore.Migrations.Migration).IsAssignableFrom(type)
            || type.Namespace?.StartsWith("Comerix.Crm.Data", StringComparison.Ordinal) == true);
    }

    /// <summary>
    /// A statement over the CRM's tables in the module (or the host) would be SQL that the migrations, the drift check
    /// and the write-behind column check never see: every one lives in Data. Read from the compiled IL, so a literal
    /// built from pieces or a constant folded in is found as well.
    /// </summary>
    [Fact]
    public void No_SQL_over_the_CRM_tables_outside_Data()
    {
        var statement = new System.Text.RegularExpressions.Regex(
            @"\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|FROM|JOIN)\s+crm_[a-z_]+", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        var found = new[] { Module, typeof(Program).Assembly }.SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared))
                .SelectMany(TypeReferences.StringsIn)
                .Where(literal => statement.IsMatch(literal))
                .Select(literal => $"{type.FullName}: {literal}"))
            .ToList();
        var inData = Data.GetTypes().SelectMany(type => type.GetMethods(Declared).SelectMany(TypeReferences.StringsIn)).Count(statement.IsMatch);

        Assert.Empty(found);
        Assert.True(inData > 20, $"the reader found {inData} statements in Data: it must see them to prove their absence elsewhere");
    }

    [Fact]
    public void Data_folders_form_no_cycle() => AssertNoCycle(FolderGraph.Of(Data));

    [Fact]
    public void Module_folders_form_no_cycle() => AssertNoCycle(FolderGraph.Of(Module));

    [Fact]
    public void The_graph_sees_a_cycle_when_there_is_one()
    {
        // Read as one, the module and Data share folder names (Data keeps each feature's entities in the feature's
        // namespace), so Contacts → Data (the DbContext) → Contacts (the ContactTag entity) shows as a cycle: proof
        // that the reader finds edges hidden in method bodies, so the tests above cannot pass by seeing nothing.
        var cycles = FolderGraph.Of(Module, Data).Cycles();

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
