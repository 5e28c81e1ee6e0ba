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

    /// <summary>Client-side: an event whose object does not decode is yielded with
    /// <see cref="Models.WatchEvent{T}.Undecodable"/> set (and its resourceVersion) instead of ending the watch.</summary>
    public bool SkipUndecodable { get; init; }

    /// <summary>Called once the server has accepted the watch (its response headers arrived), before any event:
    /// an idle watch sends nothing for minutes, and this is how a caller knows it is connected.</summary>
    public Action? Established { get; init; }
}
