namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record PodSecurityContext
{
    public long? RunAsUser { get; init; }

    public long? RunAsGroup { get; init; }

    public bool? RunAsNonRoot { get; init; }

    public long? FsGroup { get; init; }
}
