namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record PersistentVolumeClaimVolumeSource
{
    public required string ClaimName { get; init; }

    public bool? ReadOnly { get; init; }
}
