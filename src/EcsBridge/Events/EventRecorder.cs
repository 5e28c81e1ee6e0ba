using System.Diagnostics.Metrics;
using System.Globalization;
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
/// reconcile. A write that fails for a passing reason (the API unreachable or overloaded, a timeout) is retried with
/// backoff for up to <see cref="RetryFor"/>, so Events survive an API outage; one the API refuses is dropped. No
/// error stops a writer; failures are logged (at most every 30 s) and counted, and a writer that stopped anyway is
/// reported to the liveness probe. A full queue drops the Event. Disposing sends what is queued, for a bounded time.
/// </summary>
internal sealed partial class EventRecorder : IAsyncDisposable
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    /// <summary>How long one Event is retried before it is dropped (an outage longer than that loses it).</summary>
    public static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(2);

    private const int QueueCapacity = 1000;
    private const int Writers = 2;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(30);

    private readonly KubeClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<EventRecorder> _logger;
    private readonly Action<string, bool, string?>? _report;
    private readonly Counter<long>? _writeErrors;
    private readonly Counter<long>? _dropped;
    private readonly Channel<JsonObject> _queue = Channel.CreateBounded<JsonObject>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false, SingleWriter = false });
    private readonly CancellationTokenSource _abandon = new();
    private readonly Lock _logLock = new();
    private readonly Task _writing;
    private long _lastFailureLogged = long.MinValue;
    private int _failuresNotLogged;

    /// <param name="meter">Where to count failed writes and dropped Events; none when null.</param>
    /// <param name="report">Told (check name, healthy, reason) when a writer stops unexpectedly.</param>
    public EventRecorder(KubeClient client, TimeProvider time, ILogger<EventRecorder> logger, Meter? meter = null, Action<string, bool, string?>? report = null)
    {
        _client = client;
        _time = time;
        _logger = logger;
        _report = report;
        _writeErrors = meter?.CreateCounter<long>("ecsbridge_event_write_errors_total", description: "Event writes that failed (each attempt; most are retried).");
        _dropped = meter?.CreateCounter<long>("ecsbridge_events_dropped_total", description: "Events never written, by reason (queue_full, refused, retries_exhausted).");
        _writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() => WriteQueuedAsync("event-writer-" + i.ToString(CultureInfo.InvariantCulture)))));
    }

    /// <summary>Queues an Event about <paramref name="regarding"/>; returns at once.</summary>
    public void Record(IKubernetesObject regarding, string type, string reason, string? message)
    {
        var body = Build(regarding, type, reason, message);
        if (!_queue.Writer.TryWrite(body))
        {
            Dropped("queue_full");
            EventDropped(_logger, reason, regarding.Metadata.Name ?? "");
        }
    }

    /// <summary>Drops what is queued and stops writing (leadership lost: this replica may write nothing more).</summary>
    public void Abandon()
    {
        _queue.Writer.TryComplete();
        _abandon.Cancel();
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

    private async Task WriteQueuedAsync(string check)
    {
        try
        {
            await foreach (var body in _queue.Reader.ReadAllAsync(_abandon.Token).ConfigureAwait(false))
            {
                await WriteAsync(body).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // Stopping and the API did not take the rest in time: they are dropped, as a crash would.
        }
        catch (Exception ex)
        {
            // WriteAsync handles every error of a write, so this is a bug; Events would pile up unseen. Say so.
            WriterStopped(_logger, check, ex);
            _report?.Invoke(check, false, "stopped: " + ex.Message);
        }
    }

    /// <summary>Sends one Event, retrying passing failures with backoff until <see cref="RetryFor"/> has gone by.</summary>
    private async Task WriteAsync(JsonObject body)
    {
        var started = _time.GetTimestamp();
        var delay = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var ns = body["metadata"]!["namespace"]!.GetValue<string>();
                await _client.CreateAsync(ResourceType.Events, ns, body, KubeJsonContext.Default.JsonObject, cancellationToken: _abandon.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
            {
                throw;
            }
            catch (KubeAlreadyExistsException) when (attempt > 1)
            {
                // An earlier attempt reached the API after all (it timed out on our side); the name is unique per Event.
                return;
            }
            catch (Exception ex)
            {
                _writeErrors?.Add(1);
                var retry = IsPassing(ex) && _time.GetElapsedTime(started) + delay <= RetryFor;
                if (!retry)
                {
                    Dropped(IsPassing(ex) ? "retries_exhausted" : "refused");
                }
                LogFailure(body, ex, retry ? delay : null);
                if (!retry)
                {
                    return;
                }
            }
            await Task.Delay(delay, _time, _abandon.Token).ConfigureAwait(false);
            delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
        }
    }

    /// <summary>Failures that another try may not meet: no answer, a timeout, an overloaded or restarting server.
    /// A refusal (invalid, forbidden, the namespace gone) would be refused again.</summary>
    private static bool IsPassing(Exception ex) =>
        ex is KubeConnectionException or KubeServerErrorException or KubeTooManyRequestsException
            or HttpRequestException or IOException or OperationCanceledException;

    private void Dropped(string reason) => _dropped?.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>At most one line per <see cref="LogInterval"/>: an outage fails every write, and one line says it.</summary>
    private void LogFailure(JsonObject body, Exception ex, TimeSpan? retryIn)
    {
        int notLogged;
        lock (_logLock)
        {
            if (_lastFailureLogged != long.MinValue && _time.GetElapsedTime(_lastFailureLogged) < LogInterval)
            {
                _failuresNotLogged++;
                return;
            }
            _lastFailureLogged = _time.GetTimestamp();
            notLogged = _failuresNotLogged;
            _failuresNotLogged = 0;
        }
        var outcome = retryIn is { } delay
            ? string.Create(CultureInfo.InvariantCulture, $"retrying in {delay.TotalSeconds:0.#} s")
            : "dropped";
        EventFailed(_logger, Text(body["reason"]), Text(body["involvedObject"]?["name"]), ex.Message, outcome, notLogged);
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

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

    [LoggerMessage(EventIdRanges.Events, LogLevel.Warning, "Could not record event {Reason} on {Name}: {Error}; {Outcome} ({NotLogged} more failed event writes since the last such line)")]
    private static partial void EventFailed(ILogger logger, string reason, string name, string error, string outcome, int notLogged);

    [LoggerMessage(EventIdRanges.Events + 2, LogLevel.Error, "The event writer {Writer} stopped; events queued for it are no longer written")]
    private static partial void WriterStopped(ILogger logger, string writer, Exception exception);

    [LoggerMessage(EventIdRanges.Events + 1, LogLevel.Warning, "Event queue full; dropped event {Reason} on {Name}")]
    private static partial void EventDropped(ILogger logger, string reason, string name);
}
