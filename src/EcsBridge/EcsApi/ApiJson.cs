using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using EcsBridge.Api;

namespace EcsBridge.EcsApi;

/// <summary>The CRD types' JSON (ECS's own field names and lenient number converters) comes from their assembly's
/// source-generated context; the ECS API embeds it in its answers as JSON nodes.</summary>
internal static class ApiJson
{
    public static JsonTypeInfo<T> Info<T>() =>
        ApiJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no source-generated JSON in ApiJsonContext");

    public static JsonNode? Node<T>(T? value) where T : class =>
        value is null ? null : JsonSerializer.SerializeToNode(value, Info<T>());

    public static T? Read<T>(JsonElement? element) where T : class =>
        element is { ValueKind: not JsonValueKind.Null } e ? e.Deserialize(Info<T>()) : null;
}
