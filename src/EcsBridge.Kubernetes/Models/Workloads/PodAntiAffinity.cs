namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record PodAntiAffinity
{
    public IReadOnlyList<PodAffinityTerm>? RequiredDuringSchedulingIgnoredDuringExecution { get; init; }
}
