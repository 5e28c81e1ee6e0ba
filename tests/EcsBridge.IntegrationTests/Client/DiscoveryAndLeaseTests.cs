using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Discovery;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.LeaderElection;

namespace EcsBridge.IntegrationTests.Client;

[Collection(ControlPlaneCollection.Name)]
public sealed class DiscoveryAndLeaseTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task Discovery_reports_the_server_version_and_picks_autoscaling_v2beta2_on_Kubernetes_1_20()
    {
        using var client = fixture.CreateAdminClient();

        var capabilities = await ClusterCapabilities.DiscoverAsync(client);

        capabilities.Version.GitVersion.ShouldStartWith("v1.20");
        capabilities.Version.IsAtLeast(1, 20).ShouldBeTrue();
        capabilities.IsServed("apps", "v1", "deployments").ShouldBeTrue();
        capabilities.IsServed("apps", "v1", "deployments/scale").ShouldBeTrue();
        capabilities.IsServed("", "v1", "configmaps").ShouldBeTrue();
        capabilities.IsServed("autoscaling", "v2", "horizontalpodautoscalers").ShouldBeFalse();
        capabilities.IsServed("autoscaling", "v2beta2", "horizontalpodautoscalers").ShouldBeTrue();
        capabilities.HorizontalPodAutoscalerVersion.ShouldBe("v2beta2");
        capabilities.HorizontalPodAutoscalers.ShouldBe(ResourceType.HorizontalPodAutoscalersV2Beta2);
    }

    [Fact]
    public async Task One_of_two_electors_leads_and_the_other_takes_over_when_it_stops()
    {
        var ns = await fixture.CreateNamespaceAsync("lease");
        using var client = fixture.CreateAdminClient();
        LeaseElectorOptions Options(string id) => new()
        {
            Namespace = ns, Name = "ecsbridge-leader", Identity = id,
            LeaseDuration = TimeSpan.FromSeconds(4), RenewDeadline = TimeSpan.FromSeconds(3), RetryPeriod = TimeSpan.FromMilliseconds(500),
        };
        var first = new LeaseElector(client, Options("replica-1"));
        var second = new LeaseElector(client, Options("replica-2"));
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        first.Acquired += () => log.Enqueue("1+");
        first.Lost += () => log.Enqueue("1-");
        second.Acquired += () => log.Enqueue("2+");
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();

        var runFirst = first.RunAsync(stopFirst.Token);
        await Wait.TrueAsync(() => first.IsLeader, "replica-1 to lead");
        var runSecond = second.RunAsync(stopSecond.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        second.IsLeader.ShouldBeFalse();

        await stopFirst.CancelAsync();
        await runFirst;
        await Wait.TrueAsync(() => second.IsLeader, "replica-2 to take over");

        var lease = await client.GetAsync(ResourceType.Leases, ns, "ecsbridge-leader", KubeJsonContext.Default.Lease);
        lease.Spec!.HolderIdentity.ShouldBe("replica-2");
        lease.Spec.LeaseTransitions.ShouldBe(1);
        log.ShouldBe(["1+", "1-", "2+"]);
        await stopSecond.CancelAsync();
        await runSecond;
        (await client.GetAsync(ResourceType.Leases, ns, "ecsbridge-leader", KubeJsonContext.Default.Lease)).Spec!.HolderIdentity.ShouldBeNull();
    }
}
