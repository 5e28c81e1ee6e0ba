using EcsBridge.Api.TaskDefinitions;

namespace EcsBridge.Core.Build;

/// <param name="Index">The position in containerDefinitions, for note paths.</param>
/// <param name="Definition">The ECS container definition.</param>
/// <param name="Name">The Kubernetes container name.</param>
/// <param name="Role">Where it lands in the pod.</param>
/// <param name="GatedOnHealth">A sidecar others wait for until it is HEALTHY: it gets a startup probe.</param>
internal sealed record PlannedContainer(int Index, ContainerDefinition Definition, string Name, ContainerRole Role, bool GatedOnHealth)
{
    /// <summary>mapping index → the pod-unique port name (<see cref="PortNames"/>), for named mappings.</summary>
    public IReadOnlyDictionary<int, string> PortNames { get; init; } = new Dictionary<int, string>();

    public bool Essential => Definition.Essential ?? true;

    public string Path => $"containerDefinitions[{Index}]";
}
