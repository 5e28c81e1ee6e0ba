using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;
using static EcsBridge.IntegrationTests.Node.NodeTasks;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 14: ECS services whose tasks really run on the local node. Every assertion is on what happened
/// there — pods the kubelet ran, HTTP answered by busybox httpd through kube-proxy's ClusterIP — never on status
/// the test wrote.</summary>
[Collection(NodeCollection.Name)]
public sealed class RealTaskTests(NodeFixture fixture, ITestOutputHelper output) : OperatorNamespaceTest(fixture, "node")
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>busybox httpd answering with the pod's name (its hostname) and <paramref name="marker"/>.</summary>
    private static string HttpdTaskDefinition(string family, string marker) =>
        BusyboxTaskDefinition(family, $"mkdir -p /srv && echo \\\"$(hostname) {marker}\\\" > /srv/index.html && exec httpd -f -p {Port} -h /srv");

    [Fact]
    public async Task A_service_runs_two_real_tasks_answers_on_its_ClusterIP_and_replaces_a_deleted_task()
    {
        await ApplyAsync(Admin, Ns, HttpdTaskDefinition("web", "v1"));
        await ApplyAsync(Admin, Ns, Service("web", "web", desiredCount: 2));

        var pods = await RunningPodsAsync(Admin, Ns, ready => ready.Count == 2, "two running tasks");
        var status = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "web",
            s => s["status"]?["runningCount"]?.GetValue<int>() == 2 && s["status"]?["pendingCount"]?.GetValue<int>() == 0,
            "runningCount 2 from the pods", 180);
        Text(status["status"]!["taskDefinition"]).ShouldBe("web:1");

        // Each task answers on its pod IP (Ready means its container started; httpd listens a moment later, hence
        // the polling), then the Service's ClusterIP reaches them.
        foreach (var pod in pods)
        {
            await AnswerAsync(Http, $"http://{PodIp(pod)}:{Port}/", body => body == Name(pod) + " v1");
        }
        var clusterIp = await ClusterIpAsync();
        var answered = await AnswerAsync(Http, $"http://{clusterIp}:{Port}/", body => body.EndsWith(" v1", StringComparison.Ordinal));
        pods.Select(Name).ShouldContain(answered.Split(' ')[0]);

        // Delete one task: a replacement with a new name and a new IP runs, the ClusterIP stays and keeps answering.
        var victim = pods[0];
        await Admin.DeleteAsync(ResourceType.Pods, Ns, Name(victim));
        var replaced = await EventuallyAsync(async () =>
        {
            var now = await RunningPodsNowAsync(Admin, Ns);
            return now.Count == 2 && now.All(p => Name(p) != Name(victim)) ? now : null;
        }, "a replacement task running", 180);
        var replacement = replaced.Single(p => Name(p) != Name(pods[1]));
        PodIp(replacement).ShouldNotBe(PodIp(victim));
        (await ClusterIpAsync()).ShouldBe(clusterIp);
        await AnswerAsync(Http, $"http://{PodIp(replacement)}:{Port}/", body => body == Name(replacement) + " v1");
        await AnswerAsync(Http, $"http://{clusterIp}:{Port}/", body => body.StartsWith(Name(replacement), StringComparison.Ordinal));
        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "web",
            s => s["status"]?["runningCount"]?.GetValue<int>() == 2, "runningCount back to 2", 120);
    }

    [Fact]
    public async Task A_new_revision_rolls_out_to_COMPLETED_by_real_readiness()
    {
        await ApplyAsync(Admin, Ns, HttpdTaskDefinition("roll", "v1"));
        await ApplyAsync(Admin, Ns, Service("roll", "roll", desiredCount: 2));
        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "roll",
            s => s["status"]?["runningCount"]?.GetValue<int>() == 2 && Primary(s)?["rolloutState"]?.GetValue<string>() == "COMPLETED",
            "revision 1 COMPLETED with 2 running", 180);

        var started = DateTime.UtcNow;
        await ApplyAsync(Admin, Ns, HttpdTaskDefinition("roll", "v2"));
        var done = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "roll",
            s => Text(s["status"]?["taskDefinition"]) == "roll:2" && s["status"]?["runningCount"]?.GetValue<int>() == 2
                 && Primary(s)?["rolloutState"]?.GetValue<string>() == "COMPLETED",
            "revision 2 COMPLETED with 2 running", 240);
        output.WriteLine($"revision 2 COMPLETED after {(DateTime.UtcNow - started).TotalSeconds:0.0} s: {done["status"]!["deployments"]!.ToJsonString()}");

        // COMPLETED only once the kubelet reported the new tasks ready: at that moment two tasks of revision 2 run
        // and pass readiness (readiness only moves forward here, so no wait), and each answers with v2.
        var pods = await RunningPodsNowAsync(Admin, Ns, p => Text(p["metadata"]?["labels"]?["ecsbridge.io/revision"]) == "2");
        pods.Count.ShouldBe(2, "ready tasks of revision 2 when the rollout was reported COMPLETED");
        foreach (var pod in pods)
        {
            await AnswerAsync(Http, $"http://{PodIp(pod)}:{Port}/", body => body == Name(pod) + " v2");
        }
    }

    private async Task<string> ClusterIpAsync()
    {
        var service = await WaitForAsync(Admin, ResourceType.Services, Ns, "web", s => s["spec"]?["clusterIP"] is not null, "the web Service");
        return Text(service["spec"]!["clusterIP"])!;
    }
}
