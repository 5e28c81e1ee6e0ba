using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Watch;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>--watch-namespaces=a,b: the operator lists, watches and writes only there, which is also what lets it
/// run with RoleBindings in those namespaces instead of a ClusterRoleBinding.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class WatchNamespacesTests(ControlPlaneFixture fixture)
{
    private string Logs => Path.Combine(fixture.Plane.Directory, "runtime-tests");

    [Fact]
    public async Task An_operator_watching_two_namespaces_ignores_objects_in_every_other_namespace()
    {
        await OperatorInstall.InstallAndWriteKubeconfigAsync(fixture);
        var a = await fixture.CreateNamespaceAsync("watch-a");
        var b = await fixture.CreateNamespaceAsync("watch-b");
        var other = await fixture.CreateNamespaceAsync("watch-other");
        using var admin = fixture.CreateAdminClient();
        // Rights in a and b only: a cluster-wide list or a write elsewhere would be forbidden and show in the metrics.
        var user = "runtime-watch-" + Guid.NewGuid().ToString("N")[..8];
        await OperatorEndpointsTests.BindAsync(admin, a, user);
        await OperatorEndpointsTests.BindAsync(admin, b, user);
        // Objects in the unwatched namespace come first, so the operator would have met them before a's and b's.
        foreach (var ns in new[] { other, a, b })
        {
            await ApplyAsync(admin, ns, TaskDefinition("app"));
            await ApplyAsync(admin, ns, Service("app", "app"));
        }

        await using var op = OperatorProcess.Start(fixture.Plane.WriteKubeconfigFor(user), [$"--watch-namespaces={a},{b}"], Logs, "watch");
        await op.WaitReadyAsync(60);
        foreach (var ns in new[] { a, b })
        {
            await WaitForAsync(admin, ResourceType.Deployments, ns, "app", _ => true, () => $"Deployment in {ns}\n" + op.Tail());
            await WaitForAsync(admin, OperatorResources.EcsServices, ns, "app", s => s["status"]?["observedGeneration"] is not null, $"status in {ns}");
        }
        // A later change in the unwatched namespace is ignored as well.
        await ApplyAsync(admin, other, Service("app", "app", desiredCount: 2));
        await ApplyAsync(admin, a, Service("app", "app", desiredCount: 2));
        await WaitForAsync(admin, ResourceType.Deployments, a, "app", d => d["spec"]?["replicas"]?.GetValue<int>() == 2, "update in a reconciled");

        (await GetAsync(admin, ResourceType.Deployments, other, "app")).ShouldBeNull();
        (await GetAsync(admin, OperatorResources.EcsServices, other, "app"))!["status"].ShouldBeNull();
        (await GetAsync(admin, OperatorResources.EcsTaskDefinitions, other, "app"))!["status"].ShouldBeNull();
        var scrape = await op.ScrapeAsync();
        OperatorProcess.Metric(scrape, "kube_client_requests", "code=\"403\"").ShouldBe(0, op.Tail());
        OperatorProcess.Metric(scrape, "kube_client_requests", "verb=\"list\"").ShouldBeGreaterThan(0);
    }
}
