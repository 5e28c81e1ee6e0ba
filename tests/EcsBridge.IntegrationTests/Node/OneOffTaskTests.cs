using System.Text.Json.Nodes;
using EcsBridge.Hosting;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;
using static EcsBridge.IntegrationTests.Node.NodeTasks;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 16, one-off tasks: EcsTasks whose pods really run on the local node. What the containers did is
/// read from the kubelet's report on the pod (exit codes, the termination message a container wrote), never from
/// the status under test; the status is then checked against it.</summary>
[Collection(NodeCollection.Name)]
public sealed class OneOffTaskTests(NodeFixture fixture, ITestOutputHelper output) : OperatorNamespaceTest(fixture, "task")
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(15);

    private protected override Func<OperatorOptions, OperatorOptions>? ConfigureOperator => o => o with { StoppedTaskTtl = Ttl };

    /// <summary>The task definition exits 1 with a default message: only the overrides make a run exit otherwise.</summary>
    private const string Job = $$"""
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"job"},
         "spec":{"containerDefinitions":[{"name":"main","image":"{{Busybox}}","cpu":32,"memory":32,"essential":true,
           "entryPoint":["sh","-c"],"command":["echo default > /dev/termination-log; exit 1"],
           "environment":[{"name":"GREETING","value":"from-the-task-definition"},{"name":"CODE","value":"1"}]}]} }
        """;

    private static string Task(string name, int count, string command, string environment) => $$"""
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTask","metadata":{"name":"{{name}}"},
         "spec":{"taskDefinition":"job","count":{{count}},"startedBy":"integration-test",
           "overrides":{"containerOverrides":[{"name":"main","command":["{{command}}"],"environment":{{environment}} }]} } }
        """;

    [Fact]
    public async Task Two_tasks_that_exit_0_stop_with_EssentialContainerExited_Succeeded_and_are_deleted_after_the_ttl()
    {
        await ApplyAsync(Admin, Ns, Job);
        await ApplyAsync(Admin, Ns, Task("ok", 2, "echo \\\"$GREETING\\\" > /dev/termination-log; exit 0", """[{"name":"GREETING","value":"from-the-override"}]"""));

        var task = await WaitForAsync(Admin, OperatorResources.EcsTasks, Ns, "ok",
            t => Text(t["status"]?["lastStatus"]) == "STOPPED", "both tasks STOPPED", 180);
        var seenStopped = DateTimeOffset.UtcNow;

        // What the kubelet reports: each pod ran once, never restarted, its container wrote the overridden variable
        // through the overridden command and exited 0.
        var pods = (await Admin.ListAsync(ResourceType.Pods, Ns, KubeJsonContext.Default.JsonObject)).Items.OfType<JsonObject>()
            .Where(p => p["metadata"]!["ownerReferences"]?[0]?["kind"]?.GetValue<string>() == "EcsTask").ToList();
        pods.Select(Name).Order(StringComparer.Ordinal).ShouldBe(["ok-1", "ok-2"]);
        foreach (var pod in pods)
        {
            Text(pod["spec"]!["restartPolicy"]).ShouldBe("Never");
            Text(pod["status"]!["phase"]).ShouldBe("Succeeded");
            var container = pod["status"]!["containerStatuses"]![0]!;
            container["restartCount"]!.GetValue<int>().ShouldBe(0);
            container["state"]!["terminated"]!["exitCode"]!.GetValue<int>().ShouldBe(0);
            Text(container["state"]!["terminated"]!["message"])!.Trim().ShouldBe("from-the-override");
            Text(pod["metadata"]!["ownerReferences"]![0]!["uid"]).ShouldBe(Text(task["metadata"]!["uid"]));
        }

        // The status says the same, in describe-tasks' words.
        var status = task["status"]!;
        output.WriteLine(status.ToJsonString());
        Text(status["taskDefinition"]).ShouldBe("job:1");
        Text(status["desiredStatus"]).ShouldBe("STOPPED");
        Text(status["stopCode"]).ShouldBe("EssentialContainerExited");
        Text(status["group"]).ShouldBe("family:job");
        var tasks = status["tasks"]!.AsArray().OfType<JsonObject>().ToList();
        tasks.Select(t => Text(t["pod"])).ShouldBe(["ok-1", "ok-2"]);
        foreach (var t in tasks)
        {
            Text(t["lastStatus"]).ShouldBe("STOPPED");
            Text(t["stopCode"]).ShouldBe("EssentialContainerExited");
            Text(t["stoppedReason"]).ShouldBe("Essential container in task exited");
            t["startedAt"].ShouldNotBeNull();
            t["stoppedAt"].ShouldNotBeNull();
            var container = t["containers"]![0]!;
            Text(container["name"]).ShouldBe("main");
            Text(container["lastStatus"]).ShouldBe("STOPPED");
            container["exitCode"]!.GetValue<int>().ShouldBe(0);
        }
        Text(Condition(task, "Succeeded")!["status"]).ShouldBe("True");
        Text(Condition(task, "Failed")!["status"]).ShouldBe("False");
        Text(Condition(task, "Ready")!["status"]).ShouldBe("True");
        // What Argo CD sees of it as a PreSync hook, with the health check README documents: done.
        (await ArgoHealthTests.HealthAsync(Fixture, task)).Status.ShouldBe("Healthy");

        // Stopped tasks stay for the TTL, then the EcsTask goes, and its pods with it (garbage collector).
        var stoppedAt = DateTimeOffset.Parse(Text(status["stoppedAt"])!, System.Globalization.CultureInfo.InvariantCulture);
        await WaitGoneAsync(Admin, OperatorResources.EcsTasks, Ns, "ok", 120);
        var gone = DateTimeOffset.UtcNow;
        output.WriteLine($"stoppedAt {stoppedAt:O}, seen STOPPED {seenStopped:O}, EcsTask gone {gone:O} (TTL {Ttl.TotalSeconds} s)");
        // stoppedAt is the kubelet's second-precision finish time: allow that second.
        (gone - stoppedAt).ShouldBeGreaterThanOrEqualTo(Ttl - TimeSpan.FromSeconds(1));
        await WaitGoneAsync(Admin, ResourceType.Pods, Ns, "ok-1", 120);
        await WaitGoneAsync(Admin, ResourceType.Pods, Ns, "ok-2", 120);
    }

    [Fact]
    public async Task A_task_whose_essential_container_exits_3_stops_Failed_with_exit_code_3()
    {
        await ApplyAsync(Admin, Ns, Job);
        // The exit code comes from the overridden environment through the overridden command.
        await ApplyAsync(Admin, Ns, Task("bad", 1, "exit $CODE", """[{"name":"CODE","value":"3"}]"""));

        var task = await WaitForAsync(Admin, OperatorResources.EcsTasks, Ns, "bad",
            t => Text(t["status"]?["lastStatus"]) == "STOPPED", "the task STOPPED", 180);
        var pod = (await GetAsync(Admin, ResourceType.Pods, Ns, "bad-1"))!;
        Text(pod["status"]!["phase"]).ShouldBe("Failed");
        var container = pod["status"]!["containerStatuses"]![0]!;
        container["state"]!["terminated"]!["exitCode"]!.GetValue<int>().ShouldBe(3);
        container["restartCount"]!.GetValue<int>().ShouldBe(0);

        var status = task["status"]!;
        output.WriteLine(status.ToJsonString());
        Text(status["stopCode"]).ShouldBe("EssentialContainerExited");
        status["tasks"]![0]!["containers"]![0]!["exitCode"]!.GetValue<int>().ShouldBe(3);
        Text(Condition(task, "Failed")!["status"]).ShouldBe("True");
        Text(Condition(task, "Failed")!["message"])!.ShouldContain("main exit code 3");
        Text(Condition(task, "Succeeded")!["status"]).ShouldBe("False");
        Text(Condition(task, "Ready")!["status"]).ShouldBe("False");
        var health = await ArgoHealthTests.HealthAsync(Fixture, task);
        health.Status.ShouldBe("Degraded", "Argo CD fails the sync on a failed PreSync hook");
        health.Message.ShouldContain("main exit code 3");
        await EventuallyAsync(async () =>
        {
            var events = await Admin.ListAsync(ResourceType.Events, Ns, KubeJsonContext.Default.JsonObject);
            return events.Items.Any(e => Text(e["reason"]) == "TaskFailed" && Text(e["type"]) == "Warning" && Text(e["involvedObject"]!["name"]) == "bad") ? "event" : null;
        }, "a Warning TaskFailed event", 60);
    }

    [Fact]
    public async Task An_essential_container_that_exits_stops_the_task_and_the_operator_stops_the_others()
    {
        // ECS stops a task when an essential container exits, whatever its other containers do.
        await ApplyAsync(Admin, Ns, $$"""
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"pair"},
             "spec":{"containerDefinitions":[
               {"name":"main","image":"{{Busybox}}","memory":32,"essential":true,"stopTimeout":2,"entryPoint":["sh","-c"],"command":["exit 0"]},
               {"name":"side","image":"{{Busybox}}","memory":32,"essential":false,"stopTimeout":2,"entryPoint":["sleep"],"command":["300"]}]} }
            """);
        await ApplyAsync(Admin, Ns, """{"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTask","metadata":{"name":"pair"},"spec":{"taskDefinition":"pair"}}""");

        var task = await WaitForAsync(Admin, OperatorResources.EcsTasks, Ns, "pair",
            t => Text(t["status"]?["lastStatus"]) == "STOPPED", "the task STOPPED", 180);
        output.WriteLine(task["status"]!.ToJsonString());
        // The sleeping container did not end on its own: the operator deleted the pod.
        await WaitGoneAsync(Admin, ResourceType.Pods, Ns, "pair-1", 60);
        Text(task["status"]!["stopCode"]).ShouldBe("EssentialContainerExited");
        var containers = task["status"]!["tasks"]![0]!["containers"]!.AsArray().OfType<JsonObject>().ToList();
        containers.Select(c => (Text(c["name"]), Text(c["lastStatus"]))).ShouldBe([("main", "STOPPED"), ("side", "STOPPED")]);
        containers[0]["exitCode"]!.GetValue<int>().ShouldBe(0);
        Text(Condition(task, "Succeeded")!["status"]).ShouldBe("True", "the essential container exited 0");
    }
}
