namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record DeploymentStrategy
{
    /// <summary>RollingUpdate or Recreate.</summary>
    public string? Type { get; init; }

    public RollingUpdateDeployment? RollingUpdate { get; init; }
}
