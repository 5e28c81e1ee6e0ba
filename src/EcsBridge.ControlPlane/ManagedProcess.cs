using System.Diagnostics;

namespace EcsBridge.ControlPlane;

/// <summary>One control-plane child process whose output goes to a log file; it can be stopped and started
/// again with the same arguments (fault tests restart kube-apiserver and etcd).</summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly string _executable;
    private readonly IReadOnlyList<string> _arguments;
    private readonly object _gate = new();
    private Process? _process;
    private StreamWriter? _log;

    public ManagedProcess(string name, string executable, IReadOnlyList<string> arguments, string logPath)
    {
        Name = name;
        _executable = executable;
        _arguments = arguments;
        LogPath = logPath;
    }

    public string Name { get; }

    /// <summary>Start the process again when it exits on its own (not through Stop/Kill). kube-controller-manager
    /// exits for good when kube-apiserver goes away while it starts; a supervisor brings it back.</summary>
    public bool RestartOnExit { get; init; }

    /// <summary>Where the PID of each start is written, so a watchdog or the next start can stop the process after
    /// its owner died (<see cref="Cleanup.Watchdog"/>).</summary>
    public string? PidFile { get; init; }

    public int Restarts => Volatile.Read(ref _restarts);

    private int _restarts;
    private bool _disposed;

    public string LogPath { get; }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false };
            }
        }
    }

    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false } p ? p.Id : null;
            }
        }
    }

    public void Start()
    {
        lock (_gate)
        {
            if (_disposed || _process is { HasExited: false })
            {
                return;
            }
            Cleanup.InheritedDescriptors.MarkCloseOnExec();
            var info = new ProcessStartInfo(_executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in _arguments)
            {
                info.ArgumentList.Add(argument);
            }
            _log?.Dispose();
            _log = new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            var log = _log;
            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => Write(log, e.Data);
            process.ErrorDataReceived += (_, e) => Write(log, e.Data);
            process.Exited += (_, _) => OnExited(process);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            if (PidFile is not null)
            {
                File.WriteAllText(PidFile, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private void OnExited(Process exited)
    {
        lock (_gate)
        {
            // Stop and Kill clear _process first, so only an exit nobody asked for gets here.
            if (!RestartOnExit || !ReferenceEquals(_process, exited))
            {
                return;
            }
            _process = null;
        }
        Interlocked.Increment(ref _restarts);
        _ = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ =>
        {
            try
            {
                Start();
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                // The control plane is being torn down.
            }
        }, TaskScheduler.Default);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        try
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
        catch (ObjectDisposedException)
        {
            // The process outlived its log by a line or two while stopping.
        }
    }

    /// <summary>Sends SIGTERM, waits for a clean exit, then kills.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
            _process = null;
        }
        if (process is null)
        {
            return;
        }
        try
        {
            if (!process.HasExited)
            {
                Signals.Terminate(process.Id);
                using var timeout = new CancellationTokenSource(grace);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Kills at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
            _process = null;
        }
        if (process is null)
        {
            return;
        }
        // Outside the gate: WaitForExit raises Exited under the Process's own lock, and OnExited takes the gate,
        // so waiting while holding the gate deadlocks against the thread that reports the exit.
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
    }

    /// <summary>The last lines of the log, for error messages.</summary>
    public string Tail(int lines = 25)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _log?.Dispose();
    }
}
