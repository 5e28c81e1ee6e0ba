using System.Text.Json.Nodes;
using EcsBridge.Api.Crds;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;

namespace EcsBridge.Hosting;

/// <summary>Installs the CRDs generated from the API types (server-side, so the large schemas never hit the
/// last-applied annotation limit) and waits until the API server serves them. Used by the local mode and tests;
/// clusters install them with kubectl, kustomize or Helm.</summary>
internal static class CrdInstaller
{
    public static async Task InstallAsync(KubeClient client, CancellationToken cancellationToken)
    {
        var apply = new ApplyOptions { FieldManager = "ecsbridge-crds", Force = true };
        foreach (var crd in CrdGenerator.GenerateAll())
        {
            var name = crd.Definition["metadata"]!["name"]!.GetValue<string>();
            await client.ApplyAsync(ResourceType.CustomResourceDefinitions, null, name, crd.Definition, KubeJsonContext.Default.JsonObject, apply,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var live = await client.GetAsync(ResourceType.CustomResourceDefinitions, null, name, KubeJsonContext.Default.JsonObject,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                var established = (live["status"]?["conditions"] as JsonArray)?.Any(c => c?["type"]?.GetValue<string>() == "Established" && c["status"]?.GetValue<string>() == "True") == true;
                if (established)
                {
                    break;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"CRD {name} was not established within 30 s");
                }
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
