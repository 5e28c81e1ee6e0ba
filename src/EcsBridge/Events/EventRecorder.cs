using System.Text.Json.Nodes;
using System.Threading.Channels;
using EcsBridge.Kubernetes;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Events;

/// <summary>
/// Records core/v1 Events on the objects the operator manages, for `kubectl describe`. Like client-go's event
/// broadcaster, recording only queues: background writers send them, so an Event never adds a round trip to a
/// reconcile. A full queue drops the Event (logged); failing to write one is logged and never fails anything.
/// Disposing sends what is queued, for a bounded time.
/// </summary>
internal sealed partial class EventRecorder : IAsyncDisposable
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    private const int QueueCapacity = 1000;
    private const int Writers = 2;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly KubeClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<EventRecorder> _logger;
    private readonly Channel<JsonObject> _queue = Channel.CreateBounded<JsonObject>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false, SingleWriter = false });
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _writing;

    public EventRecorder(KubeClient client, TimeProvider time, ILogger<EventRecorder> logger)
    {
        _client = client;
        _time = time;
        _logger = logger;
        _writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteQueuedAsync)));
    }

    /// <summary>Queues an Event about <paramref name="regarding"/>; returns at once.</summary>
    public void Record(IKubernetesObject regarding, string type, string reason, string? message)
    {
        var body = Build(regarding, type, reason, message);
        if (!_queue.Writer.TryWrite(body))
        {
            EventDropped(_logger, reason, regarding.Metadata.Name ?? "");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writing.WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
            await _writing.ConfigureAwait(false);
        }
        _abandon.Dispose();
    }

    private async Task WriteQueuedAsync()
    {
        try
        {
            await foreach (var body in _queue.Reader.ReadAllAsync(_abandon.Token).ConfigureAwait(false))
            {
                var ns = body["metadata"]!["namespace"]!.GetValue<string>();
                try
                {
                    await _client.CreateAsync(ResourceType.Events, ns, body, KubeJsonContext.Default.JsonObject, cancellationToken: _abandon.Token).ConfigureAwait(false);
                }
                catch (KubeApiException ex)
                {
                    EventFailed(_logger, body["reason"]?.GetValue<string>() ?? "", body["involvedObject"]?["name"]?.GetValue<string>() ?? "", ex.Message);
                }
                catch (HttpRequestException ex)
                {
                    EventFailed(_logger, body["reason"]?.GetValue<string>() ?? "", body["involvedObject"]?["name"]?.GetValue<string>() ?? "", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // Stopping and the API did not take the rest in time: they are dropped, as a crash would.
        }
    }

    private JsonObject Build(IKubernetesObject regarding, string type, string reason, string? message)
    {
        var now = _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var ns = regarding.Metadata.Namespace ?? "default";
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{regarding.Metadata.Name}.{Guid.NewGuid().ToString("N")[..16]}",
                ["namespace"] = ns,
            },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = regarding.ApiVersion,
                ["kind"] = regarding.Kind,
                ["name"] = regarding.Metadata.Name,
                ["namespace"] = ns,
                ["uid"] = regarding.Metadata.Uid,
                ["resourceVersion"] = regarding.Metadata.ResourceVersion,
            },
            ["reason"] = reason,
            ["message"] = message is { Length: > 1024 } ? message[..1021] + "..." : message,
            ["type"] = type,
            ["source"] = new JsonObject { ["component"] = "ecsbridge" },
            ["reportingComponent"] = "ecsbridge",
            ["reportingInstance"] = Environment.MachineName,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
    }

    [LoggerMessage(EventIdRanges.Events, LogLevel.Warning, "Could not record event {Reason} on {Name}: {Error}")]
    private static partial void EventFailed(ILogger logger, string reason, string name, string error);

    [LoggerMessage(EventIdRanges.Events + 1, LogLevel.Warning, "Event queue full; dropped event {Reason} on {Name}")]
    private static partial void EventDropped(ILogger logger, string reason, string name);
}
