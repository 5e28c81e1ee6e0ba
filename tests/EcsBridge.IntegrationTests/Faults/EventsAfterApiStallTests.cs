using System.Diagnostics;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.IntegrationTests.Client;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>Events survive an API outage: kube-apiserver stops for 30 s while the operator still has Events to
/// write (a slow client-side rate limit keeps them queued behind its other requests, so the stall certainly meets
/// some); the writers retry instead of dying, and after the stall the next condition transition of an EcsService
/// still records its Event.</summary>
[Collection(FaultsCollection.Name)]
public sealed class EventsAfterApiStallTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    private const int Services = 12;
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task After_a_30s_API_stall_that_failed_Event_writes_the_next_condition_transition_still_records_its_Event()
    {
        var clock = Stopwatch.StartNew();
        var ns = await fixture.CreateNamespaceAsync("evstall");
        using var admin = fixture.CreateAdminClient();
        await ControllerManagerReady.WaitAsync(fixture);
        var workload = new FaultWorkload(admin, ns);
        await using var op = await FaultProcesses.StartAsync(fixture, ns, "events-stall", "--kube-api-qps=3", "--kube-api-burst=1");
        var all = Enumerable.Range(0, Services).ToList();
        await workload.CreateAsync(all, replicas: 0);
        // Stall as soon as the operator writes Events, with most of its backlog still ahead.
        await Ecs.EventuallyAsync(async () => (await EventsAsync(admin, ns, null)).Count > 0 ? "written" : null, "a first Event\n" + op.Tail(30), 60);

        var faults = new List<string>();
        double failedWrites;
        try
        {
            await fixture.Plane.StopApiServerAsync();
            var stalled = Stopwatch.StartNew();
            // The operator's own /metrics still answers: the stall must have met Event writes to prove anything.
            await Ecs.EventuallyAsync(async () => await WriteErrorsAsync(op) > 0 ? "failed" : null,
                "an Event write failing during the stall\n" + op.Tail(30), (int)Stall.TotalSeconds - 5);
            var rest = Stall - stalled.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
            failedWrites = await WriteErrorsAsync(op);
        }
        finally
        {
            if (!fixture.Plane.ApiServer.IsRunning)
            {
                await fixture.Plane.StartApiServerAsync();
            }
        }
        faults.Add($"API stall: kube-apiserver stopped for {Stall.TotalSeconds:0} s with Events queued ({failedWrites} Event write(s) failed during it)");

        var divergent = await workload.WaitConvergedAsync(all, TimeSpan.FromSeconds(180));
        divergent.ShouldBeEmpty("not converged after the stall:\n" + FaultWorkload.Describe(divergent) + "\n--- operator log ---\n" + op.Tail(40));

        // The next transition: the service now names a family that does not exist (Ready=False, TaskDefinitionNotFound).
        var service = FaultWorkload.ServiceName(0);
        var missing = "absent-" + Guid.NewGuid().ToString("N")[..8];
        await Ecs.ApplyAsync(admin, ns, Ecs.Service(service, missing, 0));
        var recorded = await Ecs.EventuallyAsync(async () => (await EventsAsync(admin, ns, service)).FirstOrDefault(e =>
                e["reason"]?.GetValue<string>() == ConditionReasons.TaskDefinitionNotFound
                && e["message"]?.GetValue<string>()?.Contains(missing, StringComparison.Ordinal) == true),
            $"the {ConditionReasons.TaskDefinitionNotFound} Event on {service}\n--- operator log ---\n{op.Tail(40)}", 90);
        recorded["involvedObject"]!["kind"]!.GetValue<string>().ShouldBe("EcsService");
        recorded["type"]!.GetValue<string>().ShouldBe("Warning");

        var dropped = OperatorProcess.Metric(await op.ScrapeAsync(), "ecsbridge_events_dropped_total");
        var summary = FaultLedger.Record(fixture.RepositoryRoot, new FaultLedger.Row(
            "Events across a 30 s API stall", faults, Services, divergent.Count,
            $"{failedWrites} failed Event write(s) during the stall, {dropped} Event(s) dropped; the next transition's Event recorded; {clock.Elapsed.TotalSeconds:0} s"));
        output.WriteLine(summary);

        failedWrites.ShouldBeGreaterThan(0);
        dropped.ShouldBe(0, "no Event may be lost to a 30 s outage");
        FaultProcesses.CountLog(op, "Event queue full").ShouldBe(0);
        (await op.GetAsync(op.HealthPort, "/healthz")).ShouldBe((200, "ok"));
        op.IsRunning.ShouldBeTrue();
        FaultProcesses.CrashLines(op).ShouldBeEmpty();
    }

    private static async Task<IReadOnlyList<JsonObject>> EventsAsync(KubeClient admin, string ns, string? involvedObject)
    {
        var list = await admin.ListAsync(ResourceType.Events, ns, KubeJsonContext.Default.JsonObject,
            new ListOptions { FieldSelector = involvedObject is null ? null : "involvedObject.name=" + involvedObject });
        return list.Items;
    }

    private static async Task<double> WriteErrorsAsync(OperatorProcess op) =>
        OperatorProcess.Metric(await op.ScrapeAsync(), "ecsbridge_event_write_errors_total");
}
