using System.Text.Json.Serialization.Metadata;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Kubernetes.Watch;

/// <summary>
/// Keeps an <see cref="ObjectStore{T}"/> in step with the API server: a paged list, then a watch from the list's
/// resourceVersion (with bookmarks, ended by the server after 5–10 min and resumed), a fresh list on 410 Gone
/// (with deletes synthesized for objects that vanished meanwhile), and reconnects with backoff (0.8 s doubling to
/// 30 s, reset once healthy) through API server restarts. Handlers see every change once, in order. An object that
/// does not decode into the model is skipped (logged once per version, counted in
/// <c>ecsbridge_informer_decode_errors_total</c>): it must not stop the cache for every other object.
/// <see cref="Liveness"/> says whether the informer currently follows the server, for a liveness probe.
/// </summary>
public sealed partial class Informer<T> : IAsyncDisposable where T : class, IKubernetesObject
{
    // A watch that lived this long counts as healthy and resets the backoff.
    private static readonly TimeSpan HealthyWatch = TimeSpan.FromSeconds(10);

    private readonly KubeClient _client;
    private readonly ResourceType _type;
    private readonly string _resourceName;
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly InformerOptions<T> _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly object _dispatchLock = new();
    private readonly List<InformerHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _livenessLock = new();
    // Versions of undecodable objects already logged (under _dispatchLock): a relist must not log them again.
    private readonly HashSet<string> _reportedUndecodable = new(StringComparer.Ordinal);
    private DateTimeOffset? _disconnectedSince;
    private DateTimeOffset? _lastEstablished;
    private string? _lastError;
    private long _decodeErrors;
    private TaskCompletionSource _listed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _stopping;
    private Task? _running;
    private int _lists;

    public Informer(KubeClient client, ResourceType type, JsonTypeInfo<T> typeInfo, InformerOptions<T>? options = null)
    {
        _client = client;
        _type = type;
        _resourceName = type.ToString();
        _typeInfo = typeInfo;
        _options = options ?? new InformerOptions<T>();
        _time = client.TimeProvider;
        _logger = client.LoggerFactory.CreateLogger("EcsBridge.Kubernetes.Informer");
    }

    public ObjectStore<T> Store { get; } = new();

    public ResourceType ResourceType => _type;

    /// <summary>The watched namespace; null when all namespaces (or a cluster-scoped kind) are watched.</summary>
    public string? Namespace => _options.Namespace;

    /// <summary>Objects skipped so far because they did not decode.</summary>
    public long DecodeErrors => Interlocked.Read(ref _decodeErrors);

    /// <summary>Whether the informer runs and when its list or watch last got through (see <see cref="InformerLiveness"/>).</summary>
    public InformerLiveness Liveness
    {
        get
        {
            lock (_livenessLock)
            {
                return new InformerLiveness(_running is { IsCompleted: false }, _disconnectedSince, _lastEstablished, _lastError);
            }
        }
    }

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string? LastResourceVersion { get; private set; }

    /// <summary>How many full lists ran (1 after start; more after each 410 or failed resume).</summary>
    public int ListCount => Volatile.Read(ref _lists);

    /// <summary>Completes once the first list is in the store (the cache can be trusted from then on).</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    public void AddHandler(InformerHandler<T> handler)
    {
        lock (_dispatchLock)
        {
            _handlers.Add(handler);
            // A handler that joins late still sees what is already cached, as adds.
            if (handler.OnAdd is { } onAdd)
            {
                foreach (var item in Store.List())
                {
                    Invoke(() => onAdd(item));
                }
            }
        }
    }

    public void AddEventHandler(Action<T>? onAdd = null, Action<T, T>? onUpdate = null, Action<T>? onDelete = null) =>
        AddHandler(new InformerHandler<T> { OnAdd = onAdd, OnUpdate = onUpdate, OnDelete = onDelete });

    /// <summary>Runs in the background until <see cref="StopAsync"/> or disposal. After a stop it may be started
    /// again: it resumes from <see cref="LastResourceVersion"/> with the cache it has.</summary>
    public void Start()
    {
        if (_running is { IsCompleted: false })
        {
            throw new InvalidOperationException("the informer is already running");
        }
        _stopping?.Dispose();
        _stopping = new CancellationTokenSource();
        lock (_livenessLock)
        {
            // Not following the server until a list or watch gets through.
            _disconnectedSince ??= _time.GetUtcNow();
        }
        _running = Task.Run(() => RunAsync(_stopping.Token));
    }

