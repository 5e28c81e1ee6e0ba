using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Operator;

/// <summary>Task definition revisions that services use are never pruned, and outlive their EcsTaskDefinition while
/// a service runs them: the garbage collector itself keeps them, through the service's owner reference.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class RevisionRetentionTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Pruning_keeps_the_revisions_services_pin_run_and_completed_last_and_prunes_the_rest()
    {
        var ns = await fixture.CreateNamespaceAsync("prune");
        using var admin = fixture.CreateAdminClient();
        await using var op = await OperatorHarness.StartAsync(fixture, [ns], o => o with { RevisionHistoryLimit = 1 });

        await ApplyAsync(admin, ns, TaskDefinition("keep", "nginx:1.25"));
        await ApplyAsync(admin, ns, Service("runs", "keep"));
        await QuietAndRollbackTests.MarkPodsReadyAsync(admin, ns, "1");
        await WaitForAsync(admin, OperatorResources.EcsServices, ns, "runs",
            s => Text(s["status"]?["lastCompletedTaskDefinition"]) == "keep:1", "keep:1 completed");

        // keep:2 rolls out and never completes; a second service pins it.
        await ApplyAsync(admin, ns, TaskDefinition("keep", "nginx:1.26"));
        await WaitForAsync(admin, OperatorResources.EcsServices, ns, "runs", s => Text(s["status"]?["taskDefinition"]) == "keep:2", "runs on keep:2");
        await ApplyAsync(admin, ns, Service("pinned", "keep:2"));
        await WaitForAsync(admin, OperatorResources.EcsServices, ns, "pinned", s => Text(s["status"]?["taskDefinition"]) == "keep:2", "pinned on keep:2");

        // Revision 3 with a history limit of 1: keep-1 is the last completed (the rollback target), keep-2 is pinned
        // and running. Both stay.
        await ApplyAsync(admin, ns, TaskDefinition("keep", "nginx:1.27"));
        await WaitForAsync(admin, OperatorResources.EcsTaskDefinitions, ns, "keep",
            t => t["status"]?["revision"]?.GetValue<int>() == 3 && (t["status"]?["history"] as JsonArray)?.Count == 3, "keep:3 recorded with 3 revisions in history");
        await WaitForAsync(admin, OperatorResources.EcsServices, ns, "runs", s => Text(s["status"]?["taskDefinition"]) == "keep:3", "runs on keep:3");
        (await RevisionAsync(admin, ns, "keep-1")).ShouldNotBeNull("the last completed revision was pruned");
        (await RevisionAsync(admin, ns, "keep-2")).ShouldNotBeNull("a pinned, running revision was pruned");

        // keep:3 completes: keep-1 is nobody's any more (its owner reference from "runs" is released), keep-2 still is.
        await QuietAndRollbackTests.MarkPodsReadyAsync(admin, ns, "3");
        var runs = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "runs",
            s => Text(s["status"]?["lastCompletedTaskDefinition"]) == "keep:3" && (s["status"]?["deployments"] as JsonArray)?.Count == 1, "keep:3 completed");
        var runsUid = Text(runs["metadata"]!["uid"])!;
        await EventuallyAsync(async () => await RevisionAsync(admin, ns, "keep-1") is { } r && !OwnerUids(r).Contains(runsUid) ? r : null,
            "runs released keep-1");
        // Any change of the task definition reconciles it, and the history limit applies to what is no longer used.
        await ApplyAsync(admin, ns, TaskDefinition("keep", "nginx:1.28"));
        await EventuallyAsync(async () => await RevisionAsync(admin, ns, "keep-1") is null ? "pruned" : null, "keep-1 pruned");
        (await RevisionAsync(admin, ns, "keep-2")).ShouldNotBeNull("the pinned revision was pruned");
        (await RevisionAsync(admin, ns, "keep-4")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Deleting_the_task_definition_keeps_the_running_revision_and_workload_until_the_service_goes()
    {
        var ns = await fixture.CreateNamespaceAsync("tdgone");
        using var admin = fixture.CreateAdminClient();
        await using var op = await OperatorHarness.StartAsync(fixture, [ns]);

        // web-1 is used by nobody; web-2 is what the service runs.
        await ApplyAsync(admin, ns, TaskDefinition("web", "nginx:1.25"));
        await WaitForAsync(admin, OperatorResources.EcsTaskDefinitions, ns, "web", t => t["status"]?["revision"]?.GetValue<int>() == 1, "web:1 recorded");
        await ApplyAsync(admin, ns, TaskDefinition("web", "nginx:1.26"));
        await WaitForAsync(admin, OperatorResources.EcsTaskDefinitions, ns, "web", t => t["status"]?["revision"]?.GetValue<int>() == 2, "web:2 recorded");
        await ApplyAsync(admin, ns, Service("web", "web"));
        await QuietAndRollbackTests.MarkPodsReadyAsync(admin, ns, "2");
        var service = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
            s => Text(Condition(s, "Ready")?["status"]) == "True" && Text(s["status"]?["taskDefinition"]) == "web:2", "web:2 ready");
        var serviceUid = Text(service["metadata"]!["uid"])!;
        var td = await GetAsync(admin, OperatorResources.EcsTaskDefinitions, ns, "web");
        var tdUid = Text(td!["metadata"]!["uid"])!;
        try
        {
            await EventuallyAsync(async () => await RevisionAsync(admin, ns, "web-2") is { } r && OwnerUids(r).Contains(serviceUid) ? r : null,
                "the service co-owns web-2");
        }
        catch (TimeoutException)
        {
            output.WriteLine(string.Join(Environment.NewLine, op.Log.Since(DateTimeOffset.MinValue).Where(l => !l.Contains("GET", StringComparison.Ordinal)).TakeLast(60)));
            throw;
        }

        await admin.DeleteAsync(OperatorResources.EcsTaskDefinitions, ns, "web");
        await WaitGoneAsync(admin, OperatorResources.EcsTaskDefinitions, ns, "web");

        // The garbage collector has processed the deleted owner's dependents once web-1 is gone; it kept web-2.
        await WaitGoneAsync(admin, OperatorResources.ControllerRevisions, ns, "web-1", 90);
        var revision = await RevisionAsync(admin, ns, "web-2");
        revision.ShouldNotBeNull("the revision the service runs went with its task definition");
        OwnerUids(revision).ShouldContain(serviceUid);
        output.WriteLine($"web-2 owners after the task definition {tdUid} was deleted: {string.Join(", ", OwnerUids(revision))}");
        var degraded = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
            s => Text(Condition(s, "Degraded")?["reason"]) == "TaskDefinitionDeleted", "Degraded TaskDefinitionDeleted");
        output.WriteLine(Condition(degraded, "Degraded")!.ToJsonString());
        Text(Condition(degraded, "Degraded")!["status"]).ShouldBe("True");
        Text(Condition(degraded, "Ready")!["status"]).ShouldBe("True");
        Text(degraded["status"]!["taskDefinition"]).ShouldBe("web:2");
        var deployment = await GetAsync(admin, ResourceType.Deployments, ns, "web");
        Text(deployment!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]).ShouldBe("nginx:1.26");

        // Recreated, the family numbers on past the surviving revision, and the service follows it again.
        await ApplyAsync(admin, ns, TaskDefinition("web", "nginx:1.27"));
        await WaitForAsync(admin, ResourceType.Deployments, ns, "web",
            d => Text(d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]) == "nginx:1.27", "Deployment on the recreated family");
        var recreated = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
            s => Text(s["status"]?["taskDefinition"]) == "web:3" && Text(Condition(s, "Degraded")?["reason"]) != "TaskDefinitionDeleted", "web:3, no longer TaskDefinitionDeleted");
        Text(Condition(recreated, "Degraded")!["status"]).ShouldBe("False");

        // The service gone, nothing owns web-2 any more and the garbage collector removes it with the Deployment.
        await admin.DeleteAsync(OperatorResources.EcsServices, ns, "web");
        await WaitGoneAsync(admin, OperatorResources.ControllerRevisions, ns, "web-2", 90);
        await WaitGoneAsync(admin, ResourceType.Deployments, ns, "web", 90);
        (await RevisionAsync(admin, ns, "web-3")).ShouldNotBeNull("the recreated family's own revision went with the service");
    }

    private static Task<JsonObject?> RevisionAsync(KubeClient admin, string ns, string name) =>
        GetAsync(admin, OperatorResources.ControllerRevisions, ns, name);

    private static List<string> OwnerUids(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray)?.Select(o => Text(o!["uid"])!).ToList() ?? [];
}
