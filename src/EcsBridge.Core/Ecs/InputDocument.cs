using System.Text.Json.Nodes;

namespace EcsBridge.Core.Ecs;

/// <summary>One JSON value or YAML document from the input, in order. <paramref name="Line"/> is where it starts
/// (1-based), for messages.</summary>
public sealed record InputDocument(JsonNode Node, int Index, int Line);
