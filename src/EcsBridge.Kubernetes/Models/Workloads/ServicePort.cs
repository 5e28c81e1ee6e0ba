namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record ServicePort
{
    /// <summary>Required by the server when a Service has more than one port.</summary>
    public string? Name { get; init; }

    /// <summary>TCP, UDP or SCTP.</summary>
    public string? Protocol { get; init; }

    public string? AppProtocol { get; init; }

    public required int Port { get; init; }

    public IntOrString? TargetPort { get; init; }

    /// <summary>Read back from the server for NodePort/LoadBalancer Services; never written.</summary>
    public int? NodePort { get; init; }
}
