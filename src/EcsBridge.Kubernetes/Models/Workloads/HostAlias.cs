namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record HostAlias
{
    public required string Ip { get; init; }

    public required IReadOnlyList<string> Hostnames { get; init; }
}
