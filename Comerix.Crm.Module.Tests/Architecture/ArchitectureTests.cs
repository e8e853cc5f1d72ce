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
        var graph = FolderGraph.Of(Core, Module);
        foreach (var cycle in graph.Cycles())
        {
            output.WriteLine("CYCLE " + string.Join(", ", cycle));
            foreach (var from in cycle)
            {
                foreach (var to in graph.DependenciesOf(from).Where(cycle.Contains).Order())
                {
                    output.WriteLine($"  {from} -> {to}: {graph.ExampleOf(from, to)}");
                }
            }
        }
    }
}
