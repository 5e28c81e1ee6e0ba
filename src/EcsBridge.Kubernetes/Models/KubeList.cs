namespace EcsBridge.Kubernetes.Models;

/// <summary>One page of a list (or all pages, from <c>ListAllAsync</c>).</summary>
public sealed record KubeList<T>
{
    public required ListMeta Metadata { get; init; }

    public required IReadOnlyList<T> Items { get; init; }
}