    public async Task StopAsync()
    {
        if (_stopping is null || _running is null)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Lists again (a consistent read from the server, not the watch position it had) and watches on from
    /// there; completes once that list is in the store. Handlers see what changed as updates and deletes. A new
    /// leader calls it so it never acts on a cache older than what the previous leader wrote: a standby's watches
    /// can lag, or sit in backoff for up to 30 s after an outage.</summary>
    public async Task RelistAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync().ConfigureAwait(false);
        var listed = Volatile.Read(ref _listed).Task;
        LastResourceVersion = null;
        Start();
        await listed.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping?.Dispose();
    }

    /// <summary>The list-and-watch loop; returns when cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = _options.InitialBackoff;
        using var resync = _options.ResyncPeriod is { } period ? RunResyncAsync(period, cancellationToken) : null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (LastResourceVersion is null)
                {
                    await ListAndReplaceAsync(cancellationToken).ConfigureAwait(false);
                    backoff = _options.InitialBackoff;
                }
                var started = _time.GetTimestamp();
                var events = await WatchOnceAsync(cancellationToken).ConfigureAwait(false);
                if (events > 0 || _time.GetElapsedTime(started) >= HealthyWatch)
                {
                    backoff = _options.InitialBackoff;
                }
                else
                {
                    // The server closed an empty watch at once; do not spin.
                    await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                    backoff = Next(backoff);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (KubeGoneException ex)
            {
                LogGone(_logger, _resourceName, LastResourceVersion, ex.Message);
                LastResourceVersion = null;
            }
            catch (Exception ex)
            {
                MarkFailed(ex.Message);
                LogWatchFailed(_logger, _resourceName, backoff.TotalSeconds, ex.Message);
                try
                {
                    await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                backoff = Next(backoff);
            }
        }
    }

    private void MarkEstablished()
    {
        lock (_livenessLock)
        {
            _disconnectedSince = null;
            _lastEstablished = _time.GetUtcNow();
            _lastError = null;
        }
    }

    private void MarkFailed(string error)
    {
        lock (_livenessLock)
        {
            _disconnectedSince ??= _time.GetUtcNow();
            _lastError = error;
        }
    }

    private TimeSpan Next(TimeSpan backoff) => backoff * 2 > _options.MaxBackoff ? _options.MaxBackoff : backoff * 2;

