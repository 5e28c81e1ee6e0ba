using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;
using static EcsBridge.IntegrationTests.Node.NodeTasks;
using static EcsBridge.IntegrationTests.Node.WebRevisions;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 18: the Kubernetes-native lifecycle hook on the real node. A BLUE_GREEN service whose hooks are
/// one-off tasks: a smoke test asks the test Service for the new revision before production moves
/// (POST_TEST_TRAFFIC_SHIFT), a check asks the production Service after it moved (POST_PRODUCTION_TRAFFIC_SHIFT).
/// A poller on the production Service records which revision answered: nothing of web:2 before the smoke test
/// succeeded, no failed request, the old revision kept until the check succeeded. Then a hook that fails rolls web:3
/// back with the circuit breaker off, before any production request reached it.</summary>
[Collection(NodeCollection.Name)]
public sealed class LifecycleHookTests(NodeFixture fixture, ITestOutputHelper output)
{
    private const int Cpu = 64;

    /// <summary>The hook tasks read the Services from the environment Kubernetes gives every pod (service links). Like
    /// any smoke test against a Service that just changed, they retry while kube-proxy catches up (30 tries, 1 s apart).
    /// No -T: the node image's busybox 1.35 wget crashes (SIGSEGV) with a timeout option.</summary>
    private static readonly string Smoke = BusyboxTaskDefinition("smoke", Expect("$WEB_TEST_SERVICE_HOST:$WEB_TEST_SERVICE_PORT", "v2"), port: null);

    private static readonly string Verify = BusyboxTaskDefinition("verify", Expect("$WEB_SERVICE_HOST:$WEB_SERVICE_PORT", "v2"), port: null);

    private static string Expect(string address, string version) =>
        $"for i in $(seq 1 30); do wget -q -O - http://{address}/ | grep -q ' {version}$' && exit 0; sleep 1; done; exit 1";

    private static readonly string Broken = BusyboxTaskDefinition("broken", "echo the smoke test failed; exit 3", port: null);

    private static string HookedService(string hooks) => Service("web", "web", 1, $$$"""
        ,"deploymentConfiguration":{"strategy":"BLUE_GREEN","bakeTimeInMinutes":0,"lifecycleHooks":{{{hooks}}}}
        """);

    private static JsonNode? Strategy(JsonObject service) => service["status"]?["deploymentStrategy"];

