namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record ExecAction
{
    public required IReadOnlyList<string> Command { get; init; }
}
