using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.IntegrationTests.Install;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;

namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>Installs what config/default renders for the operator's identity — the namespace, ServiceAccount and
/// RBAC — through the project's client (server-side apply), and hands out a kubeconfig that authenticates as that
/// ServiceAccount (a client certificate with its user name and groups, which RBAC treats exactly alike).</summary>
internal static class OperatorInstall
{
    public const string Namespace = "ecsbridge-system";
    public const string ServiceAccount = "ecsbridge-controller-manager";
    public const string FieldManager = "ecsbridge-runtime-test";

    private static readonly Dictionary<string, ResourceType> InstallKinds = new()
    {
        ["Namespace"] = ResourceType.Namespaces,
        ["ServiceAccount"] = ResourceType.ServiceAccounts,
        ["ClusterRole"] = ResourceType.ClusterRoles,
        ["ClusterRoleBinding"] = ResourceType.ClusterRoleBindings,
        ["Role"] = ResourceType.Roles,
        ["RoleBinding"] = ResourceType.RoleBindings,
    };

    /// <summary>config/default as `kubectl kustomize` renders it (what a user installs).</summary>
    public static async Task<IReadOnlyList<JsonObject>> RenderAsync(string repositoryRoot) =>
        KustomizeLite.ParseDocuments(await Kubectl.RunAsync("kustomize", Path.Combine(repositoryRoot, "config", "default")));

    /// <summary>Applies the rendered namespace, ServiceAccount and RBAC objects (idempotent), installs the CRDs, waits
    /// until the authorizer honours the bindings and returns a kubeconfig for the ServiceAccount's identity.</summary>
    public static async Task<string> InstallAndWriteKubeconfigAsync(ControlPlaneFixture fixture)
    {
        await CrdInstaller.EnsureInstalledAsync(fixture);
        var rendered = await RenderAsync(fixture.RepositoryRoot);
        var installed = rendered.Where(o => InstallKinds.ContainsKey(o["kind"]!.GetValue<string>()))
            // The namespace first: everything namespaced lands in it.
            .OrderBy(o => o["kind"]!.GetValue<string>() == "Namespace" ? 0 : 1).ToList();
        installed.ShouldContain(o => o["kind"]!.GetValue<string>() == "ServiceAccount" && o["metadata"]!["name"]!.GetValue<string>() == ServiceAccount);
        using (var admin = fixture.CreateAdminClient())
        {
            foreach (var obj in installed)
            {
                var metadata = obj["metadata"]!;
                await admin.ApplyAsync(InstallKinds[obj["kind"]!.GetValue<string>()], metadata["namespace"]?.GetValue<string>(),
                    metadata["name"]!.GetValue<string>(), obj, KubeJsonContext.Default.JsonObject,
                    new ApplyOptions { FieldManager = FieldManager, Force = true });
            }
        }
        var kubeconfig = fixture.Plane.WriteKubeconfigFor(
            $"system:serviceaccount:{Namespace}:{ServiceAccount}", "system:serviceaccounts", $"system:serviceaccounts:{Namespace}");
        await WaitUntilAuthorizedAsync(kubeconfig);
        return kubeconfig;
    }

    // The authorizer learns new bindings through its informers, a moment after the apply returns.
    private static async Task WaitUntilAuthorizedAsync(string kubeconfig)
    {
        using var client = new KubeClient(KubeClientSettings.FromKubeconfig(kubeconfig));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await client.ListAsync(ResourceType.Deployments, null, KubeJsonContext.Default.JsonObject, new ListOptions { Limit = 1 });
                await client.TryGetAsync(ResourceType.Leases, Namespace, "probe", KubeJsonContext.Default.JsonObject);
                return;
            }
            catch (KubeForbiddenException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
