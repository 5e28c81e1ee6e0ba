using System.Text.Json.Nodes;

namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>apps/v1 ControllerRevision: an immutable snapshot (<see cref="Data"/>) numbered by <see cref="Revision"/>.</summary>
public sealed record ControllerRevision : IKubernetesObject
{
    public const string ApiVersionValue = "apps/v1";
    public const string KindValue = "ControllerRevision";

    public string? ApiVersion { get; init; } = ApiVersionValue;

    public string? Kind { get; init; } = KindValue;

    public required ObjectMeta Metadata { get; init; }

    public JsonNode? Data { get; init; }

    public long Revision { get; init; }
}
