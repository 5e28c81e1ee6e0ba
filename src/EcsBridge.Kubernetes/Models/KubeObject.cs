using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcsBridge.Kubernetes.Models;

/// <summary>Any Kubernetes object: typed metadata plus every other field kept as raw JSON, so an informer can
/// cache kinds it has no model for and a read-modify-write keeps fields it does not know.
/// <c>metadata.managedFields</c> is dropped because <see cref="ObjectMeta"/> does not model it.</summary>
public sealed record KubeObject : IKubernetesObject
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public required ObjectMeta Metadata { get; init; }

    [JsonExtensionData]
    // Settable rather than init: System.Text.Json cannot bind extension data through an initializer.
    public Dictionary<string, JsonElement>? Fields { get; set; }
}
