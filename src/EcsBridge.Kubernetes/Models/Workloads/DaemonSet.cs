namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>apps/v1 DaemonSet.</summary>
public sealed record DaemonSet : IKubernetesObject
{
    public const string ApiVersionValue = "apps/v1";
    public const string KindValue = "DaemonSet";

    public string? ApiVersion { get; init; } = ApiVersionValue;

    public string? Kind { get; init; } = KindValue;

    public required ObjectMeta Metadata { get; init; }

    public DaemonSetSpec? Spec { get; init; }

    public DaemonSetStatus? Status { get; init; }
}
