using EcsBridge.Api.TaskDefinitions;

namespace EcsBridge.Core.Build;

/// <summary>Turns ECS dependsOn into pod structure. Kubernetes orders nothing among regular containers, so every
/// container another one waits for moves into <c>initContainers</c>: a classic init container when it must finish
/// (SUCCESS, COMPLETE), a native sidecar when it must only start or be healthy (START, HEALTHY).</summary>
internal static class ContainerPlanner
{
    public const string Start = "START";
    public const string Complete = "COMPLETE";
    public const string Success = "SUCCESS";
    public const string Healthy = "HEALTHY";

    /// <summary>The init containers in start order, then the regular ones in definition order.</summary>
    public static IReadOnlyList<PlannedContainer> Plan(IReadOnlyList<ContainerDefinition> definitions, BuildOptions options, BuildNotes notes)
    {
        var names = ContainerNames.Assign(definitions);
        var portNames = PortNames.Assign(definitions);
        for (var i = 0; i < definitions.Count; i++)
        {
            if (names[i] != definitions[i].Name)
            {
                notes.TaskDefinition($"containerDefinitions[{i}].name", NoteReasons.Adjusted, ContainerNames.Explain(definitions[i].Name, names[i]));
            }
        }

        IReadOnlyDictionary<int, string> PortsOf(int container) =>
            portNames.Where(entry => entry.Key.Container == container).ToDictionary(entry => entry.Key.Mapping, entry => entry.Value);
        var indexByEcsName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < definitions.Count; i++)
        {
            indexByEcsName.TryAdd(definitions[i].Name, i);
        }

        var mustFinish = new bool[definitions.Count];
        var mustStart = new bool[definitions.Count];
        var mustBeHealthy = new bool[definitions.Count];
        var edges = new List<int>[definitions.Count];
        for (var i = 0; i < definitions.Count; i++)
        {
            edges[i] = [];
            var dependencies = definitions[i].DependsOn ?? [];
            for (var j = 0; j < dependencies.Count; j++)
            {
                var dependency = dependencies[j];
                var field = $"containerDefinitions[{i}].dependsOn[{j}]";
                if (!indexByEcsName.TryGetValue(dependency.ContainerName, out var target) || target == i)
                {
                    notes.TaskDefinition(field, NoteReasons.Invalid, $"container \"{dependency.ContainerName}\" is not another container of the task; the dependency is ignored");
                    continue;
                }

                edges[i].Add(target);
                switch (dependency.Condition.ToUpperInvariant())
                {
                    case Success:
                        mustFinish[target] = true;
                        break;
                    case Complete:
                        mustFinish[target] = true;
                        notes.TaskDefinition(field, NoteReasons.Approximated, $"COMPLETE becomes an init container, which Kubernetes requires to exit 0; \"{dependency.ContainerName}\" failing blocks the pod");
                        break;
                    case Start:
                        mustStart[target] = true;
                        break;
                    case Healthy:
                        mustStart[target] = true;
                        mustBeHealthy[target] = true;
                        break;
                    default:
                        notes.TaskDefinition(field, NoteReasons.Invalid, $"unknown condition \"{dependency.Condition}\"; the dependency is ignored");
                        break;
                }
            }
        }

        var roles = new ContainerRole[definitions.Count];
        for (var i = 0; i < definitions.Count; i++)
        {
            var field = $"containerDefinitions[{i}]";
            if (mustFinish[i])
            {
                // Reported with the containers it delays, once the order is known (ReportInitContainers).
                roles[i] = ContainerRole.Init;
            }
            else if (mustStart[i] && options.NativeSidecars)
            {
                roles[i] = ContainerRole.Sidecar;
                if (mustBeHealthy[i] && definitions[i].HealthCheck is null)
                {
                    notes.TaskDefinition(field, NoteReasons.Approximated, "containers wait for this one to be HEALTHY but it has no healthCheck; they wait only for it to start");
                }
            }
            else
            {
                roles[i] = ContainerRole.Regular;
                if (mustStart[i])
                {
                    notes.TaskDefinition(field, NoteReasons.Approximated, "the cluster has no native sidecars: this container is listed before the containers that depend on it (START/HEALTHY), and the kubelet starts a pod's containers one after another in that order, without waiting for it to be healthy");
                }
            }
        }

        var initOrder = OrderInitContainers(roles, edges, notes);
        var planned = new List<PlannedContainer>(definitions.Count);
        foreach (var i in initOrder)
        {
            planned.Add(new PlannedContainer(i, definitions[i], names[i], roles[i], roles[i] == ContainerRole.Sidecar && mustBeHealthy[i] && definitions[i].HealthCheck is not null)
            {
                PortNames = PortsOf(i),
            });
        }

