using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Watch;

/// <summary>The cache key of an object: "namespace/name", or "name" when cluster-scoped.</summary>
public static class ObjectKey
{
    public static string Of(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public static string Of(IKubernetesObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Of(value.Metadata.Namespace, value.Metadata.Name ?? throw new ArgumentException("object has no metadata.name", nameof(value)));
    }
}
