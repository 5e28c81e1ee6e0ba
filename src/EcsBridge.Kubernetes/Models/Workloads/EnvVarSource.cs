namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record EnvVarSource
{
    public SecretKeySelector? SecretKeyRef { get; init; }
}
