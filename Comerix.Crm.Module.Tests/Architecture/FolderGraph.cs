using System.Reflection;

namespace Comerix.Crm.Tests.Architecture;

/// <summary>
/// The dependency graph between the top folders of the product (namespaces <c>Comerix.Crm.X…</c> → X), built from
/// the compiled assemblies, and its cycles (strongly connected components with more than one folder).
/// </summary>
internal sealed class FolderGraph
{
    private const string Root = "Comerix.Crm.";

    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    public static FolderGraph Of(params Assembly[] assemblies)
    {
        var graph = new FolderGraph();
        var ours = assemblies.ToHashSet();
        foreach (var type in assemblies.SelectMany(assembly => assembly.GetTypes()))
        {
            var from = FolderOf(type);
            if (from is null)
            {
                continue;
            }
            foreach (var used in TypeReferences.Of(type))
            {
                var to = ours.Contains(used.Assembly) ? FolderOf(used) : null;
                if (to is not null && to != from)
                {
                    graph.AddEdge(from, to, $"{Describe(type)} → {Describe(used)}");
                }
            }
        }
        return graph;
    }

    /// <summary>The same graph without some folders (and every edge to or from them).</summary>
    public FolderGraph Without(params string[] folders)
    {
        var graph = new FolderGraph();
        foreach (var (from, targets) in _edges.Where(edge => !folders.Contains(edge.Key)))
        {
            foreach (var (to, example) in targets.Where(target => !folders.Contains(target.Key)))
            {
                graph.AddEdge(from, to, example);
            }
        }
        return graph;
    }

    public IReadOnlyCollection<string> DependenciesOf(string folder) =>
        _edges.TryGetValue(folder, out var targets) ? targets.Keys : [];

    /// <summary>One example type reference per edge, so a failing test names the line to change.</summary>
    public string ExampleOf(string from, string to) => _edges[from][to];

    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        // Tarjan's strongly connected components.
        var index = new Dictionary<string, int>();
        var lowLink = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<IReadOnlyList<string>>();
        var nodes = _edges.Keys.Concat(_edges.Values.SelectMany(targets => targets.Keys)).Distinct().Order().ToList();

        void Visit(string node)
        {
            index[node] = lowLink[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in DependenciesOf(node).Order())
            {
                if (!index.ContainsKey(next))
                {
                    // Not visited yet: its component is found below it.
                    Visit(next);
                    lowLink[node] = Math.Min(lowLink[node], lowLink[next]);
                }
                else if (onStack.Contains(next) && index.TryGetValue(next, out var nextIndex))
                {
                    lowLink[node] = Math.Min(lowLink[node], nextIndex);
                }
            }
            if (lowLink[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    cycles.Add(component.Order().ToList());
                }
            }
        }

        foreach (var node in nodes.Where(node => !index.ContainsKey(node)))
        {
            Visit(node);
        }
        return cycles;
    }

    private void AddEdge(string from, string to, string example)
    {
        if (!_edges.TryGetValue(from, out var targets))
        {
            _edges[from] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
        }
        targets.TryAdd(to, example);
    }

    internal static string? FolderOf(Type type)
    {
        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith(Root, StringComparison.Ordinal))
        {
            return null; // the root namespace (options, registration) is the module's composition root, above every folder
        }
        var rest = ns[Root.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static string Describe(Type type) => (type.DeclaringType is { } outer ? Describe(outer) + "+" : "") + type.Name;
}
