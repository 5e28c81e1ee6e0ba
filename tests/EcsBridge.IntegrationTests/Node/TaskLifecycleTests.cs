using System.Diagnostics;
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

/// <summary>Issue 14, tests 4–7: what happens to real tasks on the local node when a container process dies, when
/// containers depend on each other, for a DAEMON service and its stopTimeout, and when a non-essential container
/// exits. Every assertion is on what the kubelet and the containers did (pod status, times the containers wrote,
/// HTTP through pod IPs and ClusterIPs), never on status the test wrote.</summary>
[Collection(NodeCollection.Name)]
public sealed class TaskLifecycleTests(NodeFixture fixture, ITestOutputHelper output) : OperatorNamespaceTest(fixture, "life")
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private string? _service;

    /// <summary>Leave the shared node without our tasks: the garbage collector removes the children of a deleted service.</summary>
    protected override async Task BeforeOperatorStopsAsync()
    {
        if (_service is not null)
        {
            await Admin.DeleteIfExistsAsync(OperatorResources.EcsServices, Ns, _service);
        }
    }

    [Fact]
    public async Task A_killed_container_process_is_restarted_in_the_same_task_while_the_ClusterIP_keeps_answering()
    {
        // httpd serves /srv/<pod name>: the pod's name is in the process's command line, which is how the host finds it.
        _service = "heal";
        await ApplyAsync(Admin, Ns, """
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"heal"},
             "spec":{"containerDefinitions":[{"name":"httpd","image":"ecsbridge.local/busybox:1","cpu":64,"memory":64,"essential":true,"stopTimeout":2,
               "entryPoint":["sh","-c"],
               "command":["d=/srv/$(hostname) && mkdir -p $d && hostname > $d/index.html && exec httpd -f -p 8080 -h $d"],
               "portMappings":[{"containerPort":8080,"protocol":"tcp"}]}]} }
            """);
        await ApplyAsync(Admin, Ns, Service("heal", "heal", desiredCount: 2));
        var pods = await RunningPodsAsync(Admin, Ns, ready => ready.Count == 2, "two ready tasks");
        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "heal", s => Count(s, "runningCount") == 2, "runningCount 2", 120);
        var clusterIp = Text((await WaitForAsync(Admin, ResourceType.Services, Ns, "heal", s => s["spec"]?["clusterIP"] is not null, "the Service"))["spec"]!["clusterIP"])!;
        var url = $"http://{clusterIp}:{Port}/";
        await AnswerAsync(Http, url, _ => true);

        var victim = pods[0];
        var survivor = pods[1];
        using var poller = new Poller(url);
        await EventuallyAsync(() => Task.FromResult(poller.Successes(Name(survivor)) >= 3 && poller.Successes(Name(victim)) >= 3 ? "both" : null),
            "the ClusterIP to answer from both tasks", 60);

        var pid = ContainerProcess(Name(victim));
        var killed = DateTime.UtcNow;
        Process.GetProcessById(pid).Kill();
        output.WriteLine($"killed httpd (pid {pid}) of {Name(victim)}");

        // The kubelet restarts the container in the same pod: same uid, same IP, restartCount 1, killed by SIGKILL.
        var restarted = await EventuallyAsync(async () =>
            await GetAsync(Admin, ResourceType.Pods, Ns, Name(victim)) is { } p && Container(p, "httpd") is { } c
                && c["restartCount"]?.GetValue<int>() == 1 && c["ready"]?.GetValue<bool>() == true ? p : null,
            "the killed container restarted in its pod", 120);
        Text(restarted["metadata"]!["uid"]).ShouldBe(Text(victim["metadata"]!["uid"]));
        PodIp(restarted).ShouldBe(PodIp(victim));
        Container(restarted, "httpd")!["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>().ShouldBe(137);
        await AnswerAsync(Http, $"http://{PodIp(restarted)}:{Port}/", body => body == Name(victim));
        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "heal", s => Count(s, "runningCount") == 2, "runningCount back to 2", 120);
        (await RunningPodsNowAsync(Admin, Ns)).Select(Name).Order().ShouldBe(pods.Select(Name).Order(), "no task was replaced");

        // The restarted task is back behind the ClusterIP.
        var before = poller.Successes(Name(victim));
        await EventuallyAsync(() => Task.FromResult(poller.Successes(Name(victim)) >= before + 3 ? "back" : null), "the restarted task to answer on the ClusterIP", 60);
        var results = poller.Stop().Where(r => r.At >= killed).ToList();

        // "Answers throughout": the survivor answered all along, and no stretch after the kill went without an answer
        // for longer than a client retry would wait. Requests the dying task refused are counted and printed.
        var failures = results.Count(r => r.Body is null);
        var gap = LongestGapBetweenAnswers(results);
        output.WriteLine($"after the kill: {results.Count} requests, {failures} failed, longest time without an answer {gap.TotalSeconds:0.00} s");
        results.Count(r => r.Body == Name(survivor)).ShouldBeGreaterThan(0);
        gap.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        failures.ShouldBeLessThan(results.Count / 2, "most requests were answered while one task restarted");
    }

    [Fact]
    public async Task A_SUCCESS_dependency_finishes_before_its_dependent_starts_and_a_START_dependency_starts_first()
    {
        // Each container writes the kernel's uptime (one clock for all, 10 ms resolution) on the shared volume; the
        // dependent one then serves the volume. "agent" is defined after "app", which waits for it to START, and does
        // not depend on "setup": it waits for it all the same.
        _service = "deps";
        await ApplyAsync(Admin, Ns, $$"""
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"deps"},
             "spec":{"volumes":[{"name":"shared"}],"containerDefinitions":[
               {"name":"setup","image":"{{Busybox}}","essential":false,"stopTimeout":2,"entryPoint":["sh","-c"],
                "command":["cut -d' ' -f1 /proc/uptime > /shared/setup-start && sleep 2 && cut -d' ' -f1 /proc/uptime > /shared/setup-end"],
                "mountPoints":[{"sourceVolume":"shared","containerPath":"/shared"}]},
               {"name":"app","image":"{{Busybox}}","essential":true,"stopTimeout":2,"entryPoint":["sh","-c"],
                "command":["cut -d' ' -f1 /proc/uptime > /shared/app-start && exec httpd -f -p {{Port}} -h /shared"],
                "dependsOn":[{"containerName":"setup","condition":"SUCCESS"},{"containerName":"agent","condition":"START"}],
                "mountPoints":[{"sourceVolume":"shared","containerPath":"/shared"}],
                "portMappings":[{"containerPort":{{Port}},"protocol":"tcp"}]},
               {"name":"agent","image":"{{Busybox}}","essential":true,"stopTimeout":2,"entryPoint":["sh","-c"],
                "command":["cut -d' ' -f1 /proc/uptime > /shared/agent-start && trap 'exit 0' TERM && while true; do sleep 1; done"],
                "mountPoints":[{"sourceVolume":"shared","containerPath":"/shared"}]}]} }
            """);
        await ApplyAsync(Admin, Ns, Service("deps", "deps", desiredCount: 1));
        var pod = (await RunningPodsAsync(Admin, Ns, ready => ready.Count == 1, "the task ready"))[0];
        var status = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "deps", s => Count(s, "runningCount") == 1, "runningCount 1", 120);

        var ip = PodIp(pod);
        async Task<double> Uptime(string file) => double.Parse(await AnswerAsync(Http, $"http://{ip}:{Port}/{file}", _ => true), CultureInfo.InvariantCulture);
        var setupStart = await Uptime("setup-start");
        var setupEnd = await Uptime("setup-end");
        var agentStart = await Uptime("agent-start");
        var appStart = await Uptime("app-start");
        output.WriteLine($"uptime: setup {setupStart}–{setupEnd}, agent started {agentStart}, app started {appStart}");

        // SUCCESS: setup ran (2 s) and exited 0 before app started; the kubelet's own record agrees.
        (setupEnd - setupStart).ShouldBeGreaterThanOrEqualTo(1.9);
        appStart.ShouldBeGreaterThanOrEqualTo(setupEnd);
        var setup = (pod["status"]!["initContainerStatuses"] as JsonArray)!.OfType<JsonObject>().Single(c => Text(c["name"]) == "setup");
        setup["state"]!["terminated"]!["exitCode"]!.GetValue<int>().ShouldBe(0);
        Text(setup["state"]!["terminated"]!["reason"]).ShouldBe("Completed");
        Time(setup["state"]!["terminated"]!["finishedAt"]).ShouldBeLessThanOrEqualTo(Time(Container(pod, "app")!["state"]!["running"]!["startedAt"]));

        // START: agent was started before app.
        agentStart.ShouldBeLessThanOrEqualTo(appStart);
        Time(Container(pod, "agent")!["state"]!["running"]!["startedAt"]).ShouldBeLessThanOrEqualTo(Time(Container(pod, "app")!["state"]!["running"]!["startedAt"]));

        // The approximation, observed and reported: agent does not depend on setup, yet it started only after setup
        // finished (ECS would have started it at once).
        agentStart.ShouldBeGreaterThanOrEqualTo(setupEnd);
        Notes(status).ShouldContain(n => Text(n["field"]) == "taskDefinition.containerDefinitions[0]" && Text(n["message"])!.Contains("\"agent\"", StringComparison.Ordinal),
            "a note names the container that waits for an init container it does not depend on");
    }

    [Fact]
    public async Task A_DAEMON_service_runs_one_task_on_the_node_and_stopTimeout_bounds_its_stop()
    {
        // The container ignores SIGTERM: only the kubelet's SIGKILL at the end of stopTimeout (5 s) stops it.
        _service = "daemon";
        await ApplyAsync(Admin, Ns, $$"""
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"daemon"},
             "spec":{"containerDefinitions":[{"name":"agent","image":"{{Busybox}}","essential":true,"stopTimeout":5,
               "entryPoint":["sh","-c"],"command":["trap '' TERM; while true; do sleep 1; done # ignores-sigterm"]}]} }
            """);
        await ApplyAsync(Admin, Ns, """
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsService","metadata":{"name":"daemon"},
             "spec":{"taskDefinition":"daemon","schedulingStrategy":"DAEMON"} }
            """);

        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "daemon", s => Count(s, "runningCount") == 1, "runningCount 1", 180);
        var daemonSet = await WaitForAsync(Admin, OperatorResources.DaemonSets, Ns, "daemon",
            d => d["status"]?["desiredNumberScheduled"]?.GetValue<int>() == 1 && d["status"]?["numberReady"]?.GetValue<int>() == 1, "the DaemonSet ready on the node", 60);
        (await GetAsync(Admin, ResourceType.Deployments, Ns, "daemon")).ShouldBeNull();
        var pods = await RunningPodsNowAsync(Admin, Ns);
        pods.Count.ShouldBe(1, "one task on the one node");
        var pod = pods[0];
        Text(pod["spec"]!["nodeName"]).ShouldBe("ecsbridge-node");
        pod["spec"]!["terminationGracePeriodSeconds"]!.GetValue<int>().ShouldBe(5);
        Text(pod["metadata"]!["ownerReferences"]![0]!["kind"]).ShouldBe("DaemonSet");
        output.WriteLine("DaemonSet update strategy: " + daemonSet["spec"]!["updateStrategy"]!.ToJsonString());

        // The operator read the node count from the DaemonSet: maxUnavailable is the whole number 1 − ceil(1 × 0 / 100)
        // = 1 (ECS's DAEMON default minimumHealthyPercent 0), and the "not known yet" note is gone.
        var counted = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "daemon",
            s => !Notes(s).Any(n => Text(n["message"])!.Contains("not known yet", StringComparison.Ordinal)), "the node count used", 60);
        Count(counted, "runningCount").ShouldBe(1);
        var strategy = (await GetAsync(Admin, OperatorResources.DaemonSets, Ns, "daemon"))!["spec"]!["updateStrategy"]!["rollingUpdate"]!["maxUnavailable"]!;
        strategy.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.Number);
        strategy.GetValue<int>().ShouldBe(1);

        // Stop the task and time how long its process lives on the host: SIGTERM is ignored, so it ends with the
        // kubelet's SIGKILL once stopTimeout has passed. (The pod object goes later: the kubelet first cleans up.)
        var pid = HostProcess(args => args.Length == 3 && args[0] == "sh" && args[2].EndsWith("# ignores-sigterm", StringComparison.Ordinal), "the daemon's shell");
        var watch = Stopwatch.StartNew();
        await Admin.DeleteAsync(ResourceType.Pods, Ns, Name(pod));
        await EventuallyAsync(() => Task.FromResult(Directory.Exists($"/proc/{pid}") ? null : "ended"), "the container process killed", 60);
        var stop = watch.Elapsed;
        await EventuallyAsync(async () => await GetAsync(Admin, ResourceType.Pods, Ns, Name(pod)) is null ? "gone" : null, "the stopped task gone", 60);
        output.WriteLine($"the process that ignores SIGTERM ended {stop.TotalSeconds:0.0} s after its task was deleted, the pod object after {watch.Elapsed.TotalSeconds:0.0} s (stopTimeout 5 s, ECS default 30 s)");
        stop.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(4.5));
        stop.ShouldBeLessThan(TimeSpan.FromSeconds(15));

        // The DaemonSet puts a new task on the node.
        var replacement = (await RunningPodsAsync(Admin, Ns, ready => ready.Count == 1, "a new task on the node", 120))[0];
        Name(replacement).ShouldNotBe(Name(pod));
        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "daemon", s => Count(s, "runningCount") == 1, "runningCount 1 again", 120);
    }

    [Fact]
    public async Task A_non_essential_container_that_exits_is_restarted_and_takes_its_task_out_of_the_Service()
    {
        // ECS: the task keeps running and keeps serving with "job" stopped. Observed here: the kubelet restarts "job"
        // with a growing back-off; between runs the pod is NotReady, so its endpoint leaves the Service and the task
        // no longer counts as running, although "web" never stopped.
        _service = "side";
        await ApplyAsync(Admin, Ns, $$"""
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"side"},
             "spec":{"containerDefinitions":[
               {"name":"web","image":"{{Busybox}}","essential":true,"stopTimeout":2,"entryPoint":["sh","-c"],
                "command":["mkdir -p /srv && hostname > /srv/index.html && exec httpd -f -p {{Port}} -h /srv"],
                "portMappings":[{"containerPort":{{Port}},"protocol":"tcp"}]},
               {"name":"job","image":"{{Busybox}}","essential":false,"stopTimeout":2,"entryPoint":["sh","-c"],"command":["sleep 2"]}]} }
            """);
        await ApplyAsync(Admin, Ns, Service("side", "side", desiredCount: 1));

        var first = await EventuallyAsync(async () => (await PodsAsync()).SingleOrDefault(p => Container(p, "job")?["restartCount"]?.GetValue<int>() >= 1),
            "the non-essential container exited and was restarted", 180);
        var notReady = await EventuallyAsync(async () => await WaitForNotReadyAsync(),
            "the task NotReady with web running, out of the Service's endpoints", 120);
        var status = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "side",
            s => Count(s, "runningCount") == 0 && Count(s, "pendingCount") == 1, "runningCount 0, pendingCount 1 (ECS: 1 running)", 120);

        Name(notReady).ShouldBe(Name(first), "the same task: nothing replaced it");
        Text(notReady["status"]!["phase"]).ShouldBe("Running");
        Container(notReady, "web")!["restartCount"]!.GetValue<int>().ShouldBe(0);
        Container(notReady, "web")!["state"]!["running"].ShouldNotBeNull();
        // The kubelet reports the exit under state while it has just happened, under lastState once it waits to restart.
        var job = Container(notReady, "job")!;
        var exited = job["state"]?["terminated"] ?? job["lastState"]?["terminated"];
        exited.ShouldNotBeNull($"job's termination: {job.ToJsonString()}");
        exited["exitCode"]!.GetValue<int>().ShouldBe(0);
        Text(exited["reason"]).ShouldBe("Completed");
        output.WriteLine($"job: restartCount {job["restartCount"]}, state {job["state"]!.ToJsonString()}; status counts: running {Count(status, "runningCount")}, pending {Count(status, "pendingCount")}");

        // web itself still answers on the pod IP: only the Service stopped sending traffic.
        await AnswerAsync(Http, $"http://{PodIp(notReady)}:{Port}/", body => body == Name(notReady));
        Notes(status).ShouldContain(n => Text(n["field"]) == "taskDefinition.containerDefinitions[1].essential" && Text(n["message"])!.Contains("NotReady", StringComparison.Ordinal));
    }

    /// <summary>The pod when it is NotReady while web runs, and the Service's endpoints list it as not ready only.</summary>
    private async Task<JsonObject?> WaitForNotReadyAsync()
    {
        var pod = (await PodsAsync()).SingleOrDefault();
        if (pod is null || IsReady(pod) || Container(pod, "web")?["state"]?["running"] is null)
        {
            return null;
        }
        var endpoints = await Admin.GetRawAsync($"/api/v1/namespaces/{Ns}/endpoints/side");
        var subsets = endpoints?["subsets"] as JsonArray;
        var ready = subsets?.SelectMany(s => (s?["addresses"] as JsonArray) ?? []).Count() ?? 0;
        var notReady = subsets?.SelectMany(s => (s?["notReadyAddresses"] as JsonArray) ?? []).Select(a => Text(a?["ip"])).ToList() ?? [];
        return ready == 0 && notReady.Contains(PodIp(pod)) ? pod : null;
    }

    /// <summary>The PID of the httpd serving /srv/&lt;pod&gt;, found in the host's /proc (the node runs as root here).</summary>
    private static int ContainerProcess(string podName) =>
        HostProcess(args => args[0].EndsWith("httpd", StringComparison.Ordinal) && args.Contains("/srv/" + podName), $"the httpd serving /srv/{podName}");

    /// <summary>The one process on the host whose arguments match.</summary>
    private static int HostProcess(Func<string[], bool> match, string what)
    {
        var matches = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                continue; // the process ended while we looked
            }
            if (args.Length > 0 && match(args))
            {
                matches.Add(pid);
            }
        }
        matches.Count.ShouldBe(1, $"one process on the host: {what}");
        return matches[0];
    }

    /// <summary>The longest stretch of the polled period without a successful answer (its start and end count as
    /// edges, so failures at either end are not hidden).</summary>
    private static TimeSpan LongestGapBetweenAnswers(IReadOnlyList<Poller.Result> results)
    {
        if (results.Count == 0)
        {
            return TimeSpan.MaxValue;
        }
        var edges = new List<DateTime> { results[0].At };
        edges.AddRange(results.Where(r => r.Body is not null).Select(r => r.At));
        edges.Add(results[^1].At);
        return edges.Zip(edges.Skip(1), (a, b) => b - a).Max();
    }

    private async Task<List<JsonObject>> PodsAsync()
    {
        var list = await Admin.ListAsync(ResourceType.Pods, Ns, KubeJsonContext.Default.JsonObject);
        return list.Items.OfType<JsonObject>().Where(p => p["metadata"]?["deletionTimestamp"] is null).ToList();
    }

    private static JsonObject? Container(JsonObject pod, string name) =>
        (pod["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => Text(c["name"]) == name);

    private static IEnumerable<JsonObject> Notes(JsonObject service) => (service["status"]?["translationNotes"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static int? Count(JsonObject service, string field) => service["status"]?[field]?.GetValue<int>();

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse(Text(node)!, CultureInfo.InvariantCulture);

    /// <summary>Requests <c>url</c> back to back until stopped and records each answer (null when it failed).</summary>
    private sealed class Poller : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Result> _results = [];
        private readonly Task _loop;

        public Poller(string url) => _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                string? body;
                try
                {
                    body = (await Http.GetStringAsync(new Uri(url), _stop.Token)).Trim();
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    body = null;
                }
                if (_stop.IsCancellationRequested)
                {
                    break;
                }
                lock (_results)
                {
                    _results.Add(new Result(DateTime.UtcNow, body));
                }
                try
                {
                    // Pacing between requests, not a wait for a condition.
                    await Task.Delay(50, _stop.Token);
                }
                catch (TaskCanceledException)
                {
                    break;
                }
            }
        });

        public int Successes(string body)
        {
            lock (_results)
            {
                return _results.Count(r => r.Body == body);
            }
        }

        public List<Result> Stop()
        {
            _stop.Cancel();
            _loop.Wait(TimeSpan.FromSeconds(10));
            lock (_results)
            {
                return [.. _results];
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }

        public sealed record Result(DateTime At, string? Body);
    }
}
