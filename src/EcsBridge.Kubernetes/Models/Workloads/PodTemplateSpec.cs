namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record PodTemplateSpec
{
    public ObjectMeta? Metadata { get; init; }

    public PodSpec? Spec { get; init; }
}
