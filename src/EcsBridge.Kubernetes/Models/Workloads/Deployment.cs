namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>apps/v1 Deployment.</summary>
public sealed record Deployment : IKubernetesObject
{
    public const string ApiVersionValue = "apps/v1";
    public const string KindValue = "Deployment";

    public string? ApiVersion { get; init; } = ApiVersionValue;

    public string? Kind { get; init; } = KindValue;

    public required ObjectMeta Metadata { get; init; }

    public DeploymentSpec? Spec { get; init; }

    public DeploymentStatus? Status { get; init; }
}
