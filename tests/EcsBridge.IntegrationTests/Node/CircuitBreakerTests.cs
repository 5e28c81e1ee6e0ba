using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;
using static EcsBridge.IntegrationTests.Node.NodeTasks;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 14, test 3 (issue 15, item 9): the deployment circuit breaker on a real failure. A revision whose
/// essential container exits at once crash-loops on the node; its failed tasks reach ECS's threshold, the deployment
/// is FAILED and the service rolls back to the last completed revision — all while a poller asks every task for HTTP
/// and counts how many answer.</summary>
[Collection(NodeCollection.Name)]
public sealed class CircuitBreakerTests(NodeFixture fixture, ITestOutputHelper output) : OperatorNamespaceTest(fixture, "breaker")
{
    private const int Desired = 2;
    private const int MinimumHealthyPercent = 50;

    /// <summary>ECS's threshold for 2 desired tasks: max(3, ceil(0.5 × 2)), written out rather than computed by the
    /// code under test.</summary>
    private const int Threshold = 3;

    /// <summary>A task answers in milliseconds; the timeout only bounds a round that asks an IP no longer there.</summary>
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    // The operator runs with the default progress deadline of 10 minutes, far beyond this test: only the failed-task
    // count can fail the rollout here.

    /// <summary>Both revisions carry the health check a web service has on ECS (it asks httpd for its page). Without
    /// one, a task is healthy from the moment its container runs, on ECS as on Kubernetes: a container that exits a
    /// moment after it started can count as available for that moment, and the rollout may then stop old tasks (seen
    /// in full runs, where the kubelet reports the exit late). With the check, web:2's tasks are never healthy.</summary>
    private static string TaskDefinition(string command) => $$$"""
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"web"},
         "spec":{"containerDefinitions":[{"name":"httpd","image":"{{{Busybox}}}","cpu":64,"memory":64,"essential":true,
           "entryPoint":["sh","-c"],"command":["{{{command}}}"],"portMappings":[{"containerPort":{{{Port}}},"protocol":"tcp"}],
           "healthCheck":{"command":["CMD-SHELL","wget -q -O /dev/null http://127.0.0.1:{{{Port}}}/"],"interval":5,"timeout":2,"retries":2}}]} }
        """;

    /// <summary>busybox httpd answering with the pod's name and "v1".</summary>
    private static readonly string Serving = TaskDefinition($"mkdir -p /srv && echo \\\"$(hostname) v1\\\" > /srv/index.html && exec httpd -f -p {Port} -h /srv");

    /// <summary>The essential container exits at once: every start is a failed task.</summary>
    private static readonly string Crashing = TaskDefinition("echo starting v2; exit 1");

