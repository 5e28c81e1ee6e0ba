using System.Diagnostics;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>The operator process is SIGKILLed in the middle of a burst of 200 new services (some reconciles in
/// flight, most keys still queued, the rest not even sent yet); a new process converges every one of them.</summary>
[Collection(FaultsCollection.Name)]
public sealed class OperatorCrashTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    private const int Burst = 200;

    [Fact]
    public async Task An_operator_SIGKILLed_in_the_middle_of_a_burst_of_200_changes_converges_all_200_after_restart()
    {
        var clock = Stopwatch.StartNew();
        var ns = await fixture.CreateNamespaceAsync("crash");
        using var admin = fixture.CreateAdminClient();
        var workload = new FaultWorkload(admin, ns);
        var first = await FaultProcesses.StartAsync(fixture, ns, "crash-1");
        var all = Enumerable.Range(0, Burst).ToList();
        var faults = new List<string>();
        int childrenAtKill;
        await using (first)
        {
            // 0 replicas: 200 Deployments without 200 Pending Pods.
            var burst = workload.CreateAsync(all, replicas: 0);
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while ((childrenAtKill = await CountDeploymentsAsync(admin, ns)) < Burst / 4 && !burst.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            first.Kill();
            faults.Add($"operator SIGKILLed with {childrenAtKill} of {Burst} Deployments created, the burst still being sent");
            // The rest of the burst arrives while no operator runs.
            await burst;
        }
        (await CountDeploymentsAsync(admin, ns)).ShouldBeLessThan(Burst, "the kill came too late to be mid-burst");

        await using var second = await FaultProcesses.StartAsync(fixture, ns, "crash-2");
        var divergent = await workload.WaitConvergedAsync(all, TimeSpan.FromSeconds(180));

        var summary = FaultLedger.Record(fixture.RepositoryRoot, new FaultLedger.Row(
            "operator SIGKILL mid-burst", faults, Burst, divergent.Count,
            $"burst of {Burst} EcsServices (each with its task definition); {clock.Elapsed.TotalSeconds:0} s"));
        output.WriteLine(summary);

        divergent.ShouldBeEmpty("not converged after the restart:\n" + FaultWorkload.Describe(divergent) + "\n--- operator log ---\n" + second.Tail(60));
        second.IsRunning.ShouldBeTrue();
        FaultProcesses.CrashLines(second).ShouldBeEmpty();
    }

    private static async Task<int> CountDeploymentsAsync(KubeClient admin, string ns)
    {
        var list = await admin.ListAsync(ResourceType.Deployments, ns, KubeJsonContext.Default.KubeObject);
        return list.Items.Count;
    }
}
