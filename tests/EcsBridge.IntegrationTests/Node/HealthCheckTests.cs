using System.Globalization;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;
using static EcsBridge.IntegrationTests.Node.NodeTasks;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 14 test 2 (and issue 15 items 1–2): ECS health checks really execute on the local node. Every
/// assertion is on what the kubelet did — container restarts, readiness, and the probe Events it recorded.</summary>
[Collection(NodeCollection.Name)]
public sealed class HealthCheckTests(NodeFixture fixture, ITestOutputHelper output) : OperatorNamespaceTest(fixture, "health")
{
    // busybox sh runs as PID 1, which ignores SIGTERM by default: the trap lets a killed container stop at once.
    private const string Idle = "trap 'exit 0' TERM; while :; do sleep 1; done";

    /// <summary>Healthy for 15 s, then /tmp/healthy goes away — only in the first run of the container (the marker
    /// lives in an emptyDir, which survives a restart in place), so a restarted container stays healthy.</summary>
    private const string FlakyTaskDefinition = $$$"""
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"flaky"},
         "spec":{"volumes":[{"name":"state"}],
          "containerDefinitions":[{"name":"app","image":"ecsbridge.local/busybox:1","cpu":64,"memory":64,"essential":true,
           "entryPoint":["sh","-c"],
           "command":["touch /tmp/healthy; if [ ! -f /state/failed-once ]; then touch /state/failed-once; sleep 15; rm /tmp/healthy; fi; {{{Idle}}}"],
           "mountPoints":[{"sourceVolume":"state","containerPath":"/state"}],
           "healthCheck":{"command":["CMD-SHELL","test -f /tmp/healthy"],"interval":5,"timeout":5,"retries":2}}]} }
        """;

    /// <summary>A slow starter (healthy only after 25 s) whose startPeriod is 5 s, beside a container whose health
    /// check is NONE. The service's 40 s grace is what keeps the slow one alive.</summary>
    private const string SlowTaskDefinition = $$$"""
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"slow"},
         "spec":{"containerDefinitions":[
          {"name":"app","image":"ecsbridge.local/busybox:1","cpu":64,"memory":64,"essential":true,
           "entryPoint":["sh","-c"],
           "command":["sleep 25; touch /tmp/healthy; {{{Idle}}}"],
           "healthCheck":{"command":["CMD-SHELL","test -f /tmp/healthy"],"interval":5,"timeout":5,"retries":2,"startPeriod":5}},
          {"name":"quiet","image":"ecsbridge.local/busybox:1","cpu":64,"memory":64,"essential":true,
           "entryPoint":["sh","-c"],"command":["{{{Idle}}}"],
           "healthCheck":{"command":["NONE"]}}]} }
        """;

