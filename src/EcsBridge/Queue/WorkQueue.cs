namespace EcsBridge.Queue;

/// <summary>
/// A controller work queue with client-go's guarantees: a key is queued at most once however many events arrive
/// (dirty set), a key being processed is never handed to a second worker (processing set; it is queued again on
/// <see cref="Done"/> if it changed meanwhile), and delayed re-adds for backoff and requeue-after.
/// Two lanes: changes go first; initial-list and resync keys go to a low lane that is still served once its head
/// has waited <see cref="WorkQueueOptions.LowPriorityMaxWait"/>, so a start-up flood never delays a user's change
/// for long and nothing starves.
/// </summary>
internal sealed class WorkQueue : IDisposable
{
    private readonly object _gate = new();
    private readonly LinkedList<string> _high = new();
    private readonly LinkedList<(string Key, long EnqueuedAt)> _low = new();
    private readonly Dictionary<string, long> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _lowKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ITimer> _waiting = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _time;
    private readonly WorkQueueOptions _options;
    private readonly RateLimiter _limiter;
    private readonly WorkQueueMetrics? _metrics;
    private bool _shuttingDown;

    public WorkQueue(TimeProvider time, WorkQueueOptions options, System.Diagnostics.Metrics.Meter? meter = null, string name = "ecsservice")
    {
        _time = time;
        _options = options;
        _limiter = new RateLimiter(time, options.RateLimiter);
        _metrics = meter is null ? null : new WorkQueueMetrics(meter, name, LongestRunningSeconds);
    }

    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _high.Count + _low.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Queues a key for a changed object.</summary>
    public void Add(string key) => Add(key, lowPriority: false);

    /// <summary>Queues a key from the initial list or a resync: served after changes, but never starved.</summary>
    public void AddLowPriority(string key) => Add(key, lowPriority: true);

    private void Add(string key, bool lowPriority)
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }
            if (_dirty.ContainsKey(key))
            {
                // Already queued. A change outranks a resync: promote it.
                if (!lowPriority && _lowKeys.Remove(key))
                {
                    RemoveFromLow(key);
                    _high.AddLast(key);
                }
                return;
            }
            _metrics?.Added();
            _dirty[key] = _time.GetTimestamp();
            if (_processing.ContainsKey(key))
            {
                return;
            }
            Enqueue(key, lowPriority);
        }
        _available.Release();
    }

    private void Enqueue(string key, bool lowPriority)
    {
        if (lowPriority)
        {
            _low.AddLast((key, _time.GetTimestamp()));
            _lowKeys.Add(key);
        }
        else
        {
            _high.AddLast(key);
        }
        _metrics?.SetDepth(_high.Count + _low.Count);
    }

    private void RemoveFromLow(string key)
    {
        for (var node = _low.First; node is not null; node = node.Next)
        {
            if (node.Value.Key == key)
            {
                _low.Remove(node);
                return;
            }
        }
    }

    /// <summary>Queues the key after <paramref name="delay"/> (a requeue-after or a backoff).</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }
            // Keep the earliest pending wake-up for a key.
            if (_waiting.Remove(key, out var existing))
            {
                existing.Dispose();
            }
            ITimer? timer = null;
            timer = _time.CreateTimer(_ =>
            {
                lock (_gate)
                {
                    if (_waiting.TryGetValue(key, out var current) && ReferenceEquals(current, timer))
                    {
                        _waiting.Remove(key);
                    }
                }
                timer?.Dispose();
                Add(key);
            }, null, delay, Timeout.InfiniteTimeSpan);
            _waiting[key] = timer;
        }
    }

    /// <summary>Queues the key after its backoff: 5 ms doubling per failure up to 1000 s.</summary>
    public TimeSpan AddRateLimited(string key)
    {
        _metrics?.Retried();
        var delay = _limiter.When(key);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Resets the key's backoff after a success.</summary>
    public void Forget(string key) => _limiter.Forget(key);

    public int NumRequeues(string key) => _limiter.Failures(key);

    /// <summary>Waits for the next key; null once the queue is shut down and drained.</summary>
    public async ValueTask<string?> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (TryTake(out var key))
                {
                    return key;
                }
                if (_shuttingDown)
                {
                    return null;
                }
            }
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool TryTake(out string key)
    {
        string? taken = null;
        var now = _time.GetTimestamp();
        var lowHead = _low.First;
        if (lowHead is not null && (_high.Count == 0 || _time.GetElapsedTime(lowHead.Value.EnqueuedAt, now) >= _options.LowPriorityMaxWait))
        {
            taken = lowHead.Value.Key;
            _low.RemoveFirst();
            _lowKeys.Remove(taken);
        }
        else if (_high.First is { } highHead)
        {
            taken = highHead.Value;
            _high.RemoveFirst();
        }
        if (taken is null)
        {
            key = string.Empty;
            return false;
        }
        if (_dirty.Remove(taken, out var addedAt))
        {
            _metrics?.QueueLatency(_time.GetElapsedTime(addedAt, now));
        }
        _processing[taken] = now;
        _metrics?.SetDepth(_high.Count + _low.Count);
        key = taken;
        return true;
    }

    /// <summary>Marks the key finished; if it changed while processing, it is queued again now.</summary>
    public void Done(string key)
    {
        var requeued = false;
        lock (_gate)
        {
            if (_processing.Remove(key, out var startedAt))
            {
                _metrics?.WorkDuration(_time.GetElapsedTime(startedAt));
            }
            if (_dirty.ContainsKey(key))
            {
                Enqueue(key, lowPriority: false);
                requeued = true;
            }
        }
        if (requeued)
        {
            _available.Release();
        }
    }

    /// <summary>Seconds the longest-running key has been processing (a stuck-reconcile signal).</summary>
    public double LongestRunningSeconds()
    {
        lock (_gate)
        {
            if (_processing.Count == 0)
            {
                return 0;
            }
            var now = _time.GetTimestamp();
            return _processing.Values.Max(started => _time.GetElapsedTime(started, now).TotalSeconds);
        }
    }

    /// <summary>Stops accepting keys; <see cref="GetAsync"/> returns the ones still queued, then null.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            _shuttingDown = true;
            foreach (var timer in _waiting.Values)
            {
                timer.Dispose();
            }
            _waiting.Clear();
        }
        _available.Release(int.MaxValue / 2);
    }

    public void Dispose()
    {
        ShutDown();
        _available.Dispose();
    }
}

internal sealed record WorkQueueOptions
{
    public RateLimiterOptions RateLimiter { get; init; } = new();

    public TimeSpan LowPriorityMaxWait { get; init; } = TimeSpan.FromSeconds(2);
}
