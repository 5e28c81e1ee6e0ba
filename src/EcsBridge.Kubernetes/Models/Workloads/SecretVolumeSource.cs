namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record SecretVolumeSource
{
    public required string SecretName { get; init; }

    public bool? Optional { get; init; }
}
