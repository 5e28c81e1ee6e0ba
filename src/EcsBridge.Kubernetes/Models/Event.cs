namespace EcsBridge.Kubernetes.Models;

/// <summary>core/v1 Event: what `kubectl describe` shows under Events.</summary>
public sealed record Event : IKubernetesObject
{
    public string? ApiVersion { get; init; } = "v1";

    public string? Kind { get; init; } = "Event";

    public required ObjectMeta Metadata { get; init; }

    public required ObjectReference InvolvedObject { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    /// <summary>Normal or Warning.</summary>
    public string? Type { get; init; }

    public EventSource? Source { get; init; }

    public DateTimeOffset? FirstTimestamp { get; init; }

    public DateTimeOffset? LastTimestamp { get; init; }

    public int? Count { get; init; }

    public string? ReportingComponent { get; init; }

    public string? ReportingInstance { get; init; }
}
