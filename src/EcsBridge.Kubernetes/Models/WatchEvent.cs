namespace EcsBridge.Kubernetes.Models;

/// <summary>One event of a watch. For a bookmark only <see cref="ResourceVersion"/> is meaningful.</summary>
public sealed record WatchEvent<T>
{
    public required WatchEventType Type { get; init; }

    public required T Object { get; init; }

    /// <summary>The object's metadata.resourceVersion: where to resume the watch after this event.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Set, with no <see cref="Object"/>, when the object did not decode (only with
    /// <c>WatchOptions.SkipUndecodable</c>; otherwise such an event ends the watch with an exception).</summary>
    public UndecodableObject? Undecodable { get; init; }
}
