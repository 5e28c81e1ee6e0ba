using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Json;

/// <summary>The strict, canonical JSON context for Kubernetes objects: camelCase, null omitted, RFC 3339 times.
/// Partial on purpose: model files elsewhere in this assembly add their own <c>[JsonSerializable]</c> lines to a
/// second <c>partial class KubeJsonContext</c> declaration; the options below apply to all of them.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Rfc3339Converter)])]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(KubeObject))]
[JsonSerializable(typeof(ObjectMeta))]
[JsonSerializable(typeof(ListMeta))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(ConfigMap))]
[JsonSerializable(typeof(Lease))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(Condition))]
public sealed partial class KubeJsonContext : JsonSerializerContext;
