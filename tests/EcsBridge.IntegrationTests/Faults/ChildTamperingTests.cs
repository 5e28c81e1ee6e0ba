using System.Diagnostics;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>Children deleted, edited and scaled by hand, and another field manager fighting over the image: the
/// operator restores the declared state each time — the images and replicas the test wrote, and every field the
/// operator's field manager held before any tampering, with the values it had then — and afterwards sends no writes
/// at all in a quiet window.</summary>
[Collection(FaultsCollection.Name)]
public sealed class ChildTamperingTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan QuietWindow = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Tampered_children_are_restored_each_time_and_writes_settle_to_zero()
    {
        var clock = Stopwatch.StartNew();
        var ns = await fixture.CreateNamespaceAsync("tamper");
        using var admin = fixture.CreateAdminClient();
        await using var op = await OperatorHarness.StartAsync(fixture, [ns]);
        var workload = new FaultWorkload(admin, ns);
        int[] all = [0, 1, 2];
        await workload.CreateAsync(all, replicas: 2);
        await ConvergedAsync(workload, all, "at start");
        _untouched = await SnapshotAsync(admin, ns, all);
        var faults = new List<string>();
        var name = FaultWorkload.ServiceName(0);

        await admin.DeleteAsync(ResourceType.Deployments, ns, name);
        faults.Add("Deployment deleted");
        await ConvergedAsync(workload, all, "after the Deployment was deleted");

        await admin.DeleteAsync(ResourceType.Services, ns, name);
        faults.Add("Service deleted");
        await Ecs.WaitForAsync(admin, ResourceType.Services, ns, name, _ => true, "the Service recreated");

        await admin.ApplyAsync(ResourceType.Deployments, ns, name,
            FaultWorkload.DeploymentPatch(ns, name, """{"replicas":7,"template":{"spec":{"containers":[{"name":"app","image":"evil:latest"}]}}}"""),
            KubeJsonContext.Default.JsonObject, new ApplyOptions { FieldManager = "intruder", Force = true });
        faults.Add("image and replicas edited by another field manager (apply, force)");
        await ConvergedAsync(workload, all, "after the edit");

        await admin.PatchAsync(ResourceType.Deployments, ns, name, PatchType.Merge, """{"spec":{"replicas":9}}""", KubeJsonContext.Default.JsonObject, subresource: "scale");
        faults.Add("scaled by hand through /scale");
        await ConvergedAsync(workload, all, "after scaling by hand");

        await admin.PatchAsync(ResourceType.Deployments, ns, name, PatchType.Merge,
            """{"metadata":{"annotations":{"ecsbridge.io/applied-hash":"forged"}},"spec":{"template":{"spec":{"terminationGracePeriodSeconds":1}}}}""", KubeJsonContext.Default.JsonObject);
        faults.Add("applied-hash annotation forged and a template field changed (merge patch, no field manager)");
        await ConvergedAsync(workload, all, "after the forged annotation");

        // Another controller keeps forcing its own image for 5 s.
        var fighterWrites = 0;
        var fightEnds = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < fightEnds)
        {
            await admin.ApplyAsync(ResourceType.Deployments, ns, FaultWorkload.ServiceName(1),
                FaultWorkload.DeploymentPatch(ns, FaultWorkload.ServiceName(1), "{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"fighter:" + fighterWrites.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"}]}}}"),
                KubeJsonContext.Default.JsonObject, new ApplyOptions { FieldManager = "fighter", Force = true });
            fighterWrites++;
            await Task.Delay(100);
        }
        faults.Add($"another field manager forced the image {fighterWrites} times in 5 s");
        await ConvergedAsync(workload, all, "after the fight");

        // The Deployment controller keeps working through the fight's ReplicaSets for a while, and each status change
        // it makes may be a legitimate status write of ours. Wait until 5 s pass without writes (a hot loop never
        // gets there), then watch a quiet window: no child may be written again, and every write is listed.
        var settling = Stopwatch.StartNew();
        long settledAt;
        do
        {
            settledAt = op.Writes;
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        while (op.Writes != settledAt && settling.Elapsed < TimeSpan.FromSeconds(60));
        var before = op.Writes;
        var quietFrom = DateTimeOffset.UtcNow;
        await Task.Delay(QuietWindow);
        var quietWrites = op.Writes - before;
        var written = op.Log.Since(quietFrom).Where(line => line.Contains(" answered ", StringComparison.Ordinal)).ToList();
        // Status subresources and Events record what the cluster did; anything else rewrote a child (or a revision).
        var childWrites = written.Where(line => !line.Contains("/status ", StringComparison.Ordinal) && !line.Contains(" events ", StringComparison.Ordinal)).ToList();
        var divergent = await workload.WaitConvergedAsync(all, TimeSpan.FromSeconds(10));

        var summary = FaultLedger.Record(fixture.RepositoryRoot, new FaultLedger.Row(
            "children tampered with", faults, all.Length, divergent.Count,
            $"{op.Writes} operator writes in all; {quietWrites} in the {QuietWindow.TotalSeconds:0} s quiet window ({childWrites.Count} to children); {clock.Elapsed.TotalSeconds:0} s"));
        output.WriteLine(summary);
        divergent.ShouldBeEmpty(FaultWorkload.Describe(divergent));
        childWrites.ShouldBeEmpty("the operator kept rewriting children after everything converged (a fight):\n" + string.Join('\n', written));
        // A rollout that cannot finish here (no kubelet: Pods stay Pending) reaches its progress deadline at some
        // point, which is one status write and one Event per service; more than that would be a status loop.
        quietWrites.ShouldBeLessThanOrEqualTo(2 * all.Length, "more than one transition per service in a quiet window (a status loop):\n" + string.Join('\n', written));
    }

    private const string OperatorManager = "ecsbridge";
    private readonly Dictionary<int, JsonObject> _owned = [];
    private Dictionary<int, JsonObject> _untouched = [];

    private async Task ConvergedAsync(FaultWorkload workload, int[] indexes, string when)
    {
        var divergent = await workload.WaitConvergedAsync(indexes, TimeSpan.FromSeconds(60));
        divergent.ShouldBeEmpty($"not restored {when}:\n" + FaultWorkload.Describe(divergent));
        if (_untouched.Count == 0)
        {
            return;
        }
        // Every field the operator owned before any tampering holds its value from then (a field it never set, such
        // as the grace period patched below, stays with whoever wrote it).
        using var admin = fixture.CreateAdminClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var now = await SnapshotAsync(admin, workload.Namespace, indexes);
            var changed = indexes.Where(i => !JsonNode.DeepEquals(now[i], _untouched[i])).ToList();
            if (changed.Count == 0)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException($"not restored {when}: " + string.Join("\n", changed.Select(i =>
                    $"{FaultWorkload.ServiceName(i)}: {now[i].ToJsonString()}\n  was {_untouched[i].ToJsonString()}")));
            }
            await Task.Delay(500);
        }
    }

    /// <summary>Each Deployment's values at the fields the operator's field manager owned before any tampering
    /// (<see cref="_owned"/>; taken from the Deployments as they are now when it is still empty).</summary>
    private async Task<Dictionary<int, JsonObject>> SnapshotAsync(KubeClient admin, string ns, int[] indexes)
    {
        var snapshot = new Dictionary<int, JsonObject>();
        foreach (var i in indexes)
        {
            var deployment = await admin.TryGetAsync(ResourceType.Deployments, ns, FaultWorkload.ServiceName(i), KubeJsonContext.Default.JsonObject);
            if (!_owned.TryGetValue(i, out var owned))
            {
                owned = OwnedFields.Entry(deployment.ShouldNotBeNull(), OperatorManager)?["fieldsV1"]?.AsObject()
                    ?? throw new ShouldAssertException($"{FaultWorkload.ServiceName(i)}: no managedFields entry of {OperatorManager}");
                _owned[i] = owned;
            }
            snapshot[i] = OwnedFields.Project(deployment, owned);
        }
        return snapshot;
    }
}
