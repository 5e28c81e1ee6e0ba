namespace EcsBridge.Kubernetes.Models;

/// <summary>The shape of <c>metav1.Condition</c>.</summary>
public sealed record Condition
{
    public required string Type { get; init; }

    /// <summary>True, False or Unknown.</summary>
    public required string Status { get; init; }

    public long? ObservedGeneration { get; init; }

    public DateTimeOffset? LastTransitionTime { get; init; }

    public required string Reason { get; init; }

    public string? Message { get; init; }
}
