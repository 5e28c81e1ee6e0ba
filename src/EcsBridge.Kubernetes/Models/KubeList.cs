namespace EcsBridge.Kubernetes.Models;

/// <summary>One page of a list (or all pages, from <c>ListAllAsync</c>).</summary>
public sealed record KubeList<T>
{
    public required ListMeta Metadata { get; init; }

    public required IReadOnlyList<T> Items { get; init; }

    /// <summary>Items left out of <see cref="Items"/> because they did not decode (only with
    /// <c>ListOptions.SkipUndecodable</c>; otherwise such an item fails the whole list).</summary>
    public IReadOnlyList<UndecodableObject> Undecodable { get; init; } = [];
}
