using System.Diagnostics;
using EcsBridge.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>
/// Two operator processes with leader election (4 s lease) under load. First the leader is SIGKILLed while
/// changes stream in. Then the stale-read case: the standby is frozen (SIGSTOP) so its cache stops, the leader
/// writes newer specs and is killed, and the API stalls for 30 s (kube-apiserver stopped) while the standby runs
/// again, so its watches back off. The standby takes over holding a cache older than the old leader's last
/// writes; it must not regress any Deployment (a watch records every state and each service's image version
/// only ever goes up) and the changes made right after the stall must converge.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class LeaderFailoverTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    private const int Services = 20;
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Failover_under_load_and_after_a_30s_API_stall_never_regresses_a_Deployment_and_converges()
    {
        var clock = Stopwatch.StartNew();
        var ns = await fixture.CreateNamespaceAsync("leader");
        using var admin = fixture.CreateAdminClient();
        var workload = new FaultWorkload(admin, ns);
        var all = Enumerable.Range(0, Services).ToList();
        var faults = new List<string>();

        var a = await FaultProcesses.StartAsync(fixture, ns, "leader-a", FaultProcesses.FastLeaderElection);
        OperatorProcess? b = null;
        OperatorProcess? c = null;
        try
        {
            await FaultProcesses.WaitLeaderAsync(a);
            b = await FaultProcesses.StartAsync(fixture, ns, "leader-b", FaultProcesses.FastLeaderElection);
            await workload.CreateAsync(all, replicas: 0);
            var baseline = await workload.WaitConvergedAsync(all, TimeSpan.FromSeconds(90));
            baseline.ShouldBeEmpty("before any fault:\n" + FaultWorkload.Describe(baseline));
            (await FaultProcesses.IsLeaderAsync(b)).ShouldBeFalse("two leaders at once");
            await using var history = new DeploymentHistory(admin, ns);
            await history.StartAsync();

            // 1. The leader dies under load; the standby takes over; a new standby joins.
            using (var stopChurn = new CancellationTokenSource())
            {
                var churn = workload.ChurnAsync(Services, TimeSpan.FromMilliseconds(100), stopChurn.Token, seed: 3);
                await Task.Delay(TimeSpan.FromSeconds(3));
                a.Kill();
                faults.Add("leader SIGKILLed under load (changes every 100 ms)");
                await FaultProcesses.WaitLeaderAsync(b);
                c = await FaultProcesses.StartAsync(fixture, ns, "leader-c", FaultProcesses.FastLeaderElection);
                await Task.Delay(TimeSpan.FromSeconds(3));
                await stopChurn.CancelAsync();
                await churn;
            }
            var afterFirst = await workload.WaitConvergedAsync(all, TimeSpan.FromSeconds(90));
            afterFirst.ShouldBeEmpty("after the first failover:\n" + FaultWorkload.Describe(afterFirst));

            // 2. The standby's cache stops; the leader writes newer specs, then dies; the API stalls.
            FaultProcesses.Pause(c);
            foreach (var i in all)
            {
                (await workload.TryBumpImageAsync(i)).ShouldBeTrue();
            }
            var written = await workload.WaitConvergedAsync(all, TimeSpan.FromSeconds(60));
            written.ShouldBeEmpty("the leader did not apply the newer specs:\n" + FaultWorkload.Describe(written));
            b.Kill();
            faults.Add("leader SIGKILLed right after applying newer specs, while the standby was frozen (SIGSTOP) since before them");
            await fixture.Plane.StopApiServerAsync();
            FaultProcesses.Resume(c);
            await Task.Delay(Stall);
            await fixture.Plane.StartApiServerAsync();
            faults.Add($"API stall: kube-apiserver stopped for {Stall.TotalSeconds:0} s (standby resumed during it, its watches backing off)");

            // Changes made right after the API is back.
            foreach (var i in all)
            {
                (i % 2 == 0 ? await workload.TryBumpImageAsync(i) : await workload.TrySetReplicasAsync(i, 1)).ShouldBeTrue();
            }
            await FaultProcesses.WaitLeaderAsync(c, 90);
            var divergent = await workload.WaitConvergedAsync(all, TimeSpan.FromSeconds(120));
            var regressions = history.Regressions();

            var summary = FaultLedger.Record(fixture.RepositoryRoot, new FaultLedger.Row(
                "leader failover and API stall", faults, Services, divergent.Count,
                $"{workload.ChangesSent} changes accepted; {history.StatesSeen} Deployment states recorded, {regressions.Count} regression(s); {clock.Elapsed.TotalSeconds:0} s"));
            output.WriteLine(summary);

            divergent.ShouldBeEmpty("not converged:\n" + FaultWorkload.Describe(divergent) + "\n--- new leader log ---\n" + c.Tail(60));
            regressions.ShouldBeEmpty("Deployments went back to an older spec:\n" + string.Join("\n", regressions) + "\n--- new leader log ---\n" + c.Tail(80));
            c.IsRunning.ShouldBeTrue();
            FaultProcesses.CrashLines(c).ShouldBeEmpty();
        }
        finally
        {
            if (!fixture.Plane.ApiServer.IsRunning)
            {
                await fixture.Plane.StartApiServerAsync();
            }
            await a.DisposeAsync();
            if (b is not null)
            {
                await b.DisposeAsync();
            }
            if (c is not null)
            {
                FaultProcesses.TryResume(c);
                await c.DisposeAsync();
            }
        }
    }
}
