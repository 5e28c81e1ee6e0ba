using System.Diagnostics;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>Issue 6, leader election between two operator processes sharing one Lease: one leader, only it
/// writes, a standby takes over after the leader is killed (within 20 s, the bound) or stopped (at once,
/// because a clean stop releases the Lease).</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class LeaderElectionTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] WriteVerbs = ["apply", "create", "patch", "update", "delete"];

    /// <summary>The failover bound for a crashed leader.</summary>
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(20);

    /// <summary>The lease duration the processes run with (the default); a released lease must be taken sooner.</summary>
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    private string Logs => Path.Combine(fixture.Plane.Directory, "runtime-tests");

    [Fact]
    public async Task Only_the_leader_writes_and_a_standby_takes_over_within_20_seconds_after_the_leader_is_killed()
    {
        var ns = await fixture.CreateNamespaceAsync("le");
        using var admin = fixture.CreateAdminClient();
        await CrdInstaller.EnsureInstalledAsync(fixture);
        var args = Arguments(ns);
        await using var first = OperatorProcess.Start(fixture.KubeconfigPath, args, Logs, "leader");
        await first.WaitReadyAsync();
        await WaitForLeaderAsync(first, TimeSpan.FromSeconds(30));
        await using var second = OperatorProcess.Start(fixture.KubeconfigPath, args, Logs, "standby");
        await second.WaitReadyAsync();

        // Load: 30 services created, then every one updated.
        const int services = 30;
        await ApplyAsync(admin, ns, TaskDefinition("app"));
        await Task.WhenAll(Enumerable.Range(0, services).Select(i => ApplyAsync(admin, ns, Service($"svc-{i}", "app", desiredCount: 1))));
        await Task.WhenAll(Enumerable.Range(0, services).Select(i => ApplyAsync(admin, ns, Service($"svc-{i}", "app", desiredCount: 2))));
        for (var i = 0; i < services; i++)
        {
            await WaitForAsync(admin, ResourceType.Deployments, ns, $"svc-{i}", d => d["spec"]?["replicas"]?.GetValue<int>() == 2, () => $"svc-{i} scaled to 2\n{first.Tail()}");
        }

        var leaderScrape = await first.ScrapeAsync();
        var standbyScrape = await second.ScrapeAsync();
        OperatorProcess.Metric(leaderScrape, "leader_election_master_status").ShouldBe(1);
        OperatorProcess.Metric(standbyScrape, "leader_election_master_status").ShouldBe(0);
        Writes(leaderScrape).ShouldBeGreaterThanOrEqualTo(2 * services, "the leader applied every Deployment twice");
        // The standby started after the Lease was held, so it never even tried to write the Lease: not one write.
        Writes(standbyScrape).ShouldBe(0, second.Tail());
        OperatorProcess.Metric(standbyScrape, "controller_runtime_reconcile_total").ShouldBe(0);
        // It was not idle: its caches watched the same objects.
        OperatorProcess.Metric(standbyScrape, "kube_client_requests", "verb=\"watch\"").ShouldBeGreaterThan(0);

        var killed = Stopwatch.StartNew();
        first.Kill();
        // A change made after the crash must be reconciled by the new leader.
        await ApplyAsync(admin, ns, Service("svc-0", "app", desiredCount: 3));
        await WaitForLeaderAsync(second, FailoverBound + TimeSpan.FromSeconds(10));
        var takeover = killed.Elapsed;
        output.WriteLine($"standby took over {takeover.TotalSeconds:0.0} s after the leader was killed");
        takeover.ShouldBeLessThan(FailoverBound, second.Tail());

        await WaitForAsync(admin, ResourceType.Deployments, ns, "svc-0", d => d["spec"]?["replicas"]?.GetValue<int>() == 3,
            () => "svc-0 scaled to 3 by the new leader\n" + second.Tail());
        Writes(await second.ScrapeAsync()).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_leader_stopped_with_sigterm_releases_the_lease_so_the_standby_takes_over_at_once()
    {
        var ns = await fixture.CreateNamespaceAsync("le");
        using var admin = fixture.CreateAdminClient();
        await CrdInstaller.EnsureInstalledAsync(fixture);
        var args = Arguments(ns);
        await using var first = OperatorProcess.Start(fixture.KubeconfigPath, args, Logs, "leader");
        await first.WaitReadyAsync();
        await WaitForLeaderAsync(first, TimeSpan.FromSeconds(30));
        await using var second = OperatorProcess.Start(fixture.KubeconfigPath, args, Logs, "standby");
        await second.WaitReadyAsync();
        var heldBy = Text((await admin.GetAsync(ResourceType.Leases, ns, LeaseName(ns), KubeJsonContext.Default.JsonObject))["spec"]!["holderIdentity"]);

        var stopping = Stopwatch.StartNew();
        await first.StopAsync();
        await WaitForLeaderAsync(second, LeaseDuration + TimeSpan.FromSeconds(10));

        output.WriteLine($"standby took over {stopping.Elapsed.TotalSeconds:0.0} s after SIGTERM to the leader");
        // Taken over before the lease could have expired: the stopped leader gave it back.
        stopping.Elapsed.ShouldBeLessThan(LeaseDuration, second.Tail());
        first.Tail(200).ShouldContain($"released lease {ns}/{LeaseName(ns)}");
        var lease = await admin.GetAsync(ResourceType.Leases, ns, LeaseName(ns), KubeJsonContext.Default.JsonObject);
        Text(lease["spec"]!["holderIdentity"]).ShouldNotBe(heldBy);
        Text(lease["spec"]!["holderIdentity"]).ShouldNotBeNullOrEmpty();

        await ApplyAsync(admin, ns, TaskDefinition("app"));
        await ApplyAsync(admin, ns, Service("after-handover", "app"));
        await WaitForAsync(admin, ResourceType.Deployments, ns, "after-handover", _ => true, () => "Deployment from the new leader\n" + second.Tail());
    }

    /// <summary>Each test's own Lease (in its namespace) and watch scope; the default lease duration and renew
    /// deadline, with a 1 s retry period so the measured takeover is dominated by the lease duration.</summary>
    private static string[] Arguments(string ns) =>
        ["--leader-elect", $"--leader-election-namespace={ns}", $"--leader-election-id={LeaseName(ns)}", $"--watch-namespaces={ns}", "--retry-period=1s"];

    private static string LeaseName(string ns) => "ecsbridge-" + ns;

    private static double Writes(string scrape) =>
        WriteVerbs.Sum(verb => OperatorProcess.Metric(scrape, "kube_client_requests", $"verb=\"{verb}\""));

    private static async Task WaitForLeaderAsync(OperatorProcess process, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (OperatorProcess.Metric(await process.ScrapeAsync(), "leader_election_master_status") == 1)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"not leader within {within.TotalSeconds:0} s:\n{process.Tail()}");
    }
}
