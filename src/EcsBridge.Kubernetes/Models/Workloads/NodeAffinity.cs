namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record NodeAffinity
{
    public NodeSelector? RequiredDuringSchedulingIgnoredDuringExecution { get; init; }
}
