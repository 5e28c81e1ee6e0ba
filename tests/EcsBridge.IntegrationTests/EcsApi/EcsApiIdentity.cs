using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.IntegrationTests.Install;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;

namespace EcsBridge.IntegrationTests.EcsApi;

/// <summary>An identity with exactly the install's RBAC for an operator with the ECS API on: the ClusterRoles of
/// config/rbac/role.yaml (as config/default names it) and config/ecs-api/ecs_api_role.yaml, bound to a user of the
/// test's own. Not the install's ServiceAccount: other tests prove what that one may NOT do, and a binding of the
/// ECS API's role to it would change their answers.</summary>
internal sealed record EcsApiIdentity(KubeClientSettings Settings, IReadOnlyList<string> Bindings)
{
    private const string FieldManager = "ecsbridge-ecs-api-test";

    public static async Task<EcsApiIdentity> InstallAsync(ControlPlaneFixture fixture, KubeClient admin, string suffix)
    {
        await CrdInstaller.EnsureInstalledAsync(fixture);
        var managerRole = KustomizeLite.Build(fixture.RepositoryRoot, Path.Combine("config", "rbac"))
            .Single(o => o["kind"]!.GetValue<string>() == "ClusterRole" && o["metadata"]!["name"]!.GetValue<string>() == "ecsbridge-manager-role");
        var ecsApiRole = KustomizeLite.LoadDocuments(Path.Combine(fixture.RepositoryRoot, "config", "ecs-api", "ecs_api_role.yaml"))
            .Single(o => o["kind"]!.GetValue<string>() == "ClusterRole");
        var user = "ecs-api-test-" + suffix;
        var bindings = new List<string>();
        foreach (var role in new[] { managerRole, ecsApiRole })
        {
            var roleName = role["metadata"]!["name"]!.GetValue<string>();
            await admin.ApplyAsync(ResourceType.ClusterRoles, null, roleName, role, KubeJsonContext.Default.JsonObject,
                new ApplyOptions { FieldManager = FieldManager, Force = true });
            var bindingName = $"{user}-{roleName}";
            var binding = new JsonObject
            {
                ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "ClusterRoleBinding",
                ["metadata"] = new JsonObject { ["name"] = bindingName },
                ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = roleName },
                ["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "User", ["name"] = user }),
            };
            await admin.ApplyAsync(ResourceType.ClusterRoleBindings, null, bindingName, binding, KubeJsonContext.Default.JsonObject,
                new ApplyOptions { FieldManager = FieldManager, Force = true });
            bindings.Add(bindingName);
        }
        var settings = KubeClientSettings.FromKubeconfig(fixture.Plane.WriteKubeconfigFor(user));
        // The authorizer learns new bindings through its informers, a moment after the apply returns.
        using (var client = new KubeClient(settings))
        {
            await Ecs.EventuallyAsync(async () =>
            {
                try
                {
                    await client.ListAsync(OperatorResources.EcsServices, null, KubeJsonContext.Default.JsonObject, new ListOptions { Limit = 1 });
                    await client.ListAsync(ResourceType.Namespaces, null, KubeJsonContext.Default.JsonObject, new ListOptions { Limit = 1 });
                    return "bound";
                }
                catch (Exception ex) when (ex is KubeForbiddenException or KubeNotFoundException)
                {
                    return null;
                }
            }, "the test identity's bindings to take effect", 30);
        }
        return new EcsApiIdentity(settings, bindings);
    }
}
