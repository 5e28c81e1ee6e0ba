namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>core/v1 ServiceAccount, as far as the operator writes it: metadata only.</summary>
public sealed record ServiceAccount : IKubernetesObject
{
    public const string ApiVersionValue = "v1";
    public const string KindValue = "ServiceAccount";

    public string? ApiVersion { get; init; } = ApiVersionValue;

    public string? Kind { get; init; } = KindValue;

    public required ObjectMeta Metadata { get; init; }
}
