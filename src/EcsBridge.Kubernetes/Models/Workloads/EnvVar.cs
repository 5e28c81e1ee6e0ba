namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record EnvVar
{
    public required string Name { get; init; }

    public string? Value { get; init; }

    public EnvVarSource? ValueFrom { get; init; }
}
