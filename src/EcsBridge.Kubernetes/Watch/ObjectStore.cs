using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Watch;

/// <summary>
/// A thread-safe in-memory cache of objects keyed "namespace/name" (just "name" when cluster-scoped), with secondary
/// indexes. Built in: <see cref="NamespaceIndex"/>, <see cref="OwnerUidIndex"/> (every ownerReference uid) and
/// <see cref="LabelIndex"/> ("key=value" per label). More can be added with <see cref="AddIndexer"/>.
/// Reads return the cached instances: treat them as immutable.
/// </summary>
public sealed class ObjectStore<T> where T : class, IKubernetesObject
{
    public const string NamespaceIndex = "namespace";
    public const string OwnerUidIndex = "ownerUid";
    public const string LabelIndex = "label";

    private readonly object _lock = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indices = new(StringComparer.Ordinal);

    public ObjectStore()
    {
        AddIndexer(NamespaceIndex, o => o.Metadata.Namespace is { } ns ? [ns] : []);
        AddIndexer(OwnerUidIndex, o => o.Metadata.OwnerReferences?.Select(r => r.Uid) ?? []);
        AddIndexer(LabelIndex, o => o.Metadata.Labels?.Select(l => $"{l.Key}={l.Value}") ?? []);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Adds an index, e.g. "taskDefinition" → the task-definition name a service refers to. Existing
    /// objects are indexed at once, so it may be called after the informer started.</summary>
    public void AddIndexer(string name, Func<T, IEnumerable<string>> indexer)
    {
        lock (_lock)
        {
            if (!_indexers.TryAdd(name, indexer))
            {
                throw new InvalidOperationException($"index \"{name}\" already exists");
            }
            _indices[name] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (key, value) in _items)
            {
                AddToIndex(name, indexer, key, value);
            }
        }
    }

    public T? Get(string? ns, string name) => GetByKey(ObjectKey.Of(ns, name));

    public T? GetByKey(string key)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return _items.Values.ToList();
        }
    }

    public IReadOnlyList<T> List(string ns) => ByIndex(NamespaceIndex, ns);

    public IReadOnlyList<string> Keys()
    {
        lock (_lock)
        {
            return _items.Keys.ToList();
        }
    }

    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            if (!_indices.TryGetValue(indexName, out var index))
            {
                throw new ArgumentException($"no index named \"{indexName}\"", nameof(indexName));
            }
            return index.TryGetValue(value, out var keys) ? keys.Select(k => _items[k]).ToList() : [];
        }
    }

    public IReadOnlyList<string> KeysByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            return _indices.TryGetValue(indexName, out var index) && index.TryGetValue(value, out var keys) ? keys.ToList() : [];
        }
    }

    /// <summary>Objects that name <paramref name="ownerUid"/> in their ownerReferences.</summary>
    public IReadOnlyList<T> ByOwner(string ownerUid) => ByIndex(OwnerUidIndex, ownerUid);

    public IReadOnlyList<T> ByLabel(string key, string value) => ByIndex(LabelIndex, $"{key}={value}");

    /// <summary>Stores the object and returns the one it replaced, if any.</summary>
    internal T? Upsert(T value)
    {
        var key = ObjectKey.Of(value);
        lock (_lock)
        {
            var old = _items.GetValueOrDefault(key);
            if (old is not null)
            {
                RemoveFromIndices(key, old);
            }
            _items[key] = value;
            foreach (var (name, indexer) in _indexers)
            {
                AddToIndex(name, indexer, key, value);
            }
            return old;
        }
    }

    internal T? Remove(string key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }
            RemoveFromIndices(key, old);
            return old;
        }
    }

    private void AddToIndex(string name, Func<T, IEnumerable<string>> indexer, string key, T value)
    {
        var index = _indices[name];
        foreach (var indexValue in indexer(value).Distinct(StringComparer.Ordinal))
        {
            if (!index.TryGetValue(indexValue, out var keys))
            {
                index[indexValue] = keys = new HashSet<string>(StringComparer.Ordinal);
            }
            keys.Add(key);
        }
    }

    private void RemoveFromIndices(string key, T old)
    {
        foreach (var (name, indexer) in _indexers)
        {
            var index = _indices[name];
            foreach (var indexValue in indexer(old))
            {
                if (index.TryGetValue(indexValue, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(indexValue);
                }
            }
        }
    }
}
