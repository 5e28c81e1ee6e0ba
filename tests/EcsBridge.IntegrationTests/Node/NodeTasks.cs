using System.Text.Json.Nodes;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>What the node tests share: busybox task definitions, reading the tasks the kubelet runs, and asking them
/// for HTTP. Each test passes its own HttpClient, whose timeout suits what it measures.</summary>
public static class NodeTasks
{
    /// <summary>The busybox image tests/envtest imports into the node's containerd.</summary>
    public const string Busybox = "ecsbridge.local/busybox:1";

    /// <summary>The port the node tests' httpd tasks listen on.</summary>
    public const int Port = 8080;

    /// <summary>A one-container task definition ("httpd", 64 CPU units, 64 MiB) running <paramref name="command"/>
    /// with sh -c; with a port mapping for <paramref name="port"/> unless it is null. The command is JSON string
    /// content: quotes in it stay escaped as \".</summary>
    public static string BusyboxTaskDefinition(string family, string command, string image = Busybox, int? port = Port)
    {
        var ports = port is { } p ? $$""","portMappings":[{"containerPort":{{p}},"protocol":"tcp"}]""" : "";
        return $$"""
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"{{family}}"},
             "spec":{"containerDefinitions":[{"name":"httpd","image":"{{image}}","cpu":64,"memory":64,"essential":true,
               "entryPoint":["sh","-c"],"command":["{{command}}"]{{ports}} }]} }
            """;
    }

    public static string Name(JsonObject pod) => Text(pod["metadata"]!["name"])!;

    public static string PodIp(JsonObject pod) => Text(pod["status"]!["podIP"])!;

    public static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Any(c => Text(c["type"]) == "Ready" && Text(c["status"]) == "True") == true;

    /// <summary>The service's PRIMARY deployment, if its status lists one.</summary>
    public static JsonObject? Primary(JsonObject service) =>
        (service["status"]?["deployments"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(d => Text(d["status"]) == "PRIMARY");

    /// <summary>Pods of the namespace that are Running and Ready with an IP and not being deleted, as the kubelet
    /// reported them, in list order.</summary>
    public static async Task<List<JsonObject>> RunningPodsNowAsync(KubeClient admin, string ns, Func<JsonObject, bool>? filter = null)
    {
        var list = await admin.ListAsync(ResourceType.Pods, ns, KubeJsonContext.Default.JsonObject);
        return list.Items.OfType<JsonObject>()
            .Where(p => Text(p["status"]?["phase"]) == "Running" && p["metadata"]?["deletionTimestamp"] is null && p["status"]?["podIP"] is not null)
            .Where(IsReady)
            .Where(p => filter?.Invoke(p) ?? true)
            .ToList();
    }

    /// <summary>Waits until the running and Ready pods satisfy <paramref name="accept"/>.</summary>
    public static Task<List<JsonObject>> RunningPodsAsync(KubeClient admin, string ns, Func<List<JsonObject>, bool> accept, string what, int seconds = 180) =>
        EventuallyAsync(async () => await RunningPodsNowAsync(admin, ns) is { } pods && accept(pods) ? pods : null, what, seconds);

    /// <summary>The trimmed body of a GET, or null when the request failed or timed out.</summary>
    public static async Task<string?> TryGetAsync(HttpClient http, string url)
    {
        try
        {
            return (await http.GetStringAsync(new Uri(url))).Trim();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Polls <paramref name="url"/> until an answer satisfies <paramref name="accept"/>: Ready means a
    /// container started, its server listens a moment later, and kube-proxy's rules follow the endpoints within a
    /// second or two.</summary>
    public static Task<string> AnswerAsync(HttpClient http, string url, Func<string, bool> accept, int seconds = 60) =>
        EventuallyAsync(async () => await TryGetAsync(http, url) is { } body && accept(body) ? body : null, "an answer from " + url, seconds);
}
