namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>core/v1 Volume: exactly one source is set.</summary>
public sealed record Volume
{
    public required string Name { get; init; }

    public HostPathVolumeSource? HostPath { get; init; }

    public EmptyDirVolumeSource? EmptyDir { get; init; }

    public SecretVolumeSource? Secret { get; init; }

    public PersistentVolumeClaimVolumeSource? PersistentVolumeClaim { get; init; }

    public ConfigMapVolumeSource? ConfigMap { get; init; }
}
