namespace EcsBridge.Kubernetes.Models;

/// <summary>One event of a watch. For a bookmark only <see cref="ResourceVersion"/> is meaningful.</summary>
public sealed record WatchEvent<T>
{
    public required WatchEventType Type { get; init; }

    public required T Object { get; init; }

    /// <summary>The object's metadata.resourceVersion: where to resume the watch after this event.</summary>
    public string? ResourceVersion { get; init; }
}
