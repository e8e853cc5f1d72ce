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

public sealed class PublicSurfaceProbe(ITestOutputHelper output)
{
    [Fact]
    public void Print_module_types_the_host_uses()
    {
        var module = typeof(CrmServiceCollectionExtensions).Assembly;
        var host = typeof(Comerix.SiteHost.Demo.DemoConversation).Assembly;
        var used = host.GetTypes().SelectMany(TypeReferences.Of).Where(t => t.Assembly == module).Distinct().OrderBy(t => t.FullName);
        foreach (var type in used)
        {
            output.WriteLine("HOSTUSES " + type.FullName);
        }
        output.WriteLine("PUBLIC " + module.GetTypes().Count(t => t.IsPublic || t.IsNestedPublic));
    }
}
