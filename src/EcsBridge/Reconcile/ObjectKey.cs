namespace EcsBridge.Reconcile;

/// <summary>What the queue carries: namespace/name, never the object (reconciles read the cache, level-based).</summary>
internal readonly record struct ObjectKey(string Namespace, string Name)
{
    public override string ToString() => Namespace + "/" + Name;

    public static ObjectKey Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new ObjectKey(string.Empty, key) : new ObjectKey(key[..slash], key[(slash + 1)..]);
    }
}
