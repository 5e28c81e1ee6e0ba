using System.Text.Json;

namespace EcsBridge.Kubernetes.Models;

/// <summary>An object the API server sent that does not decode into the caller's model (a field of the wrong JSON
/// type, say, stored before the CRD's schema was tightened). Only its identity is kept, read from the raw metadata,
/// so a caller can skip it and name it.</summary>
public sealed record UndecodableObject(string? Namespace, string? Name, string? Uid, string? ResourceVersion, string Error)
{
    /// <summary>"namespace/name" (or "name"), the cache key; empty when the object has no readable name.</summary>
    public string Key => Name is null ? "" : string.IsNullOrEmpty(Namespace) ? Name : Namespace + "/" + Name;

    /// <summary>True for the exceptions a model's deserialization raises on bad data (System.Text.Json and the
    /// models' own converters), as opposed to a failure of the transport.</summary>
    public static bool IsDecodeError(Exception exception) =>
        exception is JsonException or FormatException or InvalidOperationException or OverflowException or ArgumentException or NotSupportedException;

    public static UndecodableObject From(JsonElement item, Exception error)
    {
        string? Text(JsonElement metadata, string name) =>
            metadata.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var metadata = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            ? m
            : default;
        return metadata.ValueKind == JsonValueKind.Object
            ? new UndecodableObject(Text(metadata, "namespace"), Text(metadata, "name"), Text(metadata, "uid"), Text(metadata, "resourceVersion"), error.Message)
            : new UndecodableObject(null, null, null, null, error.Message);
    }
}