    [Fact]
    public async Task Hook_tasks_gate_the_switch_and_the_clean_up_and_a_failed_hook_rolls_back_before_production_reaches_the_new_revision()
    {
        var ns = await fixture.CreateNamespaceAsync("hooks");
        using var admin = fixture.CreateAdminClient();
        var started = DateTimeOffset.UtcNow;
        var op = await OperatorHarness.StartAsync(fixture, [ns]);
        try
        {
            foreach (var definition in new[] { Smoke, Verify, Broken, Revision("v1", Cpu) })
            {
                await ApplyAsync(admin, ns, definition);
            }
            await ApplyAsync(admin, ns, HookedService("""
                [{"taskDefinition":"smoke","lifecycleStages":["POST_TEST_TRAFFIC_SHIFT"]},
                 {"taskDefinition":"verify","lifecycleStages":["POST_PRODUCTION_TRAFFIC_SHIFT"]},
                 {"hookTargetArn":"arn:aws:lambda:us-east-1:123456789012:function:notify","lifecycleStages":["POST_SCALE_UP"]}]
                """));
            var first = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                s => Text(Primary(s)?["rolloutState"]) == "COMPLETED" && s["status"]?["runningCount"]?.GetValue<int>() == 1, "web:1 COMPLETED", 180);
            Strategy(first)?["lifecycleHooks"].ShouldBeNull("the first revision has nothing to shift from: no hook runs");
            (await admin.ListAsync(OperatorResources.EcsTasks, ns, KubeJsonContext.Default.JsonObject)).Items.ShouldBeEmpty();
            var notes = first["status"]!["translationNotes"]!.AsArray().Select(n => Text(n!["message"])).ToList();
            notes.ShouldContain(m => m!.Contains("1 lifecycle hook(s) without taskDefinition are not run", StringComparison.Ordinal));
            var clusterIp = Text((await WaitForAsync(admin, ResourceType.Services, ns, "web", s => s["spec"]?["clusterIP"] is not null, "the web Service"))["spec"]!["clusterIP"])!;
            await AnswerAsync(Http, $"http://{clusterIp}:{Port}/", b => b.EndsWith(" v1", StringComparison.Ordinal), 120);

            // web:1 → web:2: the smoke test gates the switch, the check gates the clean-up.
            var answers = new ConcurrentQueue<Answer>();
            JsonObject smoke, verify;
            using (var stop = new CancellationTokenSource())
            {
                var poller = PollAsync($"http://{clusterIp}:{Port}/", answers, stop.Token);
                await EventuallyAsync(() => Task.FromResult<string?>(answers.IsEmpty ? null : "polling"), "the first poll");
                await ApplyAsync(admin, ns, Revision("v2", Cpu));

                smoke = await WaitForAsync(admin, OperatorResources.EcsTasks, ns, "web-web-2-post-test-traffic-shift-0",
                    t => t["status"]?["stoppedAt"] is not null, "the smoke test's task stopped", 180);
                output.WriteLine("smoke: " + smoke["status"]!.ToJsonString());
                Condition(smoke, "Succeeded").ShouldBe("True");
                var owner = smoke["metadata"]!["ownerReferences"]!.AsArray().Single()!;
                (Text(owner["kind"]), Text(owner["name"]), owner["controller"]?.GetValue<bool>()).ShouldBe(("Deployment", "web-web-2", (bool?)true));
                Text(smoke["spec"]!["startedBy"]).ShouldBe("ecsbridge-lifecycle-hook/POST_TEST_TRAFFIC_SHIFT");

                await WaitGoneAsync(admin, ResourceType.Deployments, ns, "web-web-1", 180);
                // The old revision went only after the check had succeeded (bakeTimeInMinutes 0 would have let it go at the switch).
                verify = (await GetAsync(admin, OperatorResources.EcsTasks, ns, "web-web-2-post-production-traffic-shift-1")).ShouldNotBeNull();
                output.WriteLine("verify: " + verify["status"]!.ToJsonString());
                Condition(verify, "Succeeded").ShouldBe("True");
                var done = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                    s => Text(Primary(s)?["rolloutState"]) == "COMPLETED" && Text(s["status"]?["taskDefinition"]) == "web:2" && (s["status"]?["deployments"] as JsonArray)?.Count == 1,
                    "web:2 COMPLETED alone", 60);
                Strategy(done)?["lifecycleStage"].ShouldBeNull();
                await stop.CancelAsync();
                await poller;
            }
            var polled = answers.ToList();
            output.WriteLine($"{polled.Count} requests: " + string.Join(", ", polled.GroupBy(a => a.Version ?? "failed").Select(g => $"{g.Key}={g.Count()}")));
            polled.Where(a => a.Body is null).ShouldBeEmpty("no request failed");
            var firstNew = polled.FindIndex(a => a.Version == "v2");
            firstNew.ShouldBeGreaterThan(0);
            polled.Take(firstNew).ShouldAllBe(a => a.Version == "v1");
            polled.Skip(firstNew).ShouldAllBe(a => a.Version == "v2", "all-old, then all-new");
            var smokeStopped = DateTimeOffset.Parse(Text(smoke["status"]!["stoppedAt"])!, CultureInfo.InvariantCulture);
            // stoppedAt has whole seconds: production moved once the smoke test had succeeded, never before.
            polled[firstNew].At.ShouldBeGreaterThanOrEqualTo(smokeStopped.AddSeconds(-1), "no production request reached web:2 before the smoke test succeeded");
            var events = (await admin.ListAsync(ResourceType.Events, ns, KubeJsonContext.Default.JsonObject)).Items
                .Where(e => Text(e["reason"]) == "LifecycleHook").Select(e => Text(e["message"])!).ToList();
            output.WriteLine(string.Join(Environment.NewLine, events));
            events.ShouldContain(m => m.StartsWith("POST_TEST_TRAFFIC_SHIFT: started lifecycle hook task web-web-2-post-test-traffic-shift-0 (smoke)", StringComparison.Ordinal));
            events.ShouldContain("POST_PRODUCTION_TRAFFIC_SHIFT: lifecycle hook task web-web-2-post-production-traffic-shift-1 (verify) succeeded");

