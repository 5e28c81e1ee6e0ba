namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record MetricTarget
{
    /// <summary>Utilization, Value or AverageValue.</summary>
    public required string Type { get; init; }

    public string? Value { get; init; }

    public string? AverageValue { get; init; }

    public int? AverageUtilization { get; init; }
}
