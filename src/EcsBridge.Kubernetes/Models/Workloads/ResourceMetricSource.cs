namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record ResourceMetricSource
{
    /// <summary>cpu or memory.</summary>
    public required string Name { get; init; }

    public required MetricTarget Target { get; init; }
}
