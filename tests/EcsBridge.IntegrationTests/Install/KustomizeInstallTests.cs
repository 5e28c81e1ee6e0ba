using System.Net;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.Install;

/// <summary>`kubectl apply --server-side -k config/default` as the README documents it. The test setup provides
/// kubectl (tests/envtest/kubectl.sh); without one these tests fail and say so.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class KustomizeInstallTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task Kustomize_default_renders_every_install_object_into_ecsbridge_system()
    {
        var output = await Kubectl.RunAsync("kustomize", Path.Combine(fixture.RepositoryRoot, "config", "default"));
        var objects = KustomizeLite.ParseDocuments(output);

        var kinds = objects.Select(o => o["kind"]!.GetValue<string>()).ToList();
        kinds.Count(k => k == "CustomResourceDefinition").ShouldBe(3);
        foreach (var kind in new[] { "Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Deployment" })
        {
            kinds.ShouldContain(kind);
        }
        objects.Single(o => o["kind"]!.GetValue<string>() == "Namespace")["metadata"]!["name"]!.GetValue<string>().ShouldBe("ecsbridge-system");
        foreach (var obj in objects.Where(o => o["kind"]!.GetValue<string>() is not ("Namespace" or "CustomResourceDefinition" or "ClusterRole" or "ClusterRoleBinding")))
        {
            obj["metadata"]!["namespace"]?.GetValue<string>().ShouldBe("ecsbridge-system", obj.ToJsonString());
        }
        var deployment = objects.Single(o => o["kind"]!.GetValue<string>() == "Deployment");
        deployment["metadata"]!["name"]!.GetValue<string>().ShouldBe("ecsbridge-controller-manager");
        deployment["spec"]!["template"]!["spec"]!["serviceAccountName"]!.GetValue<string>().ShouldBe("ecsbridge-controller-manager");
        objects.ShouldContain(o => o["kind"]!.GetValue<string>() == "ClusterRole" && o["metadata"]!["name"]!.GetValue<string>() == "ecsbridge-manager-role");

        // The kubectl-free rendering the RBAC tests use must agree with kustomize on every RBAC object.
        foreach (var expected in KustomizeLite.Build(fixture.RepositoryRoot, Path.Combine("config", "rbac")))
        {
            var actual = objects.Single(o => o["kind"]!.GetValue<string>() == expected["kind"]!.GetValue<string>()
                && o["metadata"]!["name"]!.GetValue<string>() == expected["metadata"]!["name"]!.GetValue<string>());
            actual["metadata"]!["namespace"]?.GetValue<string>().ShouldBe(expected["metadata"]!["namespace"]?.GetValue<string>());
            JsonNode.DeepEquals(actual["rules"], expected["rules"]).ShouldBeTrue();
            JsonNode.DeepEquals(actual["roleRef"], expected["roleRef"]).ShouldBeTrue();
            JsonNode.DeepEquals(actual["subjects"], expected["subjects"]).ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Kubectl_server_side_apply_of_config_default_installs_the_operator()
    {
        await Kubectl.RunAsync("apply", "--server-side", "--force-conflicts", "--kubeconfig", fixture.KubeconfigPath,
            "-k", Path.Combine(fixture.RepositoryRoot, "config", "default"));

        using var admin = fixture.Plane.CreateAdminHttpClient();
        string[] installed =
        [
            "/api/v1/namespaces/ecsbridge-system",
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ecsservices.ecsbridge.io",
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ecstaskdefinitions.ecsbridge.io",
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ecstasks.ecsbridge.io",
            "/api/v1/namespaces/ecsbridge-system/serviceaccounts/ecsbridge-controller-manager",
            "/apis/rbac.authorization.k8s.io/v1/clusterroles/ecsbridge-manager-role",
            "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/ecsbridge-manager-rolebinding",
            "/apis/rbac.authorization.k8s.io/v1/namespaces/ecsbridge-system/roles/ecsbridge-leader-election-role",
            "/apis/apps/v1/namespaces/ecsbridge-system/deployments/ecsbridge-controller-manager",
            "/api/v1/namespaces/ecsbridge-system/services/ecsbridge-controller-manager-metrics-service",
        ];
        foreach (var url in installed)
        {
            (await ClusterClient.StatusOfAsync(admin.GetAsync(url))).ShouldBe(HttpStatusCode.OK, url);
        }
    }
}
