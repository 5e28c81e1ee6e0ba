using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Watch;

/// <summary>An object's identity in the caches and the work queues: namespace and name, never the object (reconciles
/// read the cache, level-based). As text, "namespace/name", or "name" when cluster-scoped.</summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    public override string ToString() => Of(Namespace, Name);

    public static ObjectKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new ObjectKey(string.Empty, key) : new ObjectKey(key[..slash], key[(slash + 1)..]);
    }

    public static string Of(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public static string Of(IKubernetesObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Of(value.Metadata.Namespace, value.Metadata.Name ?? throw new ArgumentException("object has no metadata.name", nameof(value)));
    }
}
