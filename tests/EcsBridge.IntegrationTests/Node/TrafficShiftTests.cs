using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;
using static EcsBridge.IntegrationTests.Node.NodeTasks;
using static EcsBridge.IntegrationTests.Node.WebRevisions;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 18: LINEAR and CANARY on the real node. A poller asks the production Service's ClusterIP for the
/// whole deployment and records which revision answered (each revision's httpd serves its own page) and which
/// requests failed. CANARY 25 % of 4 tasks: during the step about a quarter of the answers come from the new
/// revision (1 task of 4 behind the Service), across an operator restart mid-step, and none fails; then all
/// traffic moves. LINEAR 50 % to a revision whose container exits: the circuit breaker rolls back and all traffic is
/// on the old revision again.</summary>
[Collection(NodeCollection.Name)]
public sealed class TrafficShiftTests(NodeFixture fixture, ITestOutputHelper output)
{
    /// <summary>Four tasks of each revision may run at once during a step: a small share each keeps them on the node.</summary>
    private const int Cpu = 32;

    private static string ShiftService(string strategy, string settings) => Service("web", "web", 4, $$$"""
        ,"deploymentConfiguration":{"strategy":"{{{strategy}}}","bakeTimeInMinutes":0,{{{settings}}},
          "deploymentCircuitBreaker":{"enable":true,"rollback":true}}
        """);

    private static JsonNode? Strategy(JsonObject service) => service["status"]?["deploymentStrategy"];

