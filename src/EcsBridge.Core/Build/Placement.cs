using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>The scheduling part of the pod spec.</summary>
internal sealed record Placement(
    IReadOnlyDictionary<string, string>? NodeSelector,
    Affinity? Affinity,
    IReadOnlyList<TopologySpreadConstraint>? TopologySpreadConstraints);
