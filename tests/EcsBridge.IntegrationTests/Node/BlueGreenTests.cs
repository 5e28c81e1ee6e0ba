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

/// <summary>Issue 18: BLUE_GREEN on the real node. A poller asks the production Service's ClusterIP for the whole
/// deployment and records which revision answered (each revision's httpd serves its own page) and which requests
/// failed: web:1 → web:2 switches from all-old to all-new with no failed request, the old revision stays for the bake
/// (across an operator restart) and then goes; web:3 fails during its bake and the circuit breaker returns all
/// traffic to web:2 at once. One service, one task per revision, to keep the node's time short.</summary>
[Collection(NodeCollection.Name)]
public sealed class BlueGreenTests(NodeFixture fixture, ITestOutputHelper output)
{
    /// <summary>One task per revision; the CPU each task of a revision asks for.</summary>
    private const int Cpu = 64;

    private static string BlueGreenService(int bakeMinutes) => Service("web", "web", 1, $$$"""
        ,"deploymentConfiguration":{"strategy":"BLUE_GREEN","bakeTimeInMinutes":{{{bakeMinutes}}},
          "deploymentCircuitBreaker":{"enable":true,"rollback":true}}
        """);

    [Fact]
    public async Task Production_traffic_switches_from_all_old_to_all_new_without_a_failed_request_and_a_failure_during_bake_returns_it()
    {
        var ns = await fixture.CreateNamespaceAsync("bluegreen");
        using var admin = fixture.CreateAdminClient();
        var op = await OperatorHarness.StartAsync(fixture, [ns]);
        try
        {
            await ApplyAsync(admin, ns, Revision("v1", Cpu));
            await ApplyAsync(admin, ns, BlueGreenService(bakeMinutes: 1));
            await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                s => Text(s["status"]?["taskDefinition"]) == "web:1" && Text(Primary(s)?["rolloutState"]) == "COMPLETED" && s["status"]?["runningCount"]?.GetValue<int>() == 1,
                "web:1 COMPLETED with 1 running", 180);
            (await GetAsync(admin, ResourceType.Deployments, ns, "web-web-1")).ShouldNotBeNull("web:1 runs in its own Deployment");
            var clusterIp = Text((await WaitForAsync(admin, ResourceType.Services, ns, "web", s => s["spec"]?["clusterIP"] is not null, "the web Service"))["spec"]!["clusterIP"])!;
            var testIp = Text((await WaitForAsync(admin, ResourceType.Services, ns, "web-test", s => s["spec"]?["clusterIP"] is not null, "the web-test Service"))["spec"]!["clusterIP"])!;
            var pods = await RunningPodsAsync(admin, ns, ready => ready.Count == 1, "web:1's task running");
            await AnswerAsync(Http, $"http://{PodIp(pods[0])}:{Port}/", b => b == Name(pods[0]) + " v1");
            try
            {
                await AnswerAsync(Http, $"http://{clusterIp}:{Port}/", b => b.EndsWith(" v1", StringComparison.Ordinal));
            }
            catch (TimeoutException)
            {
                output.WriteLine("production Service: " + (await GetAsync(admin, ResourceType.Services, ns, "web"))?.ToJsonString());
                output.WriteLine("endpoints: " + (await GetAsync(admin, new ResourceType("", "v1", "endpoints", "Endpoints", true), ns, "web"))?.ToJsonString());
                output.WriteLine("pod labels: " + pods[0]["metadata"]?["labels"]?.ToJsonString());
                throw;
            }

            // web:1 → web:2, polled throughout.
            var clock = Stopwatch.StartNew();
            var answers = new ConcurrentQueue<Answer>();
            using (var stop = new CancellationTokenSource())
            {
                var poller = PollAsync($"http://{clusterIp}:{Port}/", answers, stop.Token);
                await EventuallyAsync(() => Task.FromResult<string?>(answers.IsEmpty ? null : "polling"), "the first poll");
                await ApplyAsync(admin, ns, Revision("v2", Cpu));
                // Before the switch the test Service reaches the new tasks only, production still the old ones.
                var scaling = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                    s => Text(s["status"]?["deploymentStrategy"]?["lifecycleStage"]) is "SCALE_UP" or "BAKE_TIME", "SCALE_UP or BAKE_TIME", 60);
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {scaling["status"]!["deploymentStrategy"]!.ToJsonString()}");
                await AnswerAsync(Http, $"http://{testIp}:{Port}/", b => b.EndsWith(" v2", StringComparison.Ordinal), 120);
                var baking = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                    s => Text(s["status"]?["deploymentStrategy"]?["lifecycleStage"]) == "BAKE_TIME", "BAKE_TIME", 120);
                var strategy = baking["status"]!["deploymentStrategy"]!;
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {baking["status"]!.ToJsonString()}");
                strategy["trafficPercent"]!.GetValue<int>().ShouldBe(100);
                Text(strategy["productionWorkload"]).ShouldBe("web-web-2");
                Text(strategy["testService"]).ShouldBe("web-test");
                var deadline = DateTimeOffset.Parse(Text(strategy["bakeDeadline"])!, CultureInfo.InvariantCulture);
                var deployments = baking["status"]!["deployments"]!.AsArray().OfType<JsonObject>().ToList();
                deployments.Select(d => (Text(d["taskDefinition"]), Text(d["status"])))
                    .ShouldBe([("web:2", "PRIMARY"), ("web:1", "ACTIVE")], ignoreOrder: true);
                Text(Primary(baking)?["rolloutState"]).ShouldBe("IN_PROGRESS", "the deployment lasts until the old revision is gone");

