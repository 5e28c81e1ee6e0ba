using System.Text.Json.Serialization;

namespace EcsBridge.Kubernetes.Models;

/// <summary><c>metav1.Status</c>: what the API server answers for errors (and some deletes).</summary>
public sealed record Status
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    /// <summary>Success or Failure.</summary>
    [JsonPropertyName("status")]
    public string? Outcome { get; init; }

    public string? Message { get; init; }

    /// <summary>NotFound, AlreadyExists, Conflict, Invalid, Forbidden, Unauthorized, Expired, Gone, TooManyRequests…</summary>
    public string? Reason { get; init; }

    public StatusDetails? Details { get; init; }

    public int? Code { get; init; }
}