    [Fact]
    public async Task CANARY_sends_a_quarter_of_the_requests_to_one_task_of_four_across_a_restart_and_a_failing_LINEAR_step_returns_all_traffic()
    {
        var ns = await fixture.CreateNamespaceAsync("shift");
        using var admin = fixture.CreateAdminClient();
        var op = await OperatorHarness.StartAsync(fixture, [ns]);
        try
        {
            await ApplyAsync(admin, ns, Revision("v1", Cpu));
            await ApplyAsync(admin, ns, ShiftService("CANARY", """ "canaryConfiguration":{"canaryPercent":25,"canaryBakeTimeInMinutes":1}"""));
            await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                s => Text(s["status"]?["taskDefinition"]) == "web:1" && Text(Primary(s)?["rolloutState"]) == "COMPLETED" && s["status"]?["runningCount"]?.GetValue<int>() == 4,
                "web:1 COMPLETED with 4 running", 240);
            var clusterIp = Text((await WaitForAsync(admin, ResourceType.Services, ns, "web", s => s["spec"]?["clusterIP"] is not null, "the web Service"))["spec"]!["clusterIP"])!;
            await AnswerAsync(Http, $"http://{clusterIp}:{Port}/", b => b.EndsWith(" v1", StringComparison.Ordinal));

            // web:1 → web:2 under CANARY 25 %, polled throughout.
            var answers = new ConcurrentQueue<Answer>();
            var clock = Stopwatch.StartNew();
            DateTimeOffset stepSeen;
            DateTimeOffset stepDeadline;
            using (var stop = new CancellationTokenSource())
            {
                var poller = PollAsync($"http://{clusterIp}:{Port}/", answers, stop.Token);
                await EventuallyAsync(() => Task.FromResult<string?>(answers.IsEmpty ? null : "polling"), "the first poll");
                await ApplyAsync(admin, ns, Revision("v2", Cpu));
                var step = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                    s => Text(Strategy(s)?["lifecycleStage"]) == "PRODUCTION_TRAFFIC_SHIFT" && Strategy(s)?["trafficPercent"]?.GetValue<int>() == 25,
                    "the canary step in effect (25 %)", 180);
                stepSeen = DateTimeOffset.UtcNow;
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {step["status"]!.ToJsonString()}");
                stepDeadline = DateTimeOffset.Parse(Text(Strategy(step)!["stepDeadline"])!, CultureInfo.InvariantCulture);
                Strategy(step)!["stepPercent"]!.GetValue<double>().ShouldBe(25);
                (await GetAsync(admin, ResourceType.Deployments, ns, "web-web-1"))!["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3);
                (await GetAsync(admin, ResourceType.Deployments, ns, "web-web-2"))!["spec"]!["replicas"]!.GetValue<int>().ShouldBe(1);
                Text(Primary(step)?["rolloutStateReason"]).ShouldStartWith("CANARY step of 25 %");
                Selected(await GetAsync(admin, ResourceType.Services, ns, "web")).ShouldBeNull("production selects both revisions");

                // The operator restarts mid-step: the step and its deadline are read back from the cluster.
                await op.DisposeAsync();
                op = await OperatorHarness.StartAsync(fixture, [ns]);
                (await GetAsync(admin, ResourceType.Deployments, ns, "web-web-1"))!["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3, "the step holds after the restart");

                await WaitGoneAsync(admin, ResourceType.Deployments, ns, "web-web-1", 240);
                var done = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                    s => Text(Primary(s)?["rolloutState"]) == "COMPLETED" && (s["status"]?["deployments"] as JsonArray)?.Count == 1
                         && Text(s["status"]?["taskDefinition"]) == "web:2" && s["status"]?["runningCount"]?.GetValue<int>() == 4,
                    "web:2 COMPLETED alone with 4 running", 120);
                Strategy(done)!["trafficPercent"]!.GetValue<int>().ShouldBe(100);
                Text(Strategy(done)!["productionWorkload"]).ShouldBe("web-web-2");
                await AnswerAsync(Http, $"http://{clusterIp}:{Port}/", b => b.EndsWith(" v2", StringComparison.Ordinal));
                await stop.CancelAsync();
                await poller;
            }
            var polled = answers.ToList();
            // The step's window: from the status saying 25 % (plus kube-proxy's moment to program the endpoints) to
            // the step's deadline.
            var during = polled.Where(a => a.At >= stepSeen.AddSeconds(2) && a.At < stepDeadline && a.Body is not null).ToList();
            var share = during.Count == 0 ? 0 : 100.0 * during.Count(a => a.Version == "v2") / during.Count;
            output.WriteLine($"{polled.Count} requests over {clock.Elapsed.TotalSeconds:0.0} s: "
                + string.Join(", ", polled.GroupBy(a => a.Version ?? "failed").Select(g => $"{g.Key}={g.Count()}"))
                + string.Create(CultureInfo.InvariantCulture, $"; during the step {during.Count} requests, {share:0.0} % answered by web:2 (step {stepSeen:O} to {stepDeadline:O})"));
            polled.Where(a => a.Body is null).ShouldBeEmpty("no request failed during the canary deployment");
            during.Count.ShouldBeGreaterThan(200, "the step lasted long enough to measure a share");
            share.ShouldBeInRange(12.5, 37.5, "1 task of 4 takes about a quarter of the requests");
            polled.Where(a => a.At < stepSeen.AddSeconds(-5)).ShouldAllBe(a => a.Version == "v1", "no new task served before its step");

            // LINEAR 50 % to web:3, whose container exits 15 s after it starts: the first step takes traffic, then the
            // circuit breaker fails the deployment and all traffic returns to web:2.
            await ApplyAsync(admin, ns, ShiftService("LINEAR", """ "linearConfiguration":{"stepPercent":50,"stepBakeTimeInMinutes":10}"""));
            var crashing = new ConcurrentQueue<Answer>();
            using (var stop = new CancellationTokenSource())
            {
                var poller = PollAsync($"http://{clusterIp}:{Port}/", crashing, stop.Token);
                await ApplyAsync(admin, ns, Revision("v3", Cpu, crashAfterSeconds: 15));
                var first = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                    s => Strategy(s)?["stepPercent"]?.GetValue<double>() == 50 && Text(Strategy(s)?["type"]) == "LINEAR", "the LINEAR 50 % step", 60);
                output.WriteLine($"LINEAR step: {first["status"]!["deploymentStrategy"]!.ToJsonString()}");
                var rolledBack = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                    s => Text(s["status"]?["rollback"]?["fromTaskDefinition"]) == "web:3", "rolled back from web:3", 300);
                output.WriteLine($"rolled back: {rolledBack["status"]!.ToJsonString()}");
                Text(rolledBack["status"]!["rollback"]!["toTaskDefinition"]).ShouldBe("web:2");
                await WaitGoneAsync(admin, ResourceType.Deployments, ns, "web-web-3", 120);
                await WaitForAsync(admin, ResourceType.Deployments, ns, "web-web-2",
                    d => d["spec"]?["replicas"]?.GetValue<int>() == 4 && d["status"]?["readyReplicas"]?.GetValue<int>() == 4, "web-web-2 back at 4 ready tasks", 120);
                await stop.CancelAsync();
                await poller;
            }
            var shifted = crashing.ToList();
            output.WriteLine($"LINEAR to the crashing web:3: {shifted.Count} requests: "
                + string.Join(", ", shifted.GroupBy(a => a.Version ?? "failed").Select(g => $"{g.Key}={g.Count()}")));
            shifted.ShouldContain(a => a.Version == "v3", "web:3's step took production traffic before it failed");
            // Every answer now comes from web:2.
            await AnswerAsync(Http, $"http://{clusterIp}:{Port}/", b => b.EndsWith(" v2", StringComparison.Ordinal));
            for (var i = 0; i < 40; i++)
            {
                (await TryGetAsync(Http, $"http://{clusterIp}:{Port}/")).ShouldNotBeNull().ShouldEndWith(" v2");
            }

            await admin.DeleteAsync(OperatorResources.EcsServices, ns, "web");
            await WaitGoneAsync(admin, ResourceType.Deployments, ns, "web-web-2", 60);
        }
        finally
        {
            await op.DisposeAsync();
        }
    }

    private static string? Selected(JsonObject? service) => Text(service?["spec"]?["selector"]?["ecsbridge.io/revision"]);
}
