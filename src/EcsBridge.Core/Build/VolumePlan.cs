using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <param name="Volumes">The pod's volumes (null when none).</param>
/// <param name="Mounts">Volume mounts by container definition index (null when a container mounts nothing).</param>
internal sealed record VolumePlan(IReadOnlyList<Volume>? Volumes, IReadOnlyDictionary<int, IReadOnlyList<VolumeMount>?> Mounts);