            // web:3 with a hook that fails: rolled back with the circuit breaker off; production never left web:2.
            var crashing = new ConcurrentQueue<Answer>();
            using (var stop = new CancellationTokenSource())
            {
                var poller = PollAsync($"http://{clusterIp}:{Port}/", crashing, stop.Token);
                await ApplyAsync(admin, ns, HookedService("""[{"taskDefinition":"broken","lifecycleStages":["POST_TEST_TRAFFIC_SHIFT"]}]"""));
                await ApplyAsync(admin, ns, Revision("v3", Cpu));
                var rolledBack = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                    s => Text(s["status"]?["rollback"]?["fromTaskDefinition"]) == "web:3", "rolled back from web:3", 180);
                output.WriteLine("rolled back: " + rolledBack["status"]!.ToJsonString());
                Text(rolledBack["status"]!["rollback"]!["toTaskDefinition"]).ShouldBe("web:2");
                var reason = Text(rolledBack["status"]!["rollback"]!["reason"]);
                reason.ShouldStartWith("lifecycle hook broken at POST_TEST_TRAFFIC_SHIFT failed: task web-web-3-post-test-traffic-shift-0-1 stopped");
                reason.ShouldEndWith("httpd exit code 3");
                // The next status (computed with the rollback in force) says so in the Degraded condition.
                var degraded = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                    s => Text(s["status"]?["conditions"]?.AsArray().FirstOrDefault(c => Text(c!["type"]) == "Degraded")?["reason"]) == "RolledBack",
                    "Degraded: RolledBack", 60);
                Text(degraded["status"]!["conditions"]!.AsArray().Single(c => Text(c!["type"]) == "Degraded")!["message"])
                    .ShouldBe($"the rollout of web:3 failed ({reason}); rolled back to web:2");
                await WaitGoneAsync(admin, ResourceType.Deployments, ns, "web-web-3", 60);
                await WaitGoneAsync(admin, OperatorResources.EcsTasks, ns, "web-web-3-post-test-traffic-shift-0", 60);
                await stop.CancelAsync();
                await poller;
            }
            var afterFailure = crashing.ToList();
            output.WriteLine($"{afterFailure.Count} requests: " + string.Join(", ", afterFailure.GroupBy(a => a.Version ?? "failed").Select(g => $"{g.Key}={g.Count()}")));
            afterFailure.ShouldNotBeEmpty();
            afterFailure.ShouldAllBe(a => a.Version == "v2", "production stayed on web:2 and no request failed");
            var rollbackEvent = await EventuallyAsync(async () => (await admin.ListAsync(ResourceType.Events, ns, KubeJsonContext.Default.JsonObject)).Items
                .FirstOrDefault(e => Text(e["reason"]) == "RolledBack"), "a RolledBack Event");
            Text(rollbackEvent["message"]).ShouldStartWith("lifecycle hook broken at POST_TEST_TRAFFIC_SHIFT failed: ");
            Text(rollbackEvent["message"]).ShouldEndWith("httpd exit code 3; the rollout of web:3 rolls back to web:2");

            // The hook tasks go with the revision they gated.
            await admin.DeleteAsync(OperatorResources.EcsServices, ns, "web");
            await WaitGoneAsync(admin, ResourceType.Deployments, ns, "web-web-2", 60);
            await WaitGoneAsync(admin, OperatorResources.EcsTasks, ns, "web-web-2-post-test-traffic-shift-0", 60);
            await WaitGoneAsync(admin, OperatorResources.EcsTasks, ns, "web-web-2-post-production-traffic-shift-1", 60);
        }
        catch
        {
            // The operator's own account of the writes it made, for the failure's report.
            foreach (var line in op.Log.Since(started).Where(l => l.Contains(ns, StringComparison.Ordinal)))
            {
                output.WriteLine(line);
            }
            throw;
        }
        finally
        {
            await op.DisposeAsync();
        }
    }

    private static string? Condition(JsonObject task, string type) =>
        Text(task["status"]?["conditions"]?.AsArray().FirstOrDefault(c => Text(c!["type"]) == type)?["status"]);
}
