namespace EcsBridge.Kubernetes.Models;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>No object change: only a newer resourceVersion to resume from.</summary>
    Bookmark,
}