        foreach (var i in OrderRegularContainers(roles, edges))
        {
            planned.Add(new PlannedContainer(i, definitions[i], names[i], roles[i], GatedOnHealth: false) { PortNames = PortsOf(i) });
        }

        ReportInitContainers(planned, mustStart, edges, definitions, notes);
        ReportInitDependingOnRegular(roles, edges, definitions, notes);
        return planned;
    }

    /// <summary>A classic init container must exit before anything listed after it starts, so it also delays the
    /// containers that do not depend on it, which ECS would have started at once: the note names them.</summary>
    private static void ReportInitContainers(List<PlannedContainer> planned, bool[] mustStart, List<int>[] edges,
        IReadOnlyList<ContainerDefinition> definitions, BuildNotes notes)
    {
        for (var position = 0; position < planned.Count; position++)
        {
            if (planned[position].Role != ContainerRole.Init)
            {
                continue;
            }

            var i = planned[position].Index;
            var delayed = planned.Skip(position + 1).Where(later => !DependsOn(later.Index, i, edges)).Select(later => $"\"{definitions[later.Index].Name}\"").ToList();
            var messages = new List<string>(2);
            if (mustStart[i])
            {
                messages.Add("other containers wait both for this container to start and to exit; it runs as an init container to completion");
            }

            if (delayed.Count > 0)
            {
                messages.Add($"as an init container it must exit before {Join(delayed)} start{(delayed.Count == 1 ? "s" : "")}, although {(delayed.Count == 1 ? "that container does" : "those containers do")} not depend on it (ECS starts {(delayed.Count == 1 ? "it" : "them")} at once)");
            }

            if (messages.Count > 0)
            {
                notes.TaskDefinition($"containerDefinitions[{i}]", NoteReasons.Approximated, string.Join("; ", messages));
            }
        }
    }

    private static string Join(List<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];

    /// <summary>Whether container <paramref name="from"/> waits for <paramref name="target"/>, directly or through others.</summary>
    private static bool DependsOn(int from, int target, List<int>[] edges)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(edges[from]);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (next == target)
            {
                return true;
            }

            if (seen.Add(next))
            {
                foreach (var further in edges[next])
                {
                    stack.Push(further);
                }
            }
        }

        return false;
    }

    /// <summary>Regular containers in definition order, except that a START/HEALTHY target left regular (no native
    /// sidecars) comes before the containers that wait for it: the kubelet starts a pod's containers one by one in
    /// spec order. A cycle keeps definition order (validation rejects cycles first).</summary>
    private static List<int> OrderRegularContainers(ContainerRole[] roles, List<int>[] edges)
    {
        var pending = Enumerable.Range(0, roles.Length).Where(i => roles[i] == ContainerRole.Regular).ToList();
        var placed = new HashSet<int>();
        var order = new List<int>(pending.Count);
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(i => edges[i].All(target => roles[target] != ContainerRole.Regular || placed.Contains(target) || target == i), -1);
            if (next < 0)
            {
                order.AddRange(pending);
                break;
            }

            order.Add(next);
            placed.Add(next);
            pending.Remove(next);
        }

        return order;
    }

    /// <summary>Kahn's algorithm over the init entries; ties keep definition order so the output is stable.</summary>
    private static List<int> OrderInitContainers(ContainerRole[] roles, List<int>[] edges, BuildNotes notes)
    {
        var pending = Enumerable.Range(0, roles.Length).Where(i => roles[i] != ContainerRole.Regular).ToList();
        var placed = new HashSet<int>();
        var order = new List<int>(pending.Count);
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(i => edges[i].All(target => roles[target] == ContainerRole.Regular || placed.Contains(target) || target == i), -1);
            if (next < 0)
            {
                notes.TaskDefinition($"containerDefinitions[{pending[0]}].dependsOn", NoteReasons.Invalid, "the dependencies form a cycle; the remaining init containers keep definition order");
                order.AddRange(pending);
                break;
            }

            order.Add(next);
            placed.Add(next);
            pending.Remove(next);
        }

        return order;
    }

    private static void ReportInitDependingOnRegular(ContainerRole[] roles, List<int>[] edges, IReadOnlyList<ContainerDefinition> definitions, BuildNotes notes)
    {
        for (var i = 0; i < roles.Length; i++)
        {
            if (roles[i] == ContainerRole.Regular)
            {
                continue;
            }

            foreach (var target in edges[i].Where(target => roles[target] == ContainerRole.Regular))
            {
                notes.TaskDefinition($"containerDefinitions[{i}].dependsOn", NoteReasons.Approximated,
                    $"\"{definitions[i].Name}\" runs before the regular container \"{definitions[target].Name}\" it depends on");
            }
        }
    }
}
