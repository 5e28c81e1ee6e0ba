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
                roles[i] = ContainerRole.Init;
                if (mustStart[i])
                {
                    notes.TaskDefinition(field, NoteReasons.Approximated, "other containers wait both for this container to start and to exit; it runs as an init container to completion");
                }
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
                    notes.TaskDefinition(field, NoteReasons.Approximated, "the cluster has no native sidecars, so containers that depend on this one (START/HEALTHY) start at the same time as it");
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

        for (var i = 0; i < definitions.Count; i++)
        {
            if (roles[i] == ContainerRole.Regular)
            {
                planned.Add(new PlannedContainer(i, definitions[i], names[i], roles[i], GatedOnHealth: false) { PortNames = PortsOf(i) });
            }
        }

        ReportInitDependingOnRegular(roles, edges, definitions, notes);
        return planned;
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
