using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;

namespace EcsBridge.IntegrationTests.Client;

internal static class ControllerManagerReady
{
    /// <summary>kube-controller-manager 1.20 exits for good if the API server goes away while it is still building
    /// its controllers (after its /healthz is already green). Before a test restarts the API server, wait until
    /// the controllers run: a new namespace's "default" ServiceAccount has its token secret.</summary>
    public static async Task WaitAsync(ControlPlaneFixture fixture)
    {
        var ns = await fixture.CreateNamespaceAsync("kcm");
        using var admin = fixture.CreateAdminClient();
        await Wait.ValueAsync(async () =>
        {
            var sa = await admin.TryGetAsync(ResourceType.ServiceAccounts, ns, "default", KubeJsonContext.Default.JsonNode);
            return sa?["secrets"]?.AsArray().FirstOrDefault();
        }, "kube-controller-manager to run its controllers");
    }
}
