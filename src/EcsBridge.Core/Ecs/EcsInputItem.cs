using System.Text.Json.Nodes;

namespace EcsBridge.Core.Ecs;

/// <summary>One task definition, service, scaling item or Kubernetes object found in the input.
/// <paramref name="Origin"/> says where it came from ("document 2, services[1]") for messages.</summary>
public sealed record EcsInputItem(EcsInputShape Shape, JsonObject Body, string Origin)
{
    /// <summary>The sibling "tags" of describe-task-definition output.</summary>
    public JsonNode? SiblingTags { get; init; }
}
