namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>core/v1 PodSpec: only the fields EcsBridge writes or reads.</summary>
public sealed record PodSpec
{
    public IReadOnlyList<Volume>? Volumes { get; init; }

    public IReadOnlyList<Container>? InitContainers { get; init; }

    public required IReadOnlyList<Container> Containers { get; init; }

    /// <summary>Always (the default), OnFailure or Never (one-off tasks: ECS never restarts a task's containers).</summary>
    public string? RestartPolicy { get; init; }

    public int? TerminationGracePeriodSeconds { get; init; }

    /// <summary>ClusterFirst, ClusterFirstWithHostNet, Default or None.</summary>
    public string? DnsPolicy { get; init; }

    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }

    public string? ServiceAccountName { get; init; }

    public bool? HostNetwork { get; init; }

    public bool? ShareProcessNamespace { get; init; }

    public PodSecurityContext? SecurityContext { get; init; }

    public IReadOnlyList<LocalObjectReference>? ImagePullSecrets { get; init; }

    public string? Hostname { get; init; }

    public Affinity? Affinity { get; init; }

    public IReadOnlyList<HostAlias>? HostAliases { get; init; }

    public PodDnsConfig? DnsConfig { get; init; }

    public IReadOnlyList<TopologySpreadConstraint>? TopologySpreadConstraints { get; init; }
}
