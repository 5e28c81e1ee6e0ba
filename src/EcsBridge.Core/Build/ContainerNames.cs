using System.Globalization;
using EcsBridge.Api.TaskDefinitions;

namespace EcsBridge.Core.Build;

/// <summary>ECS container names (`[A-Za-z0-9_-]{1,255}`, `log_router` in AWS's own FireLens examples) → Kubernetes
/// container names (DNS-1123 labels), unique in the pod. The spec keeps the ECS names, so every reference in it
/// (dependsOn, volumesFrom, load balancers, service registries) is resolved by ECS name; only the built pod uses these.</summary>
internal static class ContainerNames
{
    /// <summary>One name per definition, in definition order: the name made a label (<see cref="Names.Dns1123Label"/>);
    /// when an earlier container already has that label, `-2`, `-3`, … is added.</summary>
    public static string[] Assign(IReadOnlyList<ContainerDefinition> definitions)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var names = new string[definitions.Count];
        for (var i = 0; i < definitions.Count; i++)
        {
            var label = Names.Dns1123Label(definitions[i].Name);
            var candidate = label;
            for (var suffix = 2; !used.Add(candidate); suffix++)
            {
                candidate = Names.Dns1123Label($"{label}-{suffix.ToString(CultureInfo.InvariantCulture)}");
            }
            names[i] = candidate;
        }
        return names;
    }

    /// <summary>Why <paramref name="ecsName"/> runs as <paramref name="name"/>, for notes and warnings.</summary>
    public static string Explain(string ecsName, string name) => Names.Dns1123Label(ecsName) == ecsName
        ? $"another container of the task also reads \"{ecsName}\" as a Kubernetes name; the container is named \"{name}\""
        : $"\"{ecsName}\" is not a Kubernetes container name (a DNS-1123 label); the container is named \"{name}\"";
}
