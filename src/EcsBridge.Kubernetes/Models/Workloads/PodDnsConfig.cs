namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record PodDnsConfig
{
    public IReadOnlyList<string>? Nameservers { get; init; }

    public IReadOnlyList<string>? Searches { get; init; }
}
