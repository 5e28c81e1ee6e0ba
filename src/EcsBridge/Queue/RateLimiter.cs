namespace EcsBridge.Queue;

/// <summary>
/// client-go's default controller rate limiter: the larger of a per-key exponential backoff (5 ms doubling to
/// 1000 s, reset by <see cref="Forget"/>) and an overall token bucket (10 per second, burst 100), so one failing
/// object backs off alone while a storm of failures cannot flood the API.
/// </summary>
internal sealed class RateLimiter(TimeProvider time, RateLimiterOptions options)
{
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private double _tokens = options.Burst;
    private long _lastRefill = time.GetTimestamp();

    /// <summary>How long to wait before retrying <paramref name="key"/>; counts one more failure.</summary>
    public TimeSpan When(string key)
    {
        lock (_gate)
        {
            _failures.TryGetValue(key, out var failures);
            _failures[key] = failures + 1;
            var exponent = Math.Min(failures, 62);
            var backoffMs = options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
            var backoff = backoffMs >= options.MaxDelay.TotalMilliseconds ? options.MaxDelay : TimeSpan.FromMilliseconds(backoffMs);
            var bucket = ReserveToken();
            return backoff > bucket ? backoff : bucket;
        }
    }

    public int Failures(string key)
    {
        lock (_gate)
        {
            return _failures.TryGetValue(key, out var n) ? n : 0;
        }
    }

    public void Forget(string key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    // Reserves a token now and returns how long until it is really available (a token bucket that can go
    // negative, like golang.org/x/time/rate's Reserve).
    private TimeSpan ReserveToken()
    {
        if (options.OverallQps <= 0)
        {
            return TimeSpan.Zero;
        }
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_lastRefill, now);
        _lastRefill = now;
        _tokens = Math.Min(options.Burst, _tokens + elapsed.TotalSeconds * options.OverallQps);
        _tokens -= 1;
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / options.OverallQps);
    }
}

internal sealed record RateLimiterOptions
{
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1000);

    public double OverallQps { get; init; } = 10;

    public int Burst { get; init; } = 100;
}
