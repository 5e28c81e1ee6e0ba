namespace EcsBridge.Kubernetes.Watch;

public sealed record InformerOptions<T>
{
    /// <summary>Watch one namespace; null watches all (or a cluster-scoped kind).</summary>
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    public int PageSize { get; init; } = 500;

    /// <summary>Applied to each object before it is cached, to keep only what the caller needs.</summary>
    public Func<T, T>? Transform { get; init; }

    /// <summary>When set, every cached object is re-delivered as an update this often.</summary>
    public TimeSpan? ResyncPeriod { get; init; }

    /// <summary>Each watch asks the server to end it after a random time in this range, spreading reconnects.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