    private async Task ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        var list = await _client.ListAllAsync(_type, _options.Namespace, _typeInfo, new ListOptions
        {
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
            Limit = _options.PageSize,
            SkipUndecodable = true,
        }, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _lists);
        MarkEstablished();
        lock (_dispatchLock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var bad in list.Undecodable)
            {
                SkipUndecodable(bad);
                // Still there: a version cached before it turned bad stays (it is the last one we could read).
                if (bad.Key.Length > 0)
                {
                    seen.Add(bad.Key);
                }
            }
            foreach (var raw in list.Items)
            {
                var item = Transform(raw);
                var key = ObjectKey.Of(item);
                seen.Add(key);
                var old = Store.GetByKey(key);
                if (old is not null && old.Metadata.ResourceVersion == item.Metadata.ResourceVersion)
                {
                    continue;
                }
                Store.Upsert(item);
                Deliver(old, item);
            }
            foreach (var key in Store.Keys())
            {
                if (!seen.Contains(key) && Store.Remove(key) is { } gone)
                {
                    DeliverDelete(gone);
                }
            }
        }
        LastResourceVersion = list.Metadata.ResourceVersion;
        LogListed(_logger, _resourceName, list.Items.Count, LastResourceVersion);
        _synced.TrySetResult();
        Interlocked.Exchange(ref _listed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private async Task<int> WatchOnceAsync(CancellationToken cancellationToken)
    {
        var min = _options.MinWatchTimeout.TotalSeconds;
        var timeout = (int)(min + Random.Shared.NextDouble() * Math.Max(0, _options.MaxWatchTimeout.TotalSeconds - min));
        var options = new WatchOptions
        {
            ResourceVersion = LastResourceVersion,
            AllowWatchBookmarks = true,
            TimeoutSeconds = Math.Max(1, timeout),
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
            SkipUndecodable = true,
            Established = MarkEstablished,
        };
        var count = 0;
        await foreach (var change in _client.WatchAsync(_type, _options.Namespace, _typeInfo, options, cancellationToken).ConfigureAwait(false))
        {
            count++;
            Apply(change);
            if (change.ResourceVersion is { Length: > 0 } version)
            {
                LastResourceVersion = version;
            }
        }
        return count;
    }

    private void Apply(WatchEvent<T> change)
    {
        lock (_dispatchLock)
        {
            if (change.Undecodable is { } bad)
            {
                SkipUndecodable(bad);
                // A delete needs only the key; an add or update keeps what the cache had.
                if (change.Type == WatchEventType.Deleted && bad.Key.Length > 0 && Store.Remove(bad.Key) is { } gone)
                {
                    DeliverDelete(gone);
                }
                return;
            }
            switch (change.Type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    var item = Transform(change.Object);
                    Deliver(Store.Upsert(item), item);
                    break;
                case WatchEventType.Deleted:
                    var removed = Store.Remove(ObjectKey.Of(change.Object));
                    DeliverDelete(removed ?? Transform(change.Object));
                    break;
            }
        }
    }

    private void SkipUndecodable(UndecodableObject bad)
    {
        Interlocked.Increment(ref _decodeErrors);
        InformerMetrics.DecodeFailed(_resourceName);
        if (_reportedUndecodable.Count >= 10_000)
        {
            _reportedUndecodable.Clear();
        }
        if (_reportedUndecodable.Add((bad.Uid ?? bad.Key) + "@" + bad.ResourceVersion))
        {
            LogUndecodable(_logger, _resourceName, bad.Key, bad.ResourceVersion, bad.Error);
        }
    }

    private T Transform(T item) => _options.Transform is { } transform ? transform(item) : item;

    private void Deliver(T? old, T item)
    {
        foreach (var handler in _handlers)
        {
            if (old is null)
            {
                if (handler.OnAdd is { } onAdd)
                {
                    Invoke(() => onAdd(item));
                }
            }
            else if (handler.OnUpdate is { } onUpdate)
            {
                Invoke(() => onUpdate(old, item));
            }
        }
    }

    private void DeliverDelete(T item)
    {
        foreach (var handler in _handlers)
        {
            if (handler.OnDelete is { } onDelete)
            {
                Invoke(() => onDelete(item));
            }
        }
    }

    private void Invoke(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            // A faulty handler must not stop the cache from following the server.
            LogHandlerFailed(_logger, _resourceName, ex);
        }
    }

    private async Task RunResyncAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_dispatchLock)
                {
                    foreach (var item in Store.List())
                    {
                        Deliver(item, item);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = EventIdRanges.Informer + 1, Level = LogLevel.Debug, Message = "listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string resource, int count, string? resourceVersion);

    [LoggerMessage(EventId = EventIdRanges.Informer + 2, Level = LogLevel.Information, Message = "watch of {Resource} from resourceVersion {ResourceVersion} expired ({Reason}); listing again")]
    private static partial void LogGone(ILogger logger, string resource, string? resourceVersion, string reason);

    [LoggerMessage(EventId = EventIdRanges.Informer + 3, Level = LogLevel.Warning, Message = "watch of {Resource} failed; retrying in {DelaySeconds} s: {Reason}")]
    private static partial void LogWatchFailed(ILogger logger, string resource, double delaySeconds, string reason);

    [LoggerMessage(EventId = EventIdRanges.Informer + 5, Level = LogLevel.Error, Message = "skipped {Resource} {Key} at resourceVersion {ResourceVersion}: it does not decode ({Reason}); the cache keeps its previous version, if any, and every other object is served")]
    private static partial void LogUndecodable(ILogger logger, string resource, string key, string? resourceVersion, string reason);

    [LoggerMessage(EventId = EventIdRanges.Informer + 4, Level = LogLevel.Error, Message = "an event handler for {Resource} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string resource, Exception exception);
}
