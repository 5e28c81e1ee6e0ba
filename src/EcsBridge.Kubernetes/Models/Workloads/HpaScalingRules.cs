namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record HpaScalingRules
{
    public int? StabilizationWindowSeconds { get; init; }

    /// <summary>Max, Min or Disabled.</summary>
    public string? SelectPolicy { get; init; }

    public IReadOnlyList<HpaScalingPolicy>? Policies { get; init; }
}
