using System.Diagnostics;
using System.Globalization;
using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>Starting `ecsbridge run` processes for the fault scenarios (logs kept under artifacts/faults/logs),
/// pausing them, and reading their logs and metrics.</summary>
internal static class FaultProcesses
{
    /// <summary>Short leases so a failover takes seconds (renew deadline above 1.2 × retry period, as client-go requires).</summary>
    public static readonly string[] FastLeaderElection = ["--leader-elect=true", "--lease-duration=4s", "--renew-deadline=3s", "--retry-period=1s"];

    public static string LogDirectory(ControlPlaneFixture fixture) => Path.Combine(fixture.RepositoryRoot, "artifacts", "faults", "logs");

    public static async Task<OperatorProcess> StartAsync(ControlPlaneFixture fixture, string ns, string name, params string[] extraArgs)
    {
        await CrdInstaller.EnsureInstalledAsync(fixture);
        var process = OperatorProcess.Start(fixture.KubeconfigPath,
            ["--watch-namespaces=" + ns, "--leader-election-namespace=" + ns, "--log-level=info", .. extraArgs], LogDirectory(fixture), name);
        try
        {
            await process.WaitReadyAsync(90);
        }
        catch
        {
            // Never leave an operator behind a failed start: it would outlive the test run (and hold what it inherited).
            await process.DisposeAsync();
            throw;
        }
        return process;
    }

    /// <summary>SIGSTOP / SIGCONT: the process freezes with its connections open, as a node under memory pressure
    /// or a stopped VM would.</summary>
    public static void Pause(OperatorProcess process) => Signal(process, "STOP");

    public static void Resume(OperatorProcess process) => Signal(process, "CONT");

    /// <summary>Resumes a paused process when it is still there (clean-up after a failed test).</summary>
    public static void TryResume(OperatorProcess process)
    {
        if (process.IsRunning)
        {
            Resume(process);
        }
    }

    private static void Signal(OperatorProcess process, string signal)
    {
        var pid = process.ProcessId ?? throw new InvalidOperationException("the operator is not running");
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        kill.ExitCode.ShouldBe(0, $"kill -{signal} {pid}");
    }

    public static async Task<bool> IsLeaderAsync(OperatorProcess process)
    {
        try
        {
            return OperatorProcess.Metric(await process.ScrapeAsync(), "leader_election_master_status") >= 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public static async Task WaitLeaderAsync(OperatorProcess process, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await IsLeaderAsync(process))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the operator did not become leader within {seconds} s:\n" + process.Tail(30));
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Lines that show a crash: an unhandled exception, a runtime abort, a fatal log line.</summary>
    public static IReadOnlyList<string> CrashLines(OperatorProcess process) =>
        ReadLog(process).Where(line => line.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase)
            || line.Contains("Process terminated", StringComparison.Ordinal)
            || line.StartsWith("crit:", StringComparison.Ordinal)
            || line.Contains("StackOverflow", StringComparison.Ordinal)
            || line.Contains("OutOfMemoryException", StringComparison.Ordinal)).ToList();

    public static IReadOnlyList<string> ReadLog(OperatorProcess process)
    {
        using var stream = new FileStream(process.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n');
    }

    public static int CountLog(OperatorProcess process, string text) => ReadLog(process).Count(l => l.Contains(text, StringComparison.Ordinal));
}
