using System.Text.Json.Serialization;

namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record ContainerPort
{
    /// <summary>An IANA_SVC_NAME: at most 15 characters, lower-case alphanumerics and '-'.</summary>
    public string? Name { get; init; }

    public int? HostPort { get; init; }

    /// <summary>Written as <c>containerPort</c>; C# does not allow a member named after its type.</summary>
    [JsonPropertyName("containerPort")]
    public required int Port { get; init; }

    /// <summary>TCP, UDP or SCTP.</summary>
    public string? Protocol { get; init; }
}
