namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record NodeSelectorRequirement
{
    public required string Key { get; init; }

    /// <summary>In, NotIn, Exists, DoesNotExist, Gt or Lt.</summary>
    public required string Operator { get; init; }

    public IReadOnlyList<string>? Values { get; init; }
}
