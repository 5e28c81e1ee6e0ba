using System.Diagnostics;
using System.Globalization;
using EcsBridge.ControlPlane;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>
/// The operator as users run it: the `ecsbridge run` build output as its own process (so its memory is its own),
/// with no client-side throttle, a stated number of workers, JSON logs to a file and /metrics on loopback.
/// </summary>
internal sealed class OperatorUnderTest : IAsyncDisposable
{
    private readonly ManagedProcess _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private long _peakHeapBytes;

    private OperatorUnderTest(ManagedProcess process, int metricsPort, int healthPort, DateTimeOffset startedAt, long startedTimestamp)
    {
        _process = process;
        MetricsPort = metricsPort;
        HealthPort = healthPort;
        StartedAt = startedAt;
        StartedTimestamp = startedTimestamp;
    }

    public int MetricsPort { get; }

    public int HealthPort { get; }

    /// <summary>Wall clock just before the process was started (log timestamps are compared with it).</summary>
    public DateTimeOffset StartedAt { get; }

    public long StartedTimestamp { get; }

    public string LogPath => _process.LogPath;

    public int? ProcessId => _process.ProcessId;

    /// <summary>The largest <c>dotnet_gc_heap_bytes</c> seen by <see cref="SampleAsync"/>.</summary>
    public long PeakHeapBytes => Interlocked.Read(ref _peakHeapBytes);

    /// <summary>The folder holding ecsbridge (apphost), ecsbridge.dll and its runtimeconfig: the published build named
    /// by ECSBRIDGE_BENCH_OPERATOR_DIR (what `make bench` measures, as the container image ships it), else this
    /// program's own output (a JIT build).</summary>
    public static string BinaryDirectory =>
        Environment.GetEnvironmentVariable("ECSBRIDGE_BENCH_OPERATOR_DIR") is { Length: > 0 } published ? Path.GetFullPath(published) : AppContext.BaseDirectory;

    public static OperatorUnderTest Start(string kubeconfig, IReadOnlyList<string> namespaces, int concurrency, string logDirectory, string name, string logLevel = "info")
    {
        var metricsPort = FreePort.Next();
        var healthPort = FreePort.Next();
        var apphost = Path.Combine(BinaryDirectory, "ecsbridge");
        var (executable, prefix) = File.Exists(apphost)
            ? (apphost, Array.Empty<string>())
            : ("dotnet", new[] { "exec", Path.Combine(BinaryDirectory, "ecsbridge.dll") });
        var args = prefix.Concat(
        [
            "run", "--kubeconfig", kubeconfig,
            "--watch-namespaces", string.Join(',', namespaces),
            "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
            "--kube-api-qps", "0",
            "--metrics-bind-address", $"127.0.0.1:{metricsPort}",
            "--health-probe-bind-address", $"127.0.0.1:{healthPort}",
            "--log-format", "json",
            "--log-level", logLevel,
        ]).ToList();
        Directory.CreateDirectory(logDirectory);
        var process = new ManagedProcess(name, executable, args, Path.Combine(logDirectory, name + ".log"));
        var startedAt = DateTimeOffset.UtcNow;
        var timestamp = Stopwatch.GetTimestamp();
        process.Start();
        return new OperatorUnderTest(process, metricsPort, healthPort, startedAt, timestamp);
    }

    /// <summary>Waits until /readyz answers 200 (every cache synced).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (!_process.IsRunning)
            {
                throw new InvalidOperationException("the operator exited:\n" + _process.Tail(40));
            }
            try
            {
                using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}/readyz"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException("the operator did not become ready:\n" + _process.Tail(40));
    }

    public Task<string> ScrapeAsync(CancellationToken cancellationToken) =>
        _http.GetStringAsync(new Uri($"http://127.0.0.1:{MetricsPort}/metrics"), cancellationToken);

    public async Task<Dictionary<string, long>> RequestsAsync(CancellationToken cancellationToken) =>
        PrometheusText.RequestsByVerb(await ScrapeAsync(cancellationToken).ConfigureAwait(false));

    public ProcessMemory? Memory() => ProcessId is { } pid ? ProcessMemory.Read(pid) : null;

    /// <summary>Samples the managed heap every <paramref name="interval"/> until cancelled (RSS peaks come from VmHWM).</summary>
    public async Task SampleAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var heap = (long)PrometheusText.Value(await ScrapeAsync(cancellationToken).ConfigureAwait(false), "dotnet_gc_heap_bytes");
                long current;
                while (heap > (current = Interlocked.Read(ref _peakHeapBytes))
                       && Interlocked.CompareExchange(ref _peakHeapBytes, heap, current) != current)
                {
                }
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // Busy or not listening yet; the next sample will do.
            }
        }
    }

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(30));

    public string Tail(int lines = 40) => _process.Tail(lines);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }
}
