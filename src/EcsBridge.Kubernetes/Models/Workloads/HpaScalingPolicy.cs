namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record HpaScalingPolicy
{
    /// <summary>Pods or Percent.</summary>
    public required string Type { get; init; }

    public required int Value { get; init; }

    public required int PeriodSeconds { get; init; }
}
