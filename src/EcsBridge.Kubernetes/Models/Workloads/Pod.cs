namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>v1 Pod, read-only: the operator never writes pods, it reads their status to count failed tasks. The spec
/// is left out on purpose so the cache holds only what status needs.</summary>
public sealed record Pod : IKubernetesObject
{
    public const string ApiVersionValue = "v1";
    public const string KindValue = "Pod";

    public string? ApiVersion { get; init; } = ApiVersionValue;

    public string? Kind { get; init; } = KindValue;

    public required ObjectMeta Metadata { get; init; }

    public PodStatus? Status { get; init; }
}
