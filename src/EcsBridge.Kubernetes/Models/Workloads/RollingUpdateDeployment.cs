namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record RollingUpdateDeployment
{
    public IntOrString? MaxUnavailable { get; init; }

    public IntOrString? MaxSurge { get; init; }
}
