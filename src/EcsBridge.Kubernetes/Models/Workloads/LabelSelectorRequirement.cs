namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record LabelSelectorRequirement
{
    public required string Key { get; init; }

    /// <summary>In, NotIn, Exists or DoesNotExist.</summary>
    public required string Operator { get; init; }

    public IReadOnlyList<string>? Values { get; init; }
}
