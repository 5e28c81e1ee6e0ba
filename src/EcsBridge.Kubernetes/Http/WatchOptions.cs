namespace EcsBridge.Kubernetes.Http;

public sealed record WatchOptions
{
    /// <summary>Where to start: events after this version. Null starts with synthetic ADDED events for all objects.</summary>
    public string? ResourceVersion { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    public bool AllowWatchBookmarks { get; init; } = true;

    /// <summary>The server closes the watch after this long; a client then resumes from the last version.</summary>
    public int? TimeoutSeconds { get; init; }
}
