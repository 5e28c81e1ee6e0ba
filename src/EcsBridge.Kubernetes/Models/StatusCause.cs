namespace EcsBridge.Kubernetes.Models;

/// <summary>One reason a request was rejected, e.g. an invalid field (<see cref="Field"/> is a JSON path like
/// <c>spec.replicas</c>) or a server-side apply conflict with another field manager.</summary>
public sealed record StatusCause
{
    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? Field { get; init; }
}
