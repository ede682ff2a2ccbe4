namespace Groz.Web.Features.Collaboration;

/// <summary>
/// Measures of the partner network: organisations and collaborations form a bipartite graph (an organisation is linked
/// to each collaboration it is a member of). Pure: no database, so tests build small networks by hand.
/// <para>
/// Brokers are the organisations that are <b>articulation points</b> of that graph: take the organisation away and some
/// other organisations lose every path to each other. We chose this over betweenness centrality because it answers the
/// question the bouwsteen Samenwerking asks ("who connects groups that would otherwise be separate?") with a yes or no
/// that a coordinator can check on the drawing, it needs no threshold to tell a broker from a busy member, and it is
/// the same on every database and machine (betweenness is a fraction that changes with every small edit).
/// </para>
/// </summary>
public static class NetworkMeasures
{
    public sealed record Node(Guid OrganizationId, string Name);

    public sealed record Link(int CollaborationId, Guid OrganizationId);

    public sealed record OrganisationMeasure(Guid OrganizationId, string Name, int Degree, bool Broker, bool Isolated);

    public sealed record Result(IReadOnlyList<OrganisationMeasure> Organisations)
    {
        public IEnumerable<OrganisationMeasure> Brokers => Organisations.Where(o => o.Broker);
        public IEnumerable<OrganisationMeasure> Isolated => Organisations.Where(o => o.Isolated);
    }

    public static Result Compute(IReadOnlyList<Node> organisations, IReadOnlyList<Link> links)
    {
        // Vertices: organisations 0..n-1, then collaborations.
        var index = new Dictionary<Guid, int>();
        foreach (var o in organisations)
        {
            index.TryAdd(o.OrganizationId, index.Count);
        }
        var orgCount = index.Count;
        var collabIndex = new Dictionary<int, int>();
        var adjacency = new List<HashSet<int>>();
        for (var i = 0; i < orgCount; i++)
        {
            adjacency.Add([]);
        }
        foreach (var link in links)
        {
            if (!index.TryGetValue(link.OrganizationId, out var o))
            {
                continue;
            }
            if (!collabIndex.TryGetValue(link.CollaborationId, out var c))
            {
                c = adjacency.Count;
                collabIndex[link.CollaborationId] = c;
                adjacency.Add([]);
            }
            adjacency[o].Add(c);
            adjacency[c].Add(o);
        }
        var cut = Brokers(adjacency, orgCount);
        return new Result([.. organisations.GroupBy(o => o.OrganizationId).Select(g => g.First()).Select(o =>
        {
            var i = index[o.OrganizationId];
            return new OrganisationMeasure(o.OrganizationId, o.Name, adjacency[i].Count, cut[i], adjacency[i].Count == 0);
        })]);
    }

    /// <summary>
    /// Hopcroft–Tarjan articulation points, iterative (a generated leerregio has thousands of vertices: no deep recursion),
    /// narrowed to organisations that separate <i>other organisations</i>: a cut vertex whose only cut-off part is a
    /// collaboration without further members is not a broker. Counts organisations per DFS subtree to tell.
    /// </summary>
    public static bool[] Brokers(IReadOnlyList<HashSet<int>> adjacency, int orgCount)
    {
        var n = adjacency.Count;
        var order = new int[n];
        var low = new int[n];
        var parent = new int[n];
        var orgsBelow = new int[n];
        var separatedOrgs = new int[n];
        var separatedGroups = new int[n];
        var broker = new bool[n];
        Array.Fill(order, -1);
        var neighbours = adjacency.Select(a => a.ToArray()).ToArray();
        var next = new int[n];
        var counter = 0;
        for (var start = 0; start < n; start++)
        {
            if (order[start] >= 0)
            {
                continue;
            }
            parent[start] = -1;
            order[start] = low[start] = counter++;
            var component = new List<int>();
            var stack = new Stack<int>();
            stack.Push(start);
            while (stack.Count > 0)
            {
                var v = stack.Peek();
                if (next[v] < neighbours[v].Length)
                {
                    var w = neighbours[v][next[v]++];
                    if (order[w] < 0)
                    {
                        parent[w] = v;
                        order[w] = low[w] = counter++;
                        stack.Push(w);
                    }
                    else if (w != parent[v])
                    {
                        low[v] = Math.Min(low[v], order[w]);
                    }
                }
                else
                {
                    stack.Pop();
                    component.Add(v);
                    orgsBelow[v] += v < orgCount ? 1 : 0;
                    if (parent[v] is var p and >= 0)
                    {
                        low[p] = Math.Min(low[p], low[v]);
                        orgsBelow[p] += orgsBelow[v];
                        // The root separates every child subtree; any other vertex those whose low does not reach above it.
                        if (parent[p] < 0 || low[v] >= order[p])
                        {
                            separatedOrgs[p] += orgsBelow[v];
                            separatedGroups[p] += orgsBelow[v] > 0 ? 1 : 0;
                        }
                    }
                }
            }
            var total = orgsBelow[start];
            foreach (var v in component.Where(v => v < orgCount))
            {
                var rest = total - 1 - separatedOrgs[v];
                broker[v] = separatedGroups[v] + (rest > 0 ? 1 : 0) >= 2;
            }
        }
        return broker;
    }
}
