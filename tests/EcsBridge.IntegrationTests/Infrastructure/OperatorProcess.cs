using EcsBridge.ControlPlane;

namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>The built `ecsbridge run` as a separate process (for what an in-process runtime cannot show: its own
/// identity, SIGKILL, leader election between processes, the HTTP endpoints). Output goes to a log file.</summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    private readonly ManagedProcess _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private OperatorProcess(ManagedProcess process, int metricsPort, int healthPort)
    {
        _process = process;
        MetricsPort = metricsPort;
        HealthPort = healthPort;
    }

    public int MetricsPort { get; }

    public int HealthPort { get; }

    public string LogPath => _process.LogPath;

    public bool IsRunning => _process.IsRunning;

    /// <summary>The OS process id while running (fault tests pause and resume it with SIGSTOP/SIGCONT).</summary>
    public int? ProcessId => _process.ProcessId;

    /// <summary>Starts `ecsbridge run --kubeconfig … --metrics-bind-address=127.0.0.1:P --health-probe-bind-address=127.0.0.1:Q` plus
    /// <paramref name="extraArgs"/>.</summary>
    public static OperatorProcess Start(string kubeconfig, IEnumerable<string> extraArgs, string logDirectory, string name = "operator")
    {
        var metricsPort = FreePort.Next();
        var healthPort = FreePort.Next();
        var apphost = Path.Combine(AppContext.BaseDirectory, "ecsbridge");
        var (executable, prefix) = File.Exists(apphost)
            ? (apphost, Array.Empty<string>())
            : ("dotnet", new[] { "exec", Path.Combine(AppContext.BaseDirectory, "ecsbridge.dll") });
        var args = prefix.Concat(
        [
            "run", "--kubeconfig", kubeconfig,
            $"--metrics-bind-address=127.0.0.1:{metricsPort}", $"--health-probe-bind-address=127.0.0.1:{healthPort}",
        ]).Concat(extraArgs).ToList();
        Directory.CreateDirectory(logDirectory);
        var process = new ManagedProcess(name, executable, args, Path.Combine(logDirectory, $"{name}-{Guid.NewGuid().ToString("N")[..6]}.log"));
        process.Start();
        return new OperatorProcess(process, metricsPort, healthPort);
    }

    /// <summary>Waits until /readyz answers 200 (caches synced).</summary>
    public async Task WaitReadyAsync(int seconds = 60)
    {
        if (await Readyz.WaitAsync(HealthPort, () => _process.IsRunning, TimeSpan.FromSeconds(seconds)))
        {
            return;
        }
        throw _process.IsRunning
            ? new TimeoutException("the operator did not become ready:\n" + _process.Tail(40))
            : new InvalidOperationException("the operator exited:\n" + _process.Tail(40));
    }

    public async Task<(int Status, string Body)> GetAsync(int port, string path)
    {
        using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<string> ScrapeAsync() => _http.GetStringAsync(new Uri($"http://127.0.0.1:{MetricsPort}/metrics"));

    /// <summary>The value of one series in the Prometheus text, summed over label sets that contain every filter.</summary>
    public static double Metric(string scrape, string name, params string[] labelFilters) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => labelFilters.All(f => line.Contains(f, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>SIGKILL, as a crash or an OOM kill.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM, then a wait for a clean exit.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(20));

    public string Tail(int lines = 40) => _process.Tail(lines);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _http.Dispose();
    }
}
