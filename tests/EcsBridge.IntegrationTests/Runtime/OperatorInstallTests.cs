using System.Net;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>Issue 6, install: config/default's RBAC and namespace on the real control plane, then the operator
/// process under the ServiceAccount's identity with leader election in ecsbridge-system, reconciling a sample.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class OperatorInstallTests(ControlPlaneFixture fixture)
{
    private string Logs => Path.Combine(fixture.Plane.Directory, "runtime-tests");

    [Fact]
    public async Task Operator_installed_from_config_default_reconciles_a_sample_under_its_service_account()
    {
        var kubeconfig = await OperatorInstall.InstallAndWriteKubeconfigAsync(fixture);
        var ns = await fixture.CreateNamespaceAsync("install");
        using var admin = fixture.CreateAdminClient();
        await using var op = OperatorProcess.Start(kubeconfig,
            ["--leader-elect", $"--leader-election-namespace={OperatorInstall.Namespace}", "--retry-period=1s"], Logs, "installed");
        await op.WaitReadyAsync();

        var yaml = await File.ReadAllTextAsync(Path.Combine(fixture.RepositoryRoot, "config", "samples", "ecsbridge.io_v1alpha1_web.yaml"));
        foreach (var document in CrdInstaller.ReadYamlDocuments(yaml))
        {
            await ApplyAsync(admin, ns, document.ToJsonString());
        }

        var deployment = await WaitForAsync(admin, ResourceType.Deployments, ns, "web", _ => true, () => "web Deployment\n" + op.Tail());
        Text(deployment["metadata"]!["ownerReferences"]![0]!["kind"]).ShouldBe("EcsService");
        await WaitForAsync(admin, ResourceType.Services, ns, "web", _ => true, "web Service");
        await WaitForAsync(admin, ResourceType.HorizontalPodAutoscalersV2Beta2, ns, "web", _ => true, "web HPA");
        var service = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
            s => s["status"]?["observedGeneration"] is not null, () => "web status written\n" + op.Tail());
        Text(service["status"]!["taskDefinition"]).ShouldBe("web:1");
        await WaitForAsync(admin, OperatorResources.EcsTaskDefinitions, ns, "web", t => t["status"]?["revision"] is not null, "task definition status");

        // The operator took the Lease where the Role allows it, and needed nothing its RBAC does not grant.
        var lease = await admin.GetAsync(ResourceType.Leases, OperatorInstall.Namespace, "ecsbridge-leader", KubeJsonContext.Default.JsonObject);
        Text(lease["spec"]!["holderIdentity"]).ShouldNotBeNullOrEmpty();
        var scrape = await op.ScrapeAsync();
        OperatorProcess.Metric(scrape, "leader_election_master_status").ShouldBe(1);
        OperatorProcess.Metric(scrape, "kube_client_requests", "code=\"403\"").ShouldBe(0, op.Tail());
        OperatorProcess.Metric(scrape, "kube_client_requests", "verb=\"apply\"").ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_operator_identity_is_forbidden_to_read_secrets()
    {
        var kubeconfig = await OperatorInstall.InstallAndWriteKubeconfigAsync(fixture);
        var ns = await fixture.CreateNamespaceAsync("install");
        using var admin = fixture.CreateAdminClient();
        await admin.CreateAsync(ResourceType.Secrets, ns, System.Text.Json.Nodes.JsonNode.Parse(
            $$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"{{ns}}"},"stringData":{"password":"s3cret"} }""")!.AsObject(),
            KubeJsonContext.Default.JsonObject);
        using var asOperator = new KubeClient(KubeClientSettings.FromKubeconfig(kubeconfig));

        var get = await Should.ThrowAsync<KubeForbiddenException>(() =>
            asOperator.GetAsync(ResourceType.Secrets, ns, "db", KubeJsonContext.Default.JsonObject));
        get.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var list = await Should.ThrowAsync<KubeForbiddenException>(() =>
            asOperator.ListAsync(ResourceType.Secrets, null, KubeJsonContext.Default.JsonObject));
        list.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // The same identity is not simply locked out: it reads what the operator needs.
        (await asOperator.ListAsync(ResourceType.Deployments, ns, KubeJsonContext.Default.JsonObject)).Items.ShouldBeEmpty();
    }
}
