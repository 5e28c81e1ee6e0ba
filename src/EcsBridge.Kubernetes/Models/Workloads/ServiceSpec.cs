namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record ServiceSpec
{
    public IReadOnlyList<ServicePort>? Ports { get; init; }

    public IReadOnlyDictionary<string, string>? Selector { get; init; }

    /// <summary>Read back from the server; never written (the server allocates it).</summary>
    public string? ClusterIP { get; init; }

    /// <summary>ClusterIP, NodePort, LoadBalancer or ExternalName.</summary>
    public string? Type { get; init; }
}
