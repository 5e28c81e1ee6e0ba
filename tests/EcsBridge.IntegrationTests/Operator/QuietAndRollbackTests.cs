using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.IntegrationTests.Client;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Kubernetes.Watch;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Operator;

[Collection(ControlPlaneCollection.Name)]
public sealed class QuietAndRollbackTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_hundred_converged_services_cause_no_write_requests_in_a_quiet_minute()
    {
        var ns = await fixture.CreateNamespaceAsync("quiet");
        using var admin = fixture.CreateAdminClient();
        await using var op = await OperatorHarness.StartAsync(fixture, [ns]);
        const int count = 100;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            await ApplyAsync(admin, ns, TaskDefinition($"q{i}"));
            // Half autoscaled, so HPAs (and their controller's status updates) are part of the quiet.
            var scaling = i % 2 == 0
                ? ""","autoScaling":{"minCapacity":1,"maxCapacity":4,"targetTrackingPolicies":[{"predefinedMetricType":"ECSServiceAverageCPUUtilization","targetValue":60}]}"""
                : "";
            await ApplyAsync(admin, ns, Service($"q{i}", $"q{i}", 1, scaling));
        });

        await EventuallyAsync(async () =>
        {
            var services = await admin.ListAsync(OperatorResources.EcsServices, ns, KubeJsonContext.Default.JsonObject);
            var deployments = await admin.ListAsync(ResourceType.Deployments, ns, KubeJsonContext.Default.JsonObject);
            // Converged means the cluster has caught up too: every Deployment has its pod (pending: no kubelet runs
            // here) and every service's status says so. Until then status changes are real and get written.
            var podsMade = deployments.Items.Count(d => d["status"]?["replicas"]?.GetValue<int>() == 1);
            var done = services.Items.Count(s => s["status"]?["observedGeneration"] is not null && s["status"]?["pendingCount"]?.GetValue<int>() == 1);
            return done == count && podsMade == count ? "converged" : null;
        }, "100 services converged", 240);
        // Let the controller manager's own follow-up writes (ReplicaSets, pods, HPA status) and our reactions settle.
        await Task.Delay(TimeSpan.FromSeconds(10));

        var before = op.Writes;
        await Task.Delay(TimeSpan.FromSeconds(60));
        var writes = op.Writes - before;
        output.WriteLine($"write requests in a quiet minute with {count} services: {writes} (total requests so far {op.OperatorClient.Metrics.TotalRequests})");
        writes.ShouldBe(0);
    }

    [Fact]
    public async Task The_circuit_breaker_rolls_a_failed_rollout_back_to_the_last_completed_revision()
    {
        var ns = await fixture.CreateNamespaceAsync("cb");
        using var admin = fixture.CreateAdminClient();
        await using var op = await OperatorHarness.StartAsync(fixture, [ns], o => o with { CircuitBreakerDeadlineSeconds = 5 });
        const string breaker = ""","deploymentConfiguration":{"maximumPercent":200,"minimumHealthyPercent":100,"deploymentCircuitBreaker":{"enable":true,"rollback":true}}""";

        await ApplyAsync(admin, ns, TaskDefinition("cb", "nginx:1.26"));
        await ApplyAsync(admin, ns, Service("cb", "cb", 1, breaker));
        // No kubelet runs here: play its part and report revision 1's task healthy, so that rollout completes.
        await MarkPodsReadyAsync(admin, ns, "1");
        await WaitForAsync(admin, OperatorResources.EcsServices, ns, "cb",
            s => Text(s["status"]?["lastCompletedTaskDefinition"]) == "cb:1" && Text(Condition(s, "Ready")?["status"]) == "True", "cb:1 completed");
        await WaitForAsync(admin, OperatorResources.EcsServices, ns, "cb",
            s => EventMessages(s).FirstOrDefault() == "(service cb) has reached a steady state.", "the steady-state service event");

        // Revision 2 never becomes healthy: its rollout exceeds the deadline and the breaker rolls back.
        await ApplyAsync(admin, ns, TaskDefinition("cb", "nginx:broken"));
        var rolledBack = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "cb",
            s => s["status"]?["rollback"] is not null, "circuit-breaker rollback", 90);
        Text(rolledBack["status"]!["rollback"]!["fromTaskDefinition"]).ShouldBe("cb:2");
        Text(rolledBack["status"]!["rollback"]!["toTaskDefinition"]).ShouldBe("cb:1");
        // The rollback is written in the same status as the failure: ECS's two events, newest first, side by side
        // (later events, such as the rollback's own completion, may already stand in front of them).
        var messages = EventMessages(rolledBack);
        var rollingBack = messages.IndexOf("(service cb) rolling back to deployment ecs-svc/cb-1.");
        rollingBack.ShouldBeGreaterThanOrEqualTo(0, string.Join(" | ", messages));
        messages.ElementAtOrDefault(rollingBack + 1).ShouldBe("(service cb) (deployment ecs-svc/cb-2) deployment failed: tasks failed to start.");
        EventMessages(rolledBack).ShouldContain("(service cb) (deployment ecs-svc/cb-1) deployment completed.");

        await WaitForAsync(admin, ResourceType.Deployments, ns, "cb",
            d => Text(d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]) == "nginx:1.26", "Deployment back on nginx:1.26");
        var degraded = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "cb",
            s => Text(Condition(s, "Degraded")?["reason"]) == "RolledBack", "Degraded RolledBack");
        Text(Condition(degraded, "Degraded")!["message"])!.ShouldContain("cb:2");
        await EventuallyAsync(async () =>
        {
            var events = await admin.ListAsync(ResourceType.Events, ns, KubeJsonContext.Default.JsonObject);
            return events.Items.Any(e => Text(e["reason"]) == "RolledBack" && Text(e["involvedObject"]!["name"]) == "cb") ? "event" : null;
        }, "RolledBack event");

        // A new spec ends the rollback: the service follows its task definition again.
        await ApplyAsync(admin, ns, TaskDefinition("cb", "nginx:1.27"));
        await WaitForAsync(admin, ResourceType.Deployments, ns, "cb",
            d => Text(d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]) == "nginx:1.27", "Deployment on nginx:1.27 after a new revision");
    }

    [Fact]
    public async Task A_scale_after_a_rollback_never_brings_the_failed_revision_back_and_a_new_revision_ends_the_rollback()
    {
        var ns = await fixture.CreateNamespaceAsync("cbscale");
        using var admin = fixture.CreateAdminClient();
        await using var op = await OperatorHarness.StartAsync(fixture, [ns], o => o with { CircuitBreakerDeadlineSeconds = 5 });
        const string breaker = ""","deploymentConfiguration":{"maximumPercent":200,"minimumHealthyPercent":100,"deploymentCircuitBreaker":{"enable":true,"rollback":true}}""";

        await ApplyAsync(admin, ns, TaskDefinition("cb", "nginx:1.26"));
        await ApplyAsync(admin, ns, Service("cb", "cb", 1, breaker));
        await MarkPodsReadyAsync(admin, ns, "1");
        await WaitForAsync(admin, OperatorResources.EcsServices, ns, "cb",
            s => Text(s["status"]?["lastCompletedTaskDefinition"]) == "cb:1" && Text(Condition(s, "Ready")?["status"]) == "True", "cb:1 completed");
        await ApplyAsync(admin, ns, TaskDefinition("cb", "nginx:broken"));
        await WaitForAsync(admin, OperatorResources.EcsServices, ns, "cb",
            s => Text(s["status"]?["rollback"]?["fromTaskDefinition"]) == "cb:2", "circuit-breaker rollback from cb:2", 90);
        await WaitForAsync(admin, ResourceType.Deployments, ns, "cb", d => TemplateRevision(d) == "1", "Deployment back on revision 1");

        // Every state of the Deployment from here on, in server order.
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var informer = new Informer<Deployment>(admin, ResourceType.Deployments, WorkloadsJsonContext.Default.Deployment,
            new InformerOptions<Deployment> { Namespace = ns });
        void Record(Deployment d) => seen.Enqueue(
            $"rv {d.Metadata.ResourceVersion}: revision {d.Spec?.Template?.Metadata?.Labels?.GetValueOrDefault("ecsbridge.io/revision")}, replicas {d.Spec?.Replicas}");
        informer.AddEventHandler(Record, (_, d) => Record(d));
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // kubectl scale: the scale subresource changes spec.desiredCount, and with it the generation.
        var scaled = await admin.PatchAsync(OperatorResources.EcsServices, ns, "cb", PatchType.Merge, """{"spec":{"replicas":3}}""",
            KubeJsonContext.Default.JsonObject, subresource: "scale");
        var generation = (await GetAsync(admin, OperatorResources.EcsServices, ns, "cb"))!["metadata"]!["generation"]!.GetValue<long>();
        output.WriteLine($"scaled: {scaled.ToJsonString()}; service generation {generation}");
        var service = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "cb",
            s => s["status"]?["observedGeneration"]?.GetValue<long>() == generation, "the scaled generation reconciled");
        await WaitForAsync(admin, ResourceType.Deployments, ns, "cb", d => d["spec"]?["replicas"]?.GetValue<int>() == 3, "Deployment scaled to 3");
        await Wait.TrueAsync(() => seen.Any(e => e.EndsWith("replicas 3", StringComparison.Ordinal)), "the informer saw the scaled Deployment");

        output.WriteLine(string.Join(Environment.NewLine, seen));
        seen.ShouldNotBeEmpty();
        seen.ShouldAllBe(e => e.Contains("revision 1,", StringComparison.Ordinal));
        Text(service["status"]!["taskDefinition"]).ShouldBe("cb:1");
        Text(service["status"]!["rollback"]?["fromTaskDefinition"]).ShouldBe("cb:2");

        // A new revision is a new deployment: the rollback ends and the service rolls to it, with the scaled count.
        await ApplyAsync(admin, ns, TaskDefinition("cb", "nginx:1.27"));
        await WaitForAsync(admin, ResourceType.Deployments, ns, "cb",
            d => TemplateRevision(d) == "3" && d["spec"]?["replicas"]?.GetValue<int>() == 3, "Deployment on revision 3 with 3 replicas");
        await WaitForAsync(admin, OperatorResources.EcsServices, ns, "cb",
            s => s["status"]?["rollback"] is null && Text(s["status"]?["taskDefinition"]) == "cb:3", "rollback ended, cb:3 running");
    }

    private static List<string> EventMessages(JsonObject service) =>
        service["status"]?["events"]?.AsArray().Select(e => Text(e!["message"])!).ToList() ?? [];

    private static string? TemplateRevision(JsonObject deployment) =>
        Text(deployment["spec"]?["template"]?["metadata"]?["labels"]?["ecsbridge.io/revision"]);

    /// <summary>Marks the pods of one revision Running and Ready, as a kubelet would.</summary>
    internal static async Task MarkPodsReadyAsync(KubeClient admin, string ns, string revision)
    {
        var pods = await EventuallyAsync(async () =>
        {
            var list = await admin.ListAsync(ResourceType.Pods, ns, KubeJsonContext.Default.JsonObject,
                new ListOptions { LabelSelector = "ecsbridge.io/revision=" + revision });
            return list.Items.Count > 0 ? list.Items : null;
        }, $"pods of revision {revision}");
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var pod in pods)
        {
            var patch = $$"""
                {"status":{"phase":"Running","conditions":[
                  {"type":"Ready","status":"True","lastTransitionTime":"{{now}}"},
                  {"type":"ContainersReady","status":"True","lastTransitionTime":"{{now}}"}]} }
                """;
            await admin.PatchAsync(ResourceType.Pods, ns, Text(pod["metadata"]!["name"])!, PatchType.Merge, patch, KubeJsonContext.Default.JsonObject, subresource: "status");
        }
    }
}
