using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>Stores EcsServices the operator's model cannot read, as a cluster can hold them: the EcsService CRD is
/// swapped for one whose spec takes anything, the objects are created, and the real CRD is put back (an API server
/// never re-validates what it stored). Only the fault suite's own control plane is touched this way.</summary>
internal static class LooseCrd
{
    private const string Name = "ecsservices.ecsbridge.io";

    /// <summary>Creates each body (EcsService JSON) in <paramref name="ns"/> under a loose schema, then restores the
    /// real CRD and waits until it validates again.</summary>
    public static async Task CreateUnreadableAsync(KubeClient admin, string ns, params JsonObject[] bodies)
    {
        var original = await admin.GetAsync(ResourceType.CustomResourceDefinitions, null, Name, KubeJsonContext.Default.JsonObject);
        Strip(original);
        try
        {
            var loose = original.DeepClone().AsObject();
            foreach (var version in loose["spec"]!["versions"]!.AsArray().OfType<JsonObject>())
            {
                version["schema"]!["openAPIV3Schema"]!["properties"]!["spec"] = new JsonObject
                {
                    ["type"] = "object",
                    ["x-kubernetes-preserve-unknown-fields"] = true,
                };
                // The scale subresource reads spec.desiredCount through the schema; the loose one has no such field.
                (version["subresources"] as JsonObject)?.Remove("scale");
            }
            await ReplaceAsync(admin, loose);
            foreach (var body in bodies)
            {
                var name = body["metadata"]!["name"]!.GetValue<string>();
                body["metadata"]!["namespace"] = ns;
                // The API server takes a moment to serve the new schema: until then the body is refused as invalid.
                await Ecs.EventuallyAsync(async () =>
                {
                    try
                    {
                        await admin.CreateAsync(OperatorResources.EcsServices, ns, body.DeepClone().AsObject(), KubeJsonContext.Default.JsonObject);
                        return "created";
                    }
                    catch (KubeInvalidException)
                    {
                        return null;
                    }
                }, $"EcsService {name} accepted under the loose schema", 60);
            }
        }
        finally
        {
            await ReplaceAsync(admin, original);
        }
        var probe = bodies[0].DeepClone().AsObject();
        probe["metadata"] = new JsonObject { ["name"] = "schema-probe", ["namespace"] = ns };
        await Ecs.EventuallyAsync(async () =>
        {
            try
            {
                await admin.CreateAsync(OperatorResources.EcsServices, ns, probe, KubeJsonContext.Default.JsonObject, dryRun: true);
                return null;
            }
            catch (KubeInvalidException)
            {
                return "validating";
            }
        }, "the real EcsService schema validating again", 60);
    }

    private static async Task ReplaceAsync(KubeClient admin, JsonObject crd)
    {
        var live = await admin.GetAsync(ResourceType.CustomResourceDefinitions, null, Name, KubeJsonContext.Default.JsonObject);
        var body = crd.DeepClone().AsObject();
        body["metadata"]!["resourceVersion"] = live["metadata"]!["resourceVersion"]!.GetValue<string>();
        await admin.ReplaceAsync(ResourceType.CustomResourceDefinitions, null, Name, body, KubeJsonContext.Default.JsonObject);
    }

    private static void Strip(JsonObject crd)
    {
        crd.Remove("status");
        var metadata = crd["metadata"]!.AsObject();
        metadata.Remove("managedFields");
        metadata.Remove("resourceVersion");
    }
}
