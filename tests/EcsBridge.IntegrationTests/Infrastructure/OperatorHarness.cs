using System.Text.Json.Nodes;
using EcsBridge.Hosting;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>Runs the real operator host in-process against the shared control plane, watching only the test's
/// namespaces, with its own client so its requests can be counted.</summary>
public sealed class OperatorHarness : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ILoggerFactory _loggerFactory;

    private OperatorHarness(ControlPlaneFixture fixture, OperatorOptions options, KubeClientSettings? identity)
    {
        _loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Log));
        OperatorClient = new KubeClient((identity ?? fixture.AdminSettings()) with { Qps = 0 }, _loggerFactory);
        Health = new OperatorHealth();
        var builder = OperatorHost.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Log);
        builder.Services.AddSingleton(Options.Create(options));
        OperatorHost.AddOperator(builder, OperatorClient, Health);
        _host = builder.Build();
        var progress = _host.Services.GetRequiredService<OperatorProgress>();
        EcsApiListening = progress.EcsApiListening.Task;
    }

    internal KubeClient OperatorClient { get; }

    /// <summary>What the operator logged, debug included (each write the client sends).</summary>
    public RecordingLoggerProvider Log { get; } = new();

    internal OperatorHealth Health { get; }

    /// <summary>The ECS API's address, once it listens (only with --ecs-api-bind-address).</summary>
    internal Task<System.Net.IPEndPoint> EcsApiListening { get; }

    /// <summary>Write requests the operator has sent so far (apply, create, update, patch, delete).</summary>
    public long Writes => OperatorClient.Metrics.WriteRequests;

    /// <param name="identity">Whom the operator runs as (a kubeconfig with only the install's RBAC); the admin when null.</param>
    internal static async Task<OperatorHarness> StartAsync(ControlPlaneFixture fixture, IReadOnlyList<string> namespaces, Func<OperatorOptions, OperatorOptions>? configure = null,
        KubeClientSettings? identity = null)
    {
        await CrdInstaller.EnsureInstalledAsync(fixture);
        var options = new OperatorOptions { WatchNamespaces = namespaces, MetricsBindAddress = "0", HealthProbeBindAddress = "0" };
        var harness = new OperatorHarness(fixture, configure?.Invoke(options) ?? options, identity);
        // The host's start ends once every cache has synced.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await harness._host.StartAsync(timeout.Token);
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _host.StopAsync(timeout.Token);
        }
        _host.Dispose();
        OperatorClient.Dispose();
        _loggerFactory.Dispose();
    }
}

/// <summary>Small helpers the operator tests share: apply ECS objects as a user would (server-side apply as
/// kubectl does), read children, and wait for conditions.</summary>
public static class Ecs
{
    public static async Task ApplyAsync(KubeClient client, string ns, string json, string manager = "kubectl")
    {
        var body = JsonNode.Parse(json)!.AsObject();
        var kind = body["kind"]!.GetValue<string>();
        body["metadata"]!["namespace"] = ns;
        var type = kind switch
        {
            "EcsService" => OperatorResources.EcsServices,
            "EcsTask" => OperatorResources.EcsTasks,
            _ => OperatorResources.EcsTaskDefinitions,
        };
        await client.ApplyAsync(type, ns, body["metadata"]!["name"]!.GetValue<string>(), body, KubeJsonContext.Default.JsonObject,
            new ApplyOptions { FieldManager = manager, Force = true });
    }

    public static Task<JsonObject?> GetAsync(KubeClient client, ResourceType type, string ns, string name) =>
        client.TryGetAsync(type, ns, name, KubeJsonContext.Default.JsonObject);

    public static Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, int seconds = 60) where T : class =>
        EventuallyAsync(probe, () => what, seconds);

    /// <summary>As above; <paramref name="what"/> is built only on a timeout, so an operator log tail in it is the one at the failure.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<string> what, int seconds = 60) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"not reached within {seconds} s: {what()}");
    }

    /// <summary>Waits until the object exists and <paramref name="predicate"/> holds for it.</summary>
    /// <remarks>On a timeout the message carries the object's last status, so a failure under load says where it stood.</remarks>
    public static Task<JsonObject> WaitForAsync(KubeClient client, ResourceType type, string ns, string name, Func<JsonObject, bool> predicate, string what, int seconds = 60) =>
        WaitForAsync(client, type, ns, name, predicate, () => what, seconds);

    /// <summary>As above, with the description built on a timeout (for a log tail taken at the failure).</summary>
    public static async Task<JsonObject> WaitForAsync(KubeClient client, ResourceType type, string ns, string name, Func<JsonObject, bool> predicate, Func<string> what, int seconds = 60)
    {
        JsonObject? last = null;
        try
        {
            return await EventuallyAsync(async () => (last = await GetAsync(client, type, ns, name)) is { } o && predicate(o) ? o : null, what, seconds);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; last seen: {(last is null ? "none" : last["status"]?.ToJsonString() ?? "no status")}", ex);
        }
    }

    public static Task WaitGoneAsync(KubeClient client, ResourceType type, string ns, string name, int seconds = 60) =>
        EventuallyAsync(async () => await GetAsync(client, type, ns, name) is null ? "gone" : null, $"{type.Kind} {name} deleted", seconds);

    public static JsonObject? Condition(JsonObject obj, string type) =>
        (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);

    public static string? Text(JsonNode? node) => node?.GetValue<string>();

    public static string TaskDefinition(string name, string image = "nginx:1.27", int port = 80) => $$"""
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"{{name}}"},
         "spec":{"containerDefinitions":[{"name":"app","image":"{{image}}","cpu":256,"memory":512,"memoryReservation":256,
           "portMappings":[{"containerPort":{{port}},"protocol":"tcp"}]}]} }
        """;

    public static string Service(string name, string taskDefinition, int desiredCount = 1, string extra = "") => $$"""
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsService","metadata":{"name":"{{name}}"},
         "spec":{"taskDefinition":"{{taskDefinition}}","desiredCount":{{desiredCount}}{{extra}}} }
        """;
}
