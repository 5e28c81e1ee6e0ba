namespace EcsBridge.Kubernetes.Http;

/// <summary>A token bucket (QPS sustained, <c>burst</c> at once). Callers reserve a token and wait for its turn,
/// so waiters are served in order. QPS ≤ 0 means no limit.</summary>
internal sealed class ClientRateLimiter(double qps, int burst, TimeProvider time)
{
    private readonly object _lock = new();
    private double _tokens = Math.Max(1, burst);
    private long _last = time.GetTimestamp();

    public bool Enabled => qps > 0;

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return Task.CompletedTask;
        }
        TimeSpan delay;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(Math.Max(1, burst), _tokens + time.GetElapsedTime(_last, now).TotalSeconds * qps);
            _last = now;
            _tokens -= 1;
            if (_tokens >= 0)
            {
                return Task.CompletedTask;
            }
            delay = TimeSpan.FromSeconds(-_tokens / qps);
        }
        return Task.Delay(delay, time, cancellationToken);
    }
}
