using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>Issue 6, the HTTP surface of the operator process: /metrics in valid Prometheus text with the series
/// dashboards expect, /healthz, and /readyz that turns ready only once the caches have synced.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class OperatorEndpointsTests(ControlPlaneFixture fixture)
{
    private string Logs => Path.Combine(fixture.Plane.Directory, "runtime-tests");

    [Fact]
    public async Task Metrics_serves_valid_prometheus_text_with_the_expected_series()
    {
        var ns = await fixture.CreateNamespaceAsync("metrics");
        using var admin = fixture.CreateAdminClient();
        await CrdInstaller.EnsureInstalledAsync(fixture);
        await using var op = OperatorProcess.Start(fixture.KubeconfigPath,
            [$"--watch-namespaces={ns}", "--leader-elect", $"--leader-election-namespace={ns}"], Logs, "metrics");
        await op.WaitReadyAsync();
        await ApplyAsync(admin, ns, TaskDefinition("app"));
        await ApplyAsync(admin, ns, Service("app", "app"));
        await WaitForAsync(admin, OperatorResources.EcsServices, ns, "app", s => s["status"]?["observedGeneration"] is not null, () => "status written\n" + op.Tail());

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{op.MetricsPort}/metrics"));
        response.IsSuccessStatusCode.ShouldBeTrue();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        response.Content.Headers.ContentType.Parameters.ShouldContain(p => p.Name == "version" && p.Value == "0.0.4");
        var (types, samples) = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        types["controller_runtime_reconcile_total"].ShouldBe("counter");
        samples.ShouldContain(s => s.Name == "controller_runtime_reconcile_total" && s.Labels["controller"] == "ecsservice" && s.Labels["result"] == "success" && s.Value >= 1);
        samples.ShouldContain(s => s.Name == "controller_runtime_reconcile_total" && s.Labels["controller"] == "ecstaskdefinition" && s.Value >= 1);
        types["controller_runtime_reconcile_time_seconds"].ShouldBe("histogram");
        samples.ShouldContain(s => s.Name == "controller_runtime_reconcile_time_seconds_count" && s.Labels["controller"] == "ecsservice" && s.Value >= 1);
        samples.ShouldContain(s => s.Name == "controller_runtime_reconcile_time_seconds_bucket" && s.Labels["le"] == "+Inf");

        types["workqueue_depth"].ShouldBe("gauge");
        types["workqueue_adds_total"].ShouldBe("counter");
        types["workqueue_retries_total"].ShouldBe("counter");
        types["workqueue_longest_running_processor_seconds"].ShouldBe("gauge");
        foreach (var queue in new[] { "ecsservice", "ecstaskdefinition" })
        {
            samples.ShouldContain(s => s.Name == "workqueue_depth" && s.Labels["name"] == queue, queue);
            samples.ShouldContain(s => s.Name == "workqueue_adds_total" && s.Labels["name"] == queue && s.Value >= 1, queue);
            samples.ShouldContain(s => s.Name == "workqueue_longest_running_processor_seconds" && s.Labels["name"] == queue, queue);
        }

        types["kube_client_requests"].ShouldBe("counter");
        samples.ShouldContain(s => s.Name == "kube_client_requests" && s.Labels["verb"] == "list" && s.Labels["code"] == "200");
        samples.ShouldContain(s => s.Name == "kube_client_requests" && s.Labels["verb"] == "watch");
        samples.ShouldContain(s => s.Name == "kube_client_requests" && s.Labels["verb"] == "apply" && s.Labels["code"].StartsWith('2'));

        types["leader_election_master_status"].ShouldBe("gauge");
        samples.Single(s => s.Name == "leader_election_master_status").Value.ShouldBe(1);
        types["ecsbridge_build_info"].ShouldBe("gauge");
        var buildInfo = samples.Single(s => s.Name == "ecsbridge_build_info");
        buildInfo.Value.ShouldBe(1);
        buildInfo.Labels["version"].ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Readyz_is_503_until_the_caches_sync_while_healthz_is_200()
    {
        var ns = await fixture.CreateNamespaceAsync("ready");
        await OperatorInstall.InstallAndWriteKubeconfigAsync(fixture);
        // An identity with no rights yet: discovery works, the caches' lists are forbidden, so they cannot sync.
        var user = "runtime-ready-" + Guid.NewGuid().ToString("N")[..8];
        await using var op = OperatorProcess.Start(fixture.Plane.WriteKubeconfigFor(user), [$"--watch-namespaces={ns}"], Logs, "readyz");
        await EventuallyAsync(async () => await TryGetAsync(op, op.HealthPort, "/healthz") is (200, _) ? "up" : null, () => "/healthz answers 200\n" + op.Tail());

        (await op.GetAsync(op.HealthPort, "/readyz")).Status.ShouldBe(503);
        await EventuallyAsync(async () => op.Tail().Contains("forbidden", StringComparison.OrdinalIgnoreCase) ? "seen" : null, "a forbidden list in the log");
        (await op.GetAsync(op.HealthPort, "/readyz")).Status.ShouldBe(503, op.Tail());
        (await op.GetAsync(op.HealthPort, "/healthz")).Status.ShouldBe(200);

        using var admin = fixture.CreateAdminClient();
        await BindAsync(admin, ns, user);
        await op.WaitReadyAsync(60);
        (await op.GetAsync(op.HealthPort, "/readyz")).ShouldBe((200, "ok"));
        (await op.GetAsync(op.HealthPort, "/healthz")).ShouldBe((200, "ok"));
    }

    /// <summary>Grants <paramref name="user"/> the operator's ClusterRole inside one namespace.</summary>
    internal static Task BindAsync(KubeClient admin, string ns, string user) =>
        admin.ApplyAsync(ResourceType.RoleBindings, ns, "operator", JsonNode.Parse($$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"operator","namespace":"{{ns}}"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"ecsbridge-manager-role"},
             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"{{user}}"}]}
            """)!.AsObject(), KubeJsonContext.Default.JsonObject, new ApplyOptions { FieldManager = OperatorInstall.FieldManager, Force = true });

    private static async Task<(int, string)?> TryGetAsync(OperatorProcess op, int port, string path)
    {
        try
        {
            return await op.GetAsync(port, path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