    [Fact]
    public async Task A_revision_that_crashes_fails_by_its_failed_tasks_and_rolls_back_while_enough_old_tasks_answer()
    {
        await ApplyAsync(Admin, Ns, Serving);
        await ApplyAsync(Admin, Ns, Service("web", "web", Desired, extra: $$$"""
            ,"deploymentConfiguration":{"minimumHealthyPercent":{{{MinimumHealthyPercent}}},"maximumPercent":200,
              "deploymentCircuitBreaker":{"enable":true,"rollback":true}}
            """));
        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "web",
            s => Text(s["status"]?["taskDefinition"]) == "web:1" && s["status"]?["runningCount"]?.GetValue<int>() == Desired && PrimaryState(s) == "COMPLETED",
            "web:1 COMPLETED with 2 running", 180);
        foreach (var ip in await PodIpsAsync())
        {
            await AnswerAsync(Http, $"http://{ip}:{Port}/", _ => true);
        }
        var clusterIp = Text((await WaitForAsync(Admin, ResourceType.Services, Ns, "web", s => s["spec"]?["clusterIP"] is not null, "the web Service"))["spec"]!["clusterIP"])!;

        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var serviceVersions = new ConcurrentQueue<(TimeSpan At, JsonObject Object)>();
        var podVersions = new ConcurrentQueue<(TimeSpan At, JsonObject Object)>();
        var history = new ConcurrentQueue<(TimeSpan At, JsonObject Object)>();
        var recorders = new[]
        {
            RecordAsync(OperatorResources.EcsServices, "metadata.name=web", serviceVersions, clock, stop.Token),
            RecordAsync(ResourceType.Pods, null, podVersions, clock, stop.Token),
            RecordAsync(ResourceType.Deployments, null, history, clock, stop.Token),
            RecordAsync(ResourceType.ReplicaSets, null, history, clock, stop.Token),
            RecordAsync(ResourceType.Events, null, history, clock, stop.Token),
        };
        var firstRound = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var poller = PollAsync(clusterIp, clock, firstRound, stop.Token);
        List<Round> rounds;
        try
        {
            await firstRound.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var registered = clock.Elapsed;
            await ApplyAsync(Admin, Ns, Crashing);
            output.WriteLine($"web:2 registered at {registered.TotalSeconds:0.0} s");
            var done = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "web",
                s => Text(s["status"]?["rollback"]?["fromTaskDefinition"]) == "web:2" && Text(s["status"]?["taskDefinition"]) == "web:1"
                     && s["status"]?["runningCount"]?.GetValue<int>() == Desired && PrimaryState(s) == "COMPLETED"
                     && (s["status"]?["deployments"] as JsonArray)?.Count == 1,
                "rolled back to web:1, COMPLETED with 2 running", 150);
            output.WriteLine($"back on web:1, COMPLETED, after {clock.Elapsed.TotalSeconds:0.0} s: {done["status"]!.ToJsonString()}");
            Condition(done, "Degraded")!["reason"]!.GetValue<string>().ShouldBe("RolledBack");
            Text(done["spec"]!["taskDefinition"]).ShouldBe("web", "the spec still follows the family; the rollback holds");
        }
        finally
        {
            await stop.CancelAsync();
            rounds = await poller;
            await Task.WhenAll(recorders);
            // What the controllers did, in order: read when an assertion below fails.
            foreach (var (at, o) in history.OrderBy(v => v.At))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{at.TotalSeconds,6:0.0} s {Describe(o)}"));
            }
        }

        // The verdict: the one status write in which web:2 is PRIMARY and FAILED also records the rollback.
        var failed = serviceVersions.FirstOrDefault(v => Primary(v.Object) is { } p && Text(p["taskDefinition"]) == "web:2" && Text(p["rolloutState"]) == "FAILED");
        failed.Object.ShouldNotBeNull("a status with web:2 PRIMARY and FAILED");
        var verdict = Primary(failed.Object)!;
        var failedTasks = verdict["failedTasks"]!.GetValue<int>();
        output.WriteLine($"web:2 FAILED at {failed.At.TotalSeconds:0.0} s: {verdict.ToJsonString()}");
        failedTasks.ShouldBeGreaterThanOrEqualTo(Threshold);
        Text(verdict["rolloutStateReason"])!.ShouldContain("tasks failed to start");
        Text(failed.Object["status"]!["rollback"]?["toTaskDefinition"]).ShouldBe("web:1");

        // Those failures really happened on the node: the kubelet's own record of web:2's containers (restarts plus
        // a container lying terminated), read from every pod version the API server sent. The counts only grow, so
        // each pod's highest is an upper bound of what the operator can have seen at the verdict.
        var observed = podVersions.Where(v => Text(v.Object["metadata"]?["labels"]?["ecsbridge.io/revision"]) == "2")
            .GroupBy(v => Text(v.Object["metadata"]!["name"])!)
            .ToDictionary(g => g.Key, g => g.Max(v => Failures(v.Object)));
        output.WriteLine("web:2 tasks and the most failures the kubelet reported for each: "
            + string.Join(", ", observed.Select(p => $"{p.Key}={p.Value}")));
        observed.Count.ShouldBeGreaterThan(0);
        observed.Values.Sum().ShouldBeGreaterThanOrEqualTo(failedTasks, "the operator counted no more failures than the kubelet reported");

        // Availability throughout: in every round at least minimumHealthyPercent of the desired tasks answered on
        // their pod IPs, and only ever with web:1's page (web:2 never serves). A task being stopped (its pod deleted,
        // httpd still up until the grace period ends) is not counted among the healthy ones, as ECS would not.
        var required = (Desired * MinimumHealthyPercent + 99) / 100;
        static string Histogram(IEnumerable<int> counts) =>
            string.Join(", ", counts.GroupBy(c => c).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rounds.Count} poll rounds over {clock.Elapsed.TotalSeconds:0.0} s; rounds by tasks answering (not being stopped): "
            + $"{Histogram(rounds.Select(r => r.Healthy))}; counting tasks being stopped: {Histogram(rounds.Select(r => r.Answered))}; "
            + $"ClusterIP answered {rounds.Count(r => r.ClusterIpAnswered)} of {rounds.Count}; required per round: {required}"));
        rounds.Count.ShouldBeGreaterThanOrEqualTo(5, "the poller ran during the whole rollout and rollback");
        rounds[0].Healthy.ShouldBe(Desired, "both web:1 tasks answered before web:2 was registered");
        rounds.Where(r => r.Healthy < required).ShouldBeEmpty();
        rounds.SelectMany(r => r.Bodies).ShouldAllBe(body => body.EndsWith(" v1", StringComparison.Ordinal));
        rounds.Where(r => r.At >= failed.At).ShouldNotBeEmpty("the poller was still counting after the verdict");

        // The tasks running now are web:1's and answer.
        var now = await PodIpsAsync();
        now.Count.ShouldBe(Desired);
        foreach (var ip in now)
        {
            (await AnswerAsync(Http, $"http://{ip}:{Port}/", _ => true)).ShouldEndWith(" v1");
        }

        await Admin.DeleteAsync(OperatorResources.EcsServices, Ns, "web");
    }

    /// <param name="Answered">Distinct tasks that answered.</param>
    /// <param name="Healthy">Of those, the tasks whose pod was not being deleted when the round listed it.</param>
    private sealed record Round(TimeSpan At, int Answered, int Healthy, bool ClusterIpAnswered, IReadOnlyList<string> Bodies);

    /// <summary>Every 200 ms, asks every pod of the namespace that has an IP (any revision, terminating or not) for
    /// its page and counts the distinct tasks that answered (the page names the pod); the ClusterIP is asked once per
    /// round as well.</summary>
    private async Task<List<Round>> PollAsync(string clusterIp, Stopwatch clock, TaskCompletionSource firstRound, CancellationToken stop)
    {
        var rounds = new List<Round>();
        while (!stop.IsCancellationRequested)
        {
            var at = clock.Elapsed;
            var pods = (await Admin.ListAsync(ResourceType.Pods, Ns, KubeJsonContext.Default.JsonObject, cancellationToken: CancellationToken.None)).Items
                .Where(p => p["status"]?["podIP"] is not null)
                .Select(p => (Name: Text(p["metadata"]!["name"])!, Ip: Text(p["status"]!["podIP"])!, Stopping: p["metadata"]?["deletionTimestamp"] is not null))
                .ToList();
            var bodies = (await Task.WhenAll(pods.Select(p => TryGetAsync(Http, $"http://{p.Ip}:{Port}/")))).OfType<string>().ToList();
            var viaClusterIp = await TryGetAsync(Http, $"http://{clusterIp}:{Port}/");
            var answered = bodies.Select(b => b.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
            rounds.Add(new Round(at, answered.Count, pods.Count(p => !p.Stopping && answered.Contains(p.Name)), viaClusterIp is not null, bodies));
            firstRound.TrySetResult();
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return rounds;
    }

    /// <summary>Lists, then watches, the namespace's objects of <paramref name="type"/>, keeping every version sent.</summary>
    private async Task RecordAsync(ResourceType type, string? fieldSelector, ConcurrentQueue<(TimeSpan, JsonObject)> into, Stopwatch clock, CancellationToken stop)
    {
        var list = await Admin.ListAsync(type, Ns, KubeJsonContext.Default.JsonObject, new ListOptions { FieldSelector = fieldSelector }, stop);
        foreach (var item in list.Items)
        {
            into.Enqueue((clock.Elapsed, item));
        }
        var version = list.Metadata.ResourceVersion;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await foreach (var e in Admin.WatchAsync(type, Ns, KubeJsonContext.Default.JsonObject,
                    new WatchOptions { ResourceVersion = version, FieldSelector = fieldSelector, TimeoutSeconds = 120 }, stop))
                {
                    if (e.Type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        into.Enqueue((clock.Elapsed, e.Object));
                    }
                    version = e.ResourceVersion ?? version;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>One line of the timeline: a workload's replicas, or an Event.</summary>
    private static string Describe(JsonObject o) => o["involvedObject"] is not null
        ? $"event {Text(o["source"]?["component"])} {Text(o["involvedObject"]?["kind"])}/{Text(o["involvedObject"]?["name"])} {Text(o["reason"])}: {Text(o["message"])}"
        : $"{Text(o["metadata"]?["name"])} gen {o["metadata"]?["generation"]} rv {Text(o["metadata"]?["resourceVersion"])} "
            + $"deleting {o["metadata"]?["deletionTimestamp"] is not null} spec.replicas {o["spec"]?["replicas"]} status {o["status"]?.ToJsonString()} "
            + $"annotations {o["metadata"]?["annotations"]?.ToJsonString()}";

    /// <summary>What the kubelet reports of a pod's failed starts: restarts, plus a container lying terminated.</summary>
    private static int Failures(JsonObject pod) =>
        ((pod["status"]?["containerStatuses"] as JsonArray) ?? []).OfType<JsonObject>()
            .Sum(c => c["restartCount"]!.GetValue<int>() + (c["state"]?["terminated"] is not null ? 1 : 0));

    private static string? PrimaryState(JsonObject service) => Text(Primary(service)?["rolloutState"]);

    /// <summary>Pod IPs of the namespace's Running and Ready tasks that are not being deleted.</summary>
    private async Task<List<string>> PodIpsAsync() =>
        (await RunningPodsNowAsync(Admin, Ns)).Select(PodIp).Distinct(StringComparer.Ordinal).ToList();
}
