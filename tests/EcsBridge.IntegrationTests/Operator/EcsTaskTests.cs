using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Operator;

/// <summary>Issue 16, one-off tasks on the control plane alone (no node: pods stay unscheduled, PROVISIONING): bad
/// input gets a condition and an Event while a good task next to it gets its pods; a task waiting for its task
/// definition starts when it appears; a pod deleted before it finished is reported stopped and never made again.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class EcsTaskTests(ControlPlaneFixture fixture) : OperatorNamespaceTest(fixture, "ecstask")
{
    private static string Task(string name, string taskDefinition, int count = 1, string overrides = "") => $$"""
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTask","metadata":{"name":"{{name}}"},
         "spec":{"taskDefinition":"{{taskDefinition}}","count":{{count}}{{overrides}} } }
        """;

    [Fact]
    public async Task Bad_input_gets_a_condition_and_an_event_and_the_other_tasks_start()
    {
        await ApplyAsync(Admin, Ns, TaskDefinition("job", image: "registry.invalid/job:1"));
        await ApplyAsync(Admin, Ns, Task("orphan", "later"));
        await ApplyAsync(Admin, Ns, Task("typo", "job", overrides: ""","overrides":{"containerOverrides":[{"name":"nope","command":["true"]}]}"""));
        await ApplyAsync(Admin, Ns, Task("good", "job", count: 2));

        // The good task: one pod per task, made by the operator, controlled by the EcsTask, never restarted.
        var good = await WaitForAsync(Admin, OperatorResources.EcsTasks, Ns, "good",
            t => (t["status"]?["tasks"] as JsonArray)?.Count == 2, "two tasks recorded", 60);
        foreach (var name in new[] { "good-1", "good-2" })
        {
            var pod = (await GetAsync(Admin, ResourceType.Pods, Ns, name)).ShouldNotBeNull(name);
            Text(pod["spec"]!["restartPolicy"]).ShouldBe("Never");
            var owner = pod["metadata"]!["ownerReferences"]![0]!;
            (Text(owner["kind"]), Text(owner["uid"]), owner["controller"]!.GetValue<bool>()).ShouldBe(("EcsTask", Text(good["metadata"]!["uid"]), true));
            Text(pod["metadata"]!["labels"]!["ecsbridge.io/task"]).ShouldBe("good");
            pod["metadata"]!["labels"]!["ecsbridge.io/service"].ShouldBeNull("an EcsService of the same name must not count it");
            pod["metadata"]!["managedFields"]!.AsArray().Select(f => Text(f!["manager"])).ShouldContain("ecsbridge");
        }
        Text(good["status"]!["taskDefinition"]).ShouldBe("job:1");
        Text(good["status"]!["lastStatus"]).ShouldBe("PROVISIONING");
        Text(good["status"]!["desiredStatus"]).ShouldBe("RUNNING");
        Text(Condition(good, "Ready")!["reason"]).ShouldBe("TasksPending");

        // The bad ones: a condition that says why, an Event, and no pod.
        var typo = await WaitForAsync(Admin, OperatorResources.EcsTasks, Ns, "typo",
            t => Text(Condition(t, "Failed")?["reason"]) == "UnknownContainer", "Failed UnknownContainer", 60);
        Text(Condition(typo, "Failed")!["message"])!.ShouldContain("\"nope\"");
        var orphan = await WaitForAsync(Admin, OperatorResources.EcsTasks, Ns, "orphan",
            t => Text(Condition(t, "Failed")?["reason"]) == "TaskDefinitionNotFound", "Failed TaskDefinitionNotFound", 60);
        Text(Condition(orphan, "Ready")!["status"]).ShouldBe("False");
        await EventuallyAsync(async () =>
        {
            var events = (await Admin.ListAsync(ResourceType.Events, Ns, KubeJsonContext.Default.JsonObject)).Items.OfType<JsonObject>().ToList();
            bool Has(string reason, string name) => events.Any(e => Text(e["reason"]) == reason && Text(e["type"]) == "Warning"
                && Text(e["involvedObject"]!["kind"]) == "EcsTask" && Text(e["involvedObject"]!["name"]) == name);
            return Has("UnknownContainer", "typo") && Has("TaskDefinitionNotFound", "orphan") ? "events" : null;
        }, "Warning events for both", 60);
        (await GetAsync(Admin, ResourceType.Pods, Ns, "typo-1")).ShouldBeNull();
        (await GetAsync(Admin, ResourceType.Pods, Ns, "orphan-1")).ShouldBeNull();

        // The task definition appears: the waiting task starts (level-triggered).
        await ApplyAsync(Admin, Ns, TaskDefinition("later", image: "registry.invalid/later:1"));
        await WaitForAsync(Admin, OperatorResources.EcsTasks, Ns, "orphan",
            t => Text(t["status"]?["taskDefinition"]) == "later:1" && Text(Condition(t, "Failed")?["status"]) == "False", "the task started", 60);
        (await GetAsync(Admin, ResourceType.Pods, Ns, "orphan-1")).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_pod_deleted_before_it_finished_is_reported_stopped_and_not_made_again()
    {
        await ApplyAsync(Admin, Ns, TaskDefinition("job", image: "registry.invalid/job:1"));
        await ApplyAsync(Admin, Ns, Task("once", "job", count: 2));
        await WaitForAsync(Admin, OperatorResources.EcsTasks, Ns, "once", t => (t["status"]?["tasks"] as JsonArray)?.Count == 2, "two tasks recorded", 60);
        var first = (await GetAsync(Admin, ResourceType.Pods, Ns, "once-1"))!;

        await Admin.DeleteAsync(ResourceType.Pods, Ns, "once-1");

        var task = await WaitForAsync(Admin, OperatorResources.EcsTasks, Ns, "once",
            t => Text(t["status"]?["tasks"]?[0]?["lastStatus"]) == "STOPPED", "the first task STOPPED", 60);
        var stopped = task["status"]!["tasks"]![0]!;
        Text(stopped["stopCode"]).ShouldBe("UserInitiated");
        Text(stopped["podUid"]).ShouldBe(Text(first["metadata"]!["uid"]));
        Text(task["status"]!["tasks"]![1]!["lastStatus"]).ShouldBe("PROVISIONING");
        Text(task["status"]!["lastStatus"]).ShouldBe("PROVISIONING", "one task still waits");
        Text(Condition(task, "Failed")!["status"]).ShouldBe("True");
        // A spec change reconciles again; the stopped task's pod is still not made again.
        await Admin.PatchAsync(OperatorResources.EcsTasks, Ns, "once", PatchType.Merge, """{"spec":{"startedBy":"again"}}""", KubeJsonContext.Default.JsonObject);
        await WaitForAsync(Admin, OperatorResources.EcsTasks, Ns, "once",
            t => t["status"]?["observedGeneration"]?.GetValue<long>() == t["metadata"]!["generation"]!.GetValue<long>(), "the change seen", 60);
        (await GetAsync(Admin, ResourceType.Pods, Ns, "once-1")).ShouldBeNull();
    }
}
