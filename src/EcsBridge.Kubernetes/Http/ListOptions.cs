namespace EcsBridge.Kubernetes.Http;

public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size; the answer carries a continue token when more remain.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>"0" lets the server answer from its watch cache (cheaper, possibly slightly stale).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Client-side: an item that does not decode into the model is left out of the items and reported in
    /// <see cref="Models.KubeList{T}.Undecodable"/>, instead of failing the whole list (one bad object must not
    /// stop a cache).</summary>
    public bool SkipUndecodable { get; init; }
}
