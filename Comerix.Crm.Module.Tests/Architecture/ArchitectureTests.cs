using System.Reflection;
using Comerix.Crm.Ingestion;
using Xunit.Abstractions;

namespace Comerix.Crm.Tests.Architecture;

public sealed class ArchitectureTests(ITestOutputHelper output)
{
    private static readonly Assembly Module = typeof(CrmServiceCollectionExtensions).Assembly;
    private static readonly Assembly Core = typeof(CrmEvent).Assembly;

    [Fact]
    public void Print_graph()
    {
        foreach (var (name, graph) in new[] { ("core", FolderGraph.Of(Core)), ("module", FolderGraph.Of(Module)) })
        {
            foreach (var cycle in graph.Cycles())
            {
                output.WriteLine($"{name} CYCLE " + string.Join(", ", cycle));
                foreach (var from in cycle)
                {
                    foreach (var to in graph.DependenciesOf(from).Where(cycle.Contains).Order())
                    {
                        output.WriteLine($"  {from} -> {to}: {graph.ExampleOf(from, to)}");
                    }
                }
            }
        }
        output.WriteLine("core refs: " + string.Join(", ", Core.GetReferencedAssemblies().Select(a => a.Name)));
    }
}
