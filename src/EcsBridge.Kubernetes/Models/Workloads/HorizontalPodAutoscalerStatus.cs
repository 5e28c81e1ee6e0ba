using System.Text.Json.Nodes;

namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record HorizontalPodAutoscalerStatus
{
    public long? ObservedGeneration { get; init; }

    public DateTimeOffset? LastScaleTime { get; init; }

    public int? CurrentReplicas { get; init; }

    public int? DesiredReplicas { get; init; }

    /// <summary>Kept as raw JSON: only displayed, never interpreted.</summary>
    public JsonArray? CurrentMetrics { get; init; }

    public IReadOnlyList<WorkloadCondition>? Conditions { get; init; }
}
