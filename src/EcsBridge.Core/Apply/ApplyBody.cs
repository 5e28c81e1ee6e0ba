using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Core.Apply;

/// <summary>
/// The exact body the operator server-side-applies for a desired child, and that `ecsbridge render` prints: the
/// builder's canonical JSON plus an <c>ecsbridge.io/applied-hash</c> annotation. The hash changes whenever the body
/// does, so a field the operator stops setting is noticed even though comparing against the live object is a
/// subset test.
/// </summary>
public static class ApplyBody
{
    public const string HashAnnotation = "ecsbridge.io/applied-hash";

    public static JsonObject For(IKubernetesObject desired)
    {
        var json = DesiredStateJson.Serialize(desired);
        var body = JsonNode.Parse(json)!.AsObject();
        var metadata = body["metadata"] as JsonObject ?? new JsonObject();
        // The owner's UID is the cluster's, not the declaration's: hashing without it lets `render` (which has no
        // owner) print the same annotation the operator applies.
        var owners = metadata["ownerReferences"];
        metadata.Remove("ownerReferences");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToJsonString(DesiredStateJson.CompactOptions))))[..16];
        if (owners is not null)
        {
            metadata["ownerReferences"] = owners;
        }
        body["metadata"] = metadata;
        var annotations = metadata["annotations"] as JsonObject ?? new JsonObject();
        metadata["annotations"] = annotations;
        annotations[HashAnnotation] = hash;
        return body;
    }

    public static IReadOnlyList<JsonObject> ForAll(DesiredState state) => [.. state.Objects().Select(For)];
}
