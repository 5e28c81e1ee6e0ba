using EcsBridge.Api.TaskDefinitions;

namespace EcsBridge.Core.Validation;

/// <summary>dependsOn checks: known names, conditions ECS allows, and no cycles.</summary>
internal static class DependencyRules
{
    public static void Check(IReadOnlyList<ContainerDefinition> containers, IssueCollector issues)
    {
        var byName = new Dictionary<string, ContainerDefinition>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            byName.TryAdd(container.Name, container);
        }
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            for (var d = 0; d < (container.DependsOn?.Count ?? 0); d++)
            {
                var dependency = container.DependsOn![d];
                var path = $"spec.containerDefinitions[{i}].dependsOn[{d}]";
                if (!byName.TryGetValue(dependency.ContainerName, out var target))
                {
                    issues.Error(path + ".containerName", ValidationReasons.UnknownContainer, $"'{dependency.ContainerName}' is not a container of the task");
                    continue;
                }
                if (dependency.ContainerName == container.Name)
                {
                    issues.Error(path + ".containerName", ValidationReasons.DependencyCycle, $"container '{container.Name}' depends on itself");
                    continue;
                }
                switch (dependency.Condition)
                {
                    case "SUCCESS" or "COMPLETE" when target.Essential != false:
                        issues.Error(path + ".condition", ValidationReasons.InvalidDependencyCondition,
                            $"{dependency.Condition} needs '{target.Name}' to exit, so it must be non-essential (essential: false)");
                        break;
                    case "HEALTHY" when target.HealthCheck is null:
                        issues.Error(path + ".condition", ValidationReasons.MissingHealthCheck, $"HEALTHY needs a healthCheck on '{target.Name}'");
                        break;
                    case "COMPLETE":
                        issues.Warn(path + ".condition", ValidationReasons.Approximated,
                            $"'{target.Name}' becomes an init container, which Kubernetes requires to exit 0 (ECS COMPLETE accepts any exit code)");
                        break;
                }
            }
        }
        ReportCycles(containers, byName, issues);
    }

    private static void ReportCycles(IReadOnlyList<ContainerDefinition> containers, Dictionary<string, ContainerDefinition> byName, IssueCollector issues)
    {
        // Depth-first search with three colours; each cycle is reported once, at the container that closes it.
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();
        var index = containers.Select((c, i) => (c.Name, i)).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);

        void Visit(string name)
        {
            state[name] = 1;
            stack.Add(name);
            foreach (var dependency in byName[name].DependsOn ?? [])
            {
                var next = dependency.ContainerName;
                if (next == name || !byName.ContainsKey(next))
                {
                    continue;
                }
                if (state.GetValueOrDefault(next) == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(next)).Append(next);
                    issues.Error($"spec.containerDefinitions[{index[name]}].dependsOn", ValidationReasons.DependencyCycle,
                        $"dependsOn forms a cycle: {string.Join(" -> ", cycle)}");
                }
                else if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next);
                }
            }
            stack.RemoveAt(stack.Count - 1);
            state[name] = 2;
        }

        foreach (var name in byName.Keys)
        {
            if (state.GetValueOrDefault(name) == 0)
            {
                Visit(name);
            }
        }
    }
}
