namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>Only the Resource metric type is modelled; the others need metrics adapters EcsBridge does not assume.</summary>
public sealed record MetricSpec
{
    /// <summary>Resource, Pods, Object, External or ContainerResource.</summary>
    public required string Type { get; init; }

    public ResourceMetricSource? Resource { get; init; }
}
