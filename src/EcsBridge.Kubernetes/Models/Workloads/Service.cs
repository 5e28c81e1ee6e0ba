namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>core/v1 Service.</summary>
public sealed record Service : IKubernetesObject
{
    public const string ApiVersionValue = "v1";
    public const string KindValue = "Service";

    public string? ApiVersion { get; init; } = ApiVersionValue;

    public string? Kind { get; init; } = KindValue;

    public required ObjectMeta Metadata { get; init; }

    public ServiceSpec? Spec { get; init; }
}
