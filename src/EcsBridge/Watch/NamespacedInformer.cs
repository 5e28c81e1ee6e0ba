using System.Text.Json.Serialization.Metadata;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Watch;

namespace EcsBridge.Watch;

/// <summary>One resource kind cached across the watched namespaces: a single cluster-wide informer when all
/// namespaces are watched, else one informer per namespace (so RBAC can be granted per namespace).</summary>
internal sealed class NamespacedInformer<T> : IAsyncDisposable where T : class, IKubernetesObject
{
    private readonly Dictionary<string, Informer<T>> _byNamespace = new(StringComparer.Ordinal);
    private readonly Informer<T>? _clusterWide;

    public NamespacedInformer(KubeClient client, ResourceType type, JsonTypeInfo<T> typeInfo, IReadOnlyList<string> namespaces,
        string? labelSelector = null, Func<T, T>? transform = null, IEnumerable<(string Name, Func<T, IEnumerable<string>> Indexer)>? indexers = null)
    {
        Type = type;
        InformerOptions<T> OptionsFor(string? ns) => new() { Namespace = ns, LabelSelector = labelSelector, Transform = transform };
        if (namespaces.Count == 0)
        {
            _clusterWide = new Informer<T>(client, type, typeInfo, OptionsFor(null));
            All = [_clusterWide];
        }
        else
        {
            foreach (var ns in namespaces.Distinct(StringComparer.Ordinal))
            {
                _byNamespace[ns] = new Informer<T>(client, type, typeInfo, OptionsFor(ns));
            }
            All = [.. _byNamespace.Values];
        }
        foreach (var (name, indexer) in indexers ?? [])
        {
            foreach (var informer in All)
            {
                informer.Store.AddIndexer(name, indexer);
            }
        }
    }

    public ResourceType Type { get; }

    public IReadOnlyList<Informer<T>> All { get; }

    public bool HasSynced => All.All(i => i.HasSynced);

    public IEnumerable<(ResourceType Type, string? Namespace, Func<InformerLiveness> Liveness)> Watches =>
        All.Select(i => (Type, i.Namespace, (Func<InformerLiveness>)(() => i.Liveness)));

    private Informer<T>? For(string? ns) =>
        _clusterWide ?? (ns is not null && _byNamespace.TryGetValue(ns, out var informer) ? informer : null);

    public T? Get(string? ns, string name) => For(ns)?.Store.Get(ns, name);

    public IReadOnlyList<T> ByIndex(string index, string value) =>
        All.Count == 1 ? All[0].Store.ByIndex(index, value) : [.. All.SelectMany(i => i.Store.ByIndex(index, value))];

    public IReadOnlyList<T> ByOwner(string ownerUid) => ByIndex(ObjectStore<T>.OwnerUidIndex, ownerUid);

    public IReadOnlyList<T> List() => All.Count == 1 ? All[0].Store.List() : [.. All.SelectMany(i => i.Store.List())];

    public int Count => All.Sum(i => i.Store.Count);

    public void AddEventHandler(Action<T>? onAdd = null, Action<T, T>? onUpdate = null, Action<T>? onDelete = null)
    {
        foreach (var informer in All)
        {
            informer.AddEventHandler(onAdd, onUpdate, onDelete);
        }
    }

    public void Start()
    {
        foreach (var informer in All)
        {
            informer.Start();
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(All.Select(i => i.WaitForSyncAsync(cancellationToken)));

    public Task RelistAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(All.Select(i => i.RelistAsync(cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        foreach (var informer in All)
        {
            await informer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
