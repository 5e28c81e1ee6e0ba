using System.Diagnostics;
using EcsBridge.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>The operator process keeps working through kube-apiserver and etcd restarts and a compacted watch
/// history while users keep changing things: afterwards every Deployment carries its latest desired spec.</summary>
[Collection(FaultsCollection.Name)]
public sealed class ControlPlaneFaultTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    private const int Services = 30;

    [Fact]
    public async Task Services_converge_after_apiserver_restart_etcd_restart_and_compacted_history_while_changes_keep_coming()
    {
        var clock = Stopwatch.StartNew();
        var ns = await fixture.CreateNamespaceAsync("cpf");
        using var admin = fixture.CreateAdminClient();
        var workload = new FaultWorkload(admin, ns);
        await using var op = await FaultProcesses.StartAsync(fixture, ns, "cp-faults");
        var all = Enumerable.Range(0, Services).ToList();
        await workload.CreateAsync(all, replicas: 1);
        var baseline = await workload.WaitConvergedAsync(all, TimeSpan.FromSeconds(90));
        baseline.ShouldBeEmpty("before any fault:\n" + FaultWorkload.Describe(baseline));
        await using var history = new DeploymentHistory(admin, ns);
        await history.StartAsync();

        var faults = new List<string>();
        using var stopChurn = new CancellationTokenSource();
        var churn = workload.ChurnAsync(Services, TimeSpan.FromMilliseconds(100), stopChurn.Token, seed: 8);
        await Task.Delay(TimeSpan.FromSeconds(3));

        await fixture.Plane.RestartApiServerAsync();
        faults.Add("kube-apiserver restarted (SIGTERM, start) mid-run");
        await Task.Delay(TimeSpan.FromSeconds(5));

        await fixture.Plane.RestartEtcdAsync();
        faults.Add("etcd restarted mid-run");
        await Task.Delay(TimeSpan.FromSeconds(5));

        // Compaction alone does not reach clients (the API server's watch cache serves them); restarting the API
        // server empties that cache, so every watch that resumes from an older resourceVersion is answered 410 Gone.
        var goneBefore = FaultProcesses.CountLog(op, "listing again");
        await fixture.Plane.CompactEtcdAsync();
        await fixture.Plane.RestartApiServerAsync();
        faults.Add("etcd history compacted to its head + kube-apiserver restarted: resumed watches answered 410 Gone");
        await Task.Delay(TimeSpan.FromSeconds(5));

        await stopChurn.CancelAsync();
        await churn;
        var divergent = await workload.WaitConvergedAsync(all, TimeSpan.FromSeconds(120));
        var gone = FaultProcesses.CountLog(op, "listing again") - goneBefore;
        var regressions = history.Regressions();
        var crashes = FaultProcesses.CrashLines(op);

        var summary = FaultLedger.Record(fixture.RepositoryRoot, new FaultLedger.Row(
            "control-plane restarts and compaction", faults, Services, divergent.Count,
            $"{workload.ChangesSent} changes accepted, {workload.ChangesFailed} refused while the API was down; {gone} watch(es) relisted after 410; {history.StatesSeen} Deployment states recorded, {regressions.Count} regression(s); {clock.Elapsed.TotalSeconds:0} s"));
        output.WriteLine(summary);

        divergent.ShouldBeEmpty("not converged:\n" + FaultWorkload.Describe(divergent) + "\n--- operator log ---\n" + op.Tail(60));
        regressions.ShouldBeEmpty();
        op.IsRunning.ShouldBeTrue("the operator process exited:\n" + op.Tail(40));
        crashes.ShouldBeEmpty();
        gone.ShouldBeGreaterThan(0, "no watch was answered 410 Gone, so the compaction path was not exercised");
    }
}
