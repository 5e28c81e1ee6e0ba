using EcsBridge.Api;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Api.Tasks;

namespace EcsBridge.Core.Build;

/// <summary>ECS run-task overrides applied to the task definition revision, before the pod is built: the pod is then
/// what the overridden task definition gives, through the same builders as a service's tasks.</summary>
public static class TaskOverrides
{
    /// <summary>The revision's spec with <paramref name="overrides"/> applied: a container override replaces the
    /// container's command, cpu, memory and memoryReservation, and adds its environment (a name the container already
    /// has takes the new value, as ECS); task cpu and memory replace the task's. <paramref name="errors"/> lists
    /// overrides that name no container of the task definition.</summary>
    public static EcsTaskDefinitionSpec Apply(EcsTaskDefinitionSpec spec, TaskOverride? overrides, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<string>();
        errors = problems;
        if (overrides is null)
        {
            return spec;
        }
        var containerOverrides = overrides.ContainerOverrides ?? [];
        for (var i = 0; i < containerOverrides.Count; i++)
        {
            if (!spec.ContainerDefinitions.Any(d => d.Name == containerOverrides[i].Name))
            {
                problems.Add($"spec.overrides.containerOverrides[{i}].name: the task definition has no container \"{containerOverrides[i].Name}\" (it has {string.Join(", ", spec.ContainerDefinitions.Select(d => "\"" + d.Name + "\""))})");
            }
        }
        var containers = spec.ContainerDefinitions.Select(definition =>
            containerOverrides.Where(o => o.Name == definition.Name).Aggregate(definition, Override)).ToList();
        return spec with
        {
            ContainerDefinitions = containers,
            Cpu = overrides.Cpu ?? spec.Cpu,
            Memory = overrides.Memory ?? spec.Memory,
        };
    }

    private static ContainerDefinition Override(ContainerDefinition definition, ContainerOverride o)
    {
        var environment = definition.Environment;
        if (o.Environment is { Count: > 0 } added)
        {
            var merged = (definition.Environment ?? []).Where(e => !added.Any(a => a.Name == e.Name)).ToList();
            merged.AddRange(added);
            environment = merged;
        }
        return definition with
        {
            Command = o.Command ?? definition.Command,
            Environment = environment,
            Cpu = o.Cpu ?? definition.Cpu,
            Memory = o.Memory ?? definition.Memory,
            MemoryReservation = o.MemoryReservation ?? definition.MemoryReservation,
        };
    }
}
