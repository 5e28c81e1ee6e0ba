namespace EcsBridge.Kubernetes.Models;

/// <summary>Standard object metadata. <c>managedFields</c> is deliberately not modelled: the operator never
/// needs it and caching it would double the memory per object.</summary>
public sealed record ObjectMeta
{
    public string? Name { get; init; }

    public string? GenerateName { get; init; }

    public string? Namespace { get; init; }

    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }

    public long? Generation { get; init; }

    public DateTimeOffset? CreationTimestamp { get; init; }

    public DateTimeOffset? DeletionTimestamp { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public IReadOnlyList<OwnerReference>? OwnerReferences { get; init; }

    public IReadOnlyList<string>? Finalizers { get; init; }
}
