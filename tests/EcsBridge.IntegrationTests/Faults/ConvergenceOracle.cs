using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>
/// Whether a service's children carry what the suite itself wrote, judged without the operator's code: the
/// expectation (each container's image, the replica count) comes from the bodies the suite sent, and the check
/// reads the objects back from the API server.
/// </summary>
internal static class ConvergenceOracle
{
    /// <summary>What a Deployment must carry: container name → image, and the replica count.</summary>
    public sealed record Expected(IReadOnlyDictionary<string, string> Images, int Replicas);

    /// <summary>The expectation read from the JSON bodies the suite applied (an EcsTaskDefinition and its EcsService).</summary>
    public static Expected FromWritten(string taskDefinitionJson, string serviceJson)
    {
        var containers = JsonNode.Parse(taskDefinitionJson)!["spec"]!["containerDefinitions"]!.AsArray();
        var images = containers.ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["image"]!.GetValue<string>(), StringComparer.Ordinal);
        var replicas = JsonNode.Parse(serviceJson)!["spec"]!["desiredCount"]!.GetValue<int>();
        return new Expected(images, replicas);
    }

    /// <summary>Null when the EcsService (the one the API answered with <paramref name="serviceUid"/>) has observed its
    /// latest generation and its Deployment is controlled by it and carries <paramref name="expected"/>; else why not.</summary>
    public static async Task<string?> DivergenceAsync(KubeClient admin, string ns, string name, string serviceUid, Expected expected)
    {
        var service = await admin.TryGetAsync(OperatorResources.EcsServices, ns, name, KubeJsonContext.Default.JsonObject);
        if (service is null)
        {
            return "the EcsService is gone";
        }
        if (Ecs.Text(service["metadata"]!["uid"]) != serviceUid)
        {
            return $"the EcsService was replaced (uid {Ecs.Text(service["metadata"]!["uid"])}, the API answered {serviceUid})";
        }
        var deployment = await admin.TryGetAsync(ResourceType.Deployments, ns, name, KubeJsonContext.Default.JsonObject);
        if (deployment is null)
        {
            return "no Deployment";
        }
        var controlled = (deployment["metadata"]!["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .Any(o => Ecs.Text(o["uid"]) == serviceUid && o["controller"]?.GetValue<bool>() == true) == true;
        if (!controlled)
        {
            return "the Deployment is not controlled by the EcsService";
        }
        var images = (deployment["spec"]?["template"]?["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>()
            .ToDictionary(c => Ecs.Text(c["name"]) ?? "", c => Ecs.Text(c["image"]) ?? "", StringComparer.Ordinal) ?? [];
        var replicas = deployment["spec"]?["replicas"]?.GetValue<int>();
        // README: an ECS container name runs under its DNS-1123 label (lower-case, '_' → '-'); the suite's names never clash.
        var wrongImages = expected.Images.Count != images.Count
            || expected.Images.Any(p => !images.TryGetValue(p.Key.ToLowerInvariant().Replace('_', '-'), out var image) || image != p.Value);
        if (wrongImages || replicas != expected.Replicas)
        {
            return $"Deployment has images [{Show(images)}], replicas {replicas}; the suite wrote [{Show(expected.Images)}], {expected.Replicas}";
        }
        var generation = service["metadata"]!["generation"]?.GetValue<long>();
        var observed = service["status"]?["observedGeneration"]?.GetValue<long>();
        return observed == generation ? null : $"status observed generation {observed}, not {generation}";
    }

    /// <summary>As above, for a service the caller applied from these two bodies, judged against the uid it now has.</summary>
    public static async Task<string?> DivergenceAsync(KubeClient admin, string ns, string taskDefinitionJson, string serviceJson)
    {
        var name = JsonNode.Parse(serviceJson)!["metadata"]!["name"]!.GetValue<string>();
        var service = await admin.TryGetAsync(OperatorResources.EcsServices, ns, name, KubeJsonContext.Default.JsonObject);
        return service is null
            ? "the EcsService is gone"
            : await DivergenceAsync(admin, ns, name, Ecs.Text(service["metadata"]!["uid"])!, FromWritten(taskDefinitionJson, serviceJson));
    }

    private static string Show(IEnumerable<KeyValuePair<string, string>> images) =>
        string.Join(", ", images.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
