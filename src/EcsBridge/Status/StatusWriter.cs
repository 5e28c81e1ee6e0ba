using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Status;

/// <summary>Writes an object's status through the status subresource, once, and only when it differs from what
/// the cache holds (unconditional status writes wake the operator's own watch and loop).</summary>
internal sealed class StatusWriter(KubeClient client, string fieldManager)
{
    private readonly ApplyOptions _apply = new() { FieldManager = fieldManager, Force = true };

    /// <returns>true when a write was sent.</returns>
    public async Task<bool> WriteAsync<TStatus>(ResourceType type, IKubernetesObject owner, TStatus? current, TStatus desired,
        JsonTypeInfo<TStatus> typeInfo, CancellationToken cancellationToken) where TStatus : class
    {
        var desiredNode = JsonSerializer.SerializeToNode(desired, typeInfo);
        if (current is not null && JsonNode.DeepEquals(JsonSerializer.SerializeToNode(current, typeInfo), desiredNode))
        {
            return false;
        }
        var body = new JsonObject
        {
            ["apiVersion"] = owner.ApiVersion,
            ["kind"] = owner.Kind,
            ["metadata"] = new JsonObject { ["name"] = owner.Metadata.Name, ["namespace"] = owner.Metadata.Namespace },
            ["status"] = desiredNode,
        };
        await client.ApplyAsync(type, owner.Metadata.Namespace, owner.Metadata.Name!, body, KubeJsonContext.Default.JsonObject, _apply,
            subresource: "status", cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }
}