    [Fact]
    public async Task A_failing_check_restarts_the_task_a_slow_starter_within_the_grace_lives_and_NONE_runs_ready()
    {
        // Both services at once: their timelines overlap, which keeps the test short.
        await ApplyAsync(Admin, Ns, FlakyTaskDefinition);
        await ApplyAsync(Admin, Ns, SlowTaskDefinition);
        await ApplyAsync(Admin, Ns, Service("flaky", "flaky"));
        await ApplyAsync(Admin, Ns, Service("slow", "slow", extra: ""","healthCheckGracePeriodSeconds":40"""));

        // The slow starter: ECS ignores its failing checks for the 40 s grace; Kubernetes must not restart it before.
        // Stop at Ready or at the first restart, whichever comes first: a regression fails here at once.
        var slow = await PodAsync("slow", p => Ready(p) || RestartCount(p, "app") > 0, "the slow starter Ready", 180);
        RestartCount(slow, "app").ShouldBe(0, "the slow starter was restarted before its grace period ended");
        RestartCount(slow, "quiet").ShouldBe(0);
        var slowFor = ReadySince(slow) - StartedAt(slow, "app");
        output.WriteLine($"slow starter Ready {slowFor.TotalSeconds:0} s after its container started");
        slowFor.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(24), "it cannot be healthy before its script creates the file");
        (await ProbeEventsAsync(Name(slow), "Startup probe failed")).ShouldBeGreaterThan(0, "its checks failed while it started, and were tolerated");
        // NONE: no probe at all on that container (an exec probe running "NONE" would keep the task from Ready).
        var quiet = Container(slow, "quiet");
        (quiet["livenessProbe"] ?? quiet["readinessProbe"] ?? quiet["startupProbe"]).ShouldBeNull();
        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "slow",
            s => s["status"]?["runningCount"]?.GetValue<int>() == 1, "slow: runningCount 1", 120);

        // The failing check: the kubelet's liveness probe fails twice and restarts the container in place (ECS would
        // replace the task); the restarted container is healthy and the task counts as running again.
        var flaky = await PodAsync("flaky", p => RestartCount(p, "app") >= 1 && Ready(p), "the flaky task restarted and Ready again", 180);
        output.WriteLine($"flaky restarted {RestartCount(flaky, "app")} time(s): {Status(flaky, "app")["lastState"]?.ToJsonString()}");
        Status(flaky, "app")["lastState"]?["terminated"].ShouldNotBeNull("the first run of the container was stopped");
        (await ProbeEventsAsync(Name(flaky), "Liveness probe failed")).ShouldBeGreaterThan(0, "the restart came from the failing health check");
        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "flaky",
            s => s["status"]?["runningCount"]?.GetValue<int>() == 1, "flaky: runningCount back to 1", 120);
        (await PodsAsync("flaky")).Count.ShouldBe(1, "one task, restarted in place");
    }

    private static bool Ready(JsonObject pod) => ReadyCondition(pod) is { } c && Text(c["status"]) == "True"
        && pod["metadata"]?["deletionTimestamp"] is null;

    private static JsonObject? ReadyCondition(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Text(c["type"]) == "Ready");

    private static DateTimeOffset ReadySince(JsonObject pod) => Time(ReadyCondition(pod)!["lastTransitionTime"]);

    private static DateTimeOffset StartedAt(JsonObject pod, string container) => Time(Status(pod, container)["state"]!["running"]!["startedAt"]);

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse(Text(node)!, CultureInfo.InvariantCulture);

    private static JsonObject Status(JsonObject pod, string container) =>
        (pod["status"]!["containerStatuses"] as JsonArray)!.OfType<JsonObject>().Single(c => Text(c["name"]) == container);

    private static JsonObject Container(JsonObject pod, string container) =>
        (pod["spec"]!["containers"] as JsonArray)!.OfType<JsonObject>().Single(c => Text(c["name"]) == container);

    private static int RestartCount(JsonObject pod, string container) =>
        (pod["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => Text(c["name"]) == container)?["restartCount"]?.GetValue<int>() ?? 0;

    private async Task<List<JsonObject>> PodsAsync(string service)
    {
        var list = await Admin.ListAsync(ResourceType.Pods, Ns, KubeJsonContext.Default.JsonObject);
        return list.Items.OfType<JsonObject>()
            .Where(p => Text(p["metadata"]?["labels"]?["ecsbridge.io/service"]) == service && p["metadata"]?["deletionTimestamp"] is null)
            .ToList();
    }

    private Task<JsonObject> PodAsync(string service, Func<JsonObject, bool> predicate, string what, int seconds) =>
        EventuallyAsync(async () => (await PodsAsync(service)).FirstOrDefault(predicate), what, seconds);

    /// <summary>How many times the kubelet reported a probe failure starting with <paramref name="prefix"/> for the pod.</summary>
    private async Task<int> ProbeEventsAsync(string pod, string prefix)
    {
        var events = await Admin.ListAsync(ResourceType.Events, Ns, KubeJsonContext.Default.JsonObject);
        return events.Items.OfType<JsonObject>()
            .Where(e => Text(e["involvedObject"]?["name"]) == pod && Text(e["reason"]) == "Unhealthy"
                        && Text(e["message"])?.StartsWith(prefix, StringComparison.Ordinal) == true)
            .Sum(e => e["count"]?.GetValue<int>() ?? 1);
    }
}
