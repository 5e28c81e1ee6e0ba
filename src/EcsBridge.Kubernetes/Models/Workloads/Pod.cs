namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>v1 Pod. The operator reads the status of its services' tasks (the circuit breaker) and creates the pods of
/// one-off EcsTasks, which is what the spec is for; the pod cache drops the spec so it holds only what status needs.</summary>
public sealed record Pod : IKubernetesObject
{
    public const string ApiVersionValue = "v1";
    public const string KindValue = "Pod";

    public string? ApiVersion { get; init; } = ApiVersionValue;

    public string? Kind { get; init; } = KindValue;

    public required ObjectMeta Metadata { get; init; }

    public PodSpec? Spec { get; init; }

    public PodStatus? Status { get; init; }
}
