using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 14: ECS services whose tasks really run on the local node. Every assertion is on what happened
/// there — pods the kubelet ran, HTTP answered by busybox httpd through kube-proxy's ClusterIP — never on status
/// the test wrote.</summary>
[Collection(NodeCollection.Name)]
public sealed class RealTaskTests(NodeFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Port = 8080;
    private OperatorHarness? _operator;
    private KubeClient _admin = null!;
    private string _ns = null!;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task InitializeAsync()
    {
        _ns = await fixture.CreateNamespaceAsync("node");
        _admin = fixture.CreateAdminClient();
        _operator = await OperatorHarness.StartAsync(fixture, [_ns]);
    }

    public async Task DisposeAsync()
    {
        if (_operator is not null)
        {
            await _operator.DisposeAsync();
        }
        _admin.Dispose();
    }

    /// <summary>busybox httpd answering with the pod's name (its hostname) and <paramref name="marker"/>.</summary>
    private static string HttpdTaskDefinition(string family, string marker) => $$"""
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"{{family}}"},
         "spec":{"containerDefinitions":[{"name":"httpd","image":"ecsbridge.local/busybox:1","cpu":64,"memory":64,"essential":true,
           "entryPoint":["sh","-c"],
           "command":["mkdir -p /srv && echo \"$(hostname) {{marker}}\" > /srv/index.html && exec httpd -f -p {{Port}} -h /srv"],
           "portMappings":[{"containerPort":{{Port}},"protocol":"tcp"}]}]} }
        """;

    [Fact]
    public async Task A_service_runs_two_real_tasks_answers_on_its_ClusterIP_and_replaces_a_deleted_task()
    {
        await ApplyAsync(_admin, _ns, HttpdTaskDefinition("web", "v1"));
        await ApplyAsync(_admin, _ns, Service("web", "web", desiredCount: 2));

        var pods = await RunningPodsAsync(2, "two running tasks");
        var status = await WaitForAsync(_admin, OperatorResources.EcsServices, _ns, "web",
            s => s["status"]?["runningCount"]?.GetValue<int>() == 2 && s["status"]?["pendingCount"]?.GetValue<int>() == 0,
            "runningCount 2 from the pods", 180);
        Text(status["status"]!["taskDefinition"]).ShouldBe("web:1");

        // Each task answers on its pod IP (Ready means its container started; httpd listens a moment later, hence
        // the polling), then the Service's ClusterIP reaches them.
        foreach (var pod in pods)
        {
            await AnswerAsync($"http://{PodIp(pod)}:{Port}/", body => body == Name(pod) + " v1");
        }
        var clusterIp = await ClusterIpAsync();
        var answered = await AnswerAsync($"http://{clusterIp}:{Port}/", body => body.EndsWith(" v1", StringComparison.Ordinal));
        pods.Select(Name).ShouldContain(answered.Split(' ')[0]);

        // Delete one task: a replacement with a new name and a new IP runs, the ClusterIP stays and keeps answering.
        var victim = pods[0];
        await _admin.DeleteAsync(ResourceType.Pods, _ns, Name(victim));
        var replaced = await Eventually(async () =>
        {
            var now = await RunningPodsNowAsync();
            return now.Count == 2 && now.All(p => Name(p) != Name(victim)) ? now : null;
        }, "a replacement task running", 180);
        var replacement = replaced.Single(p => Name(p) != Name(pods[1]));
        PodIp(replacement).ShouldNotBe(PodIp(victim));
        (await ClusterIpAsync()).ShouldBe(clusterIp);
        await AnswerAsync($"http://{PodIp(replacement)}:{Port}/", body => body == Name(replacement) + " v1");
        await AnswerAsync($"http://{clusterIp}:{Port}/", body => body.StartsWith(Name(replacement), StringComparison.Ordinal));
        await WaitForAsync(_admin, OperatorResources.EcsServices, _ns, "web",
            s => s["status"]?["runningCount"]?.GetValue<int>() == 2, "runningCount back to 2", 120);
    }

    [Fact]
    public async Task A_new_revision_rolls_out_to_COMPLETED_by_real_readiness()
    {
        await ApplyAsync(_admin, _ns, HttpdTaskDefinition("roll", "v1"));
        await ApplyAsync(_admin, _ns, Service("roll", "roll", desiredCount: 2));
        await WaitForAsync(_admin, OperatorResources.EcsServices, _ns, "roll",
            s => s["status"]?["runningCount"]?.GetValue<int>() == 2 && Primary(s)?["rolloutState"]?.GetValue<string>() == "COMPLETED",
            "revision 1 COMPLETED with 2 running", 180);

        var started = DateTime.UtcNow;
        await ApplyAsync(_admin, _ns, HttpdTaskDefinition("roll", "v2"));
        var done = await WaitForAsync(_admin, OperatorResources.EcsServices, _ns, "roll",
            s => Text(s["status"]?["taskDefinition"]) == "roll:2" && s["status"]?["runningCount"]?.GetValue<int>() == 2
                 && Primary(s)?["rolloutState"]?.GetValue<string>() == "COMPLETED",
            "revision 2 COMPLETED with 2 running", 240);
        output.WriteLine($"revision 2 COMPLETED after {(DateTime.UtcNow - started).TotalSeconds:0.0} s: {done["status"]!["deployments"]!.ToJsonString()}");

        // COMPLETED only once the kubelet reported the new tasks ready: at that moment two tasks of revision 2 run
        // and pass readiness (readiness only moves forward here, so no wait), and each answers with v2.
        var pods = await RunningPodsNowAsync(p => Text(p["metadata"]?["labels"]?["ecsbridge.io/revision"]) == "2");
        pods.Count.ShouldBe(2, "ready tasks of revision 2 when the rollout was reported COMPLETED");
        foreach (var pod in pods)
        {
            await AnswerAsync($"http://{PodIp(pod)}:{Port}/", body => body == Name(pod) + " v2");
        }
    }

    private static JsonObject? Primary(JsonObject service) =>
        (service["status"]?["deployments"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(d => Text(d["status"]) == "PRIMARY");

    private static string Name(JsonObject pod) => Text(pod["metadata"]!["name"])!;

    private static string PodIp(JsonObject pod) => Text(pod["status"]!["podIP"])!;

    private async Task<string> ClusterIpAsync()
    {
        var service = await WaitForAsync(_admin, ResourceType.Services, _ns, "web", s => s["spec"]?["clusterIP"] is not null, "the web Service");
        return Text(service["spec"]!["clusterIP"])!;
    }

    /// <summary>Pods of the namespace that are Running and Ready, as the kubelet reported them.</summary>
    private async Task<List<JsonObject>> RunningPodsNowAsync(Func<JsonObject, bool>? filter = null)
    {
        var list = await _admin.ListAsync(ResourceType.Pods, _ns, KubeJsonContext.Default.JsonObject);
        return list.Items.OfType<JsonObject>()
            .Where(p => Text(p["status"]?["phase"]) == "Running" && p["metadata"]?["deletionTimestamp"] is null && p["status"]?["podIP"] is not null)
            .Where(p => (p["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
                .Any(c => Text(c["type"]) == "Ready" && Text(c["status"]) == "True") == true)
            .Where(p => filter?.Invoke(p) ?? true)
            .ToList();
    }

    private Task<List<JsonObject>> RunningPodsAsync(int count, string what, Func<JsonObject, bool>? filter = null) =>
        Eventually(async () => await RunningPodsNowAsync(filter) is { } pods && pods.Count == count ? pods : null, what, 180);

    private static Task<T> Eventually<T>(Func<Task<T?>> probe, string what, int seconds) where T : class => EventuallyAsync(probe, what, seconds);

    private async Task<string> GetAsync(string url) => (await Http.GetStringAsync(new Uri(url))).Trim();

    /// <summary>Polls <paramref name="url"/> until an answer satisfies <paramref name="accept"/> (kube-proxy's rules
    /// follow the endpoints within a second or two).</summary>
    private Task<string> AnswerAsync(string url, Func<string, bool> accept) =>
        Eventually(async () =>
        {
            try
            {
                var body = await GetAsync(url);
                return accept(body) ? body : null;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }, "an answer from " + url, 60);
}
