using System.Diagnostics;
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

    /// <summary>config/default as `kubectl kustomize` renders it; without kubectl, the kubectl-free rendering of
    /// config/rbac plus the overlay's namespace (the install tests check the two agree when kubectl is there).</summary>
    public static async Task<IReadOnlyList<JsonObject>> RenderAsync(string repositoryRoot)
    {
        if (FindKubectl() is { } kubectl)
        {
            return KustomizeLite.ParseDocuments(await KubectlKustomizeAsync(kubectl, Path.Combine(repositoryRoot, "config", "default")));
        }
        var (ns, _) = KustomizeLite.DefaultOverlay(repositoryRoot);
        var namespaceObject = KustomizeLite.LoadDocuments(Path.Combine(repositoryRoot, "config", "default", "namespace.yaml")).Single();
        namespaceObject["metadata"]!["name"] = ns;
        return [namespaceObject, .. KustomizeLite.Build(repositoryRoot, Path.Combine("config", "rbac"))];
    }

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

    private static string? FindKubectl() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);

    private static async Task<string> KubectlKustomizeAsync(string kubectl, string directory)
    {
        var info = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(directory);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + kubectl);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {await stderr}");
        }
        return await stdout;
    }
}
