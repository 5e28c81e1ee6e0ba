namespace EcsBridge.Kubernetes.Watch;

/// <summary>Callbacks for an informer's changes, called one at a time in the order the changes happened. A delete
/// found by a relist (the watch missed it) is delivered like any other delete, with the last cached object.</summary>
public sealed record InformerHandler<T>
{
    public Action<T>? OnAdd { get; init; }

    /// <summary>(old, new); on a resync both are the same object.</summary>
    public Action<T, T>? OnUpdate { get; init; }

    public Action<T>? OnDelete { get; init; }
}