                // The operator restarts mid-bake: the deadline is read back from the cluster, not remembered.
                await op.DisposeAsync();
                op = await OperatorHarness.StartAsync(fixture, [ns]);
                (await GetAsync(admin, ResourceType.Deployments, ns, "web-web-1")).ShouldNotBeNull("blue stays for the bake after the restart");

                await WaitGoneAsync(admin, ResourceType.Deployments, ns, "web-web-1", 150);
                var goneAt = DateTimeOffset.UtcNow;
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: web-web-1 gone at {goneAt:O}, bake deadline {deadline:O}");
                goneAt.ShouldBeGreaterThanOrEqualTo(deadline, "blue is deleted only after the bake deadline");
                var done = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                    s => Text(Primary(s)?["rolloutState"]) == "COMPLETED" && (s["status"]?["deployments"] as JsonArray)?.Count == 1
                         && s["status"]?["deploymentStrategy"]?["lifecycleStage"] is null,
                    "web:2 COMPLETED alone", 120);
                Text(done["status"]!["lastCompletedTaskDefinition"]).ShouldBe("web:2");
                await stop.CancelAsync();
                await poller;
            }
            var polled = answers.ToList();
            output.WriteLine($"{polled.Count} requests over {clock.Elapsed.TotalSeconds:0.0} s: "
                + string.Join(", ", polled.GroupBy(a => a.Version ?? "failed").Select(g => $"{g.Key}={g.Count()}")));
            polled.Where(a => a.Body is null).ShouldBeEmpty("no request failed during the blue/green deployment");
            var firstNew = polled.FindIndex(a => a.Version == "v2");
            firstNew.ShouldBeGreaterThan(0, "web:1 answered first, then web:2");
            polled.Take(firstNew).ShouldAllBe(a => a.Version == "v1");
            polled.Skip(firstNew).ShouldAllBe(a => a.Version == "v2", "after the switch only web:2 answers: all-old, then all-new");

            // web:3 passes its health check, takes production traffic, then its container exits again and again
            // during a long bake: the circuit breaker rolls back and production returns to web:2 at once.
            await ApplyAsync(admin, ns, BlueGreenService(bakeMinutes: 10));
            await ApplyAsync(admin, ns, Revision("v3", Cpu, crashAfterSeconds: 15));
            await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                s => Text(s["status"]?["deploymentStrategy"]?["productionWorkload"]) == "web-web-3", "production on web:3 (BAKE_TIME)", 120);
            await AnswerAsync(Http, $"http://{clusterIp}:{Port}/", b => b.EndsWith(" v3", StringComparison.Ordinal));
            var rolledBack = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                s => Text(s["status"]?["rollback"]?["fromTaskDefinition"]) == "web:3" && Text(s["status"]?["deploymentStrategy"]?["productionWorkload"]) == "web-web-2",
                "rolled back to web:2", 240);
            output.WriteLine($"rolled back: {rolledBack["status"]!.ToJsonString()}");
            Text(rolledBack["status"]!["rollback"]!["toTaskDefinition"]).ShouldBe("web:2");
            var production = await GetAsync(admin, ResourceType.Services, ns, "web");
            Text(production!["spec"]!["selector"]!["ecsbridge.io/revision"]).ShouldBe("2");
            await WaitGoneAsync(admin, ResourceType.Deployments, ns, "web-web-3", 60);
            // Every answer now comes from web:2 (a request already routed to a stopping web:3 task may fail once).
            await AnswerAsync(Http, $"http://{clusterIp}:{Port}/", b => b.EndsWith(" v2", StringComparison.Ordinal));
            for (var i = 0; i < 20; i++)
            {
                (await TryGetAsync(Http, $"http://{clusterIp}:{Port}/")).ShouldNotBeNull().ShouldEndWith(" v2");
            }

            await admin.DeleteAsync(OperatorResources.EcsServices, ns, "web");
            await WaitGoneAsync(admin, ResourceType.Deployments, ns, "web-web-2", 60);
            await WaitGoneAsync(admin, ResourceType.Services, ns, "web-test", 60);
        }
        finally
        {
            await op.DisposeAsync();
        }
    }
}
