using System.Diagnostics;
using System.Text;
using EcsBridge.ControlPlane;

namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>The built ecsbridge executable as a user runs it, with standard output and standard error kept apart
/// and the exit code observed (what <see cref="Infrastructure.OperatorProcess"/> does not expose).</summary>
internal sealed class EcsBridgeCommand : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private EcsBridgeCommand(Process process)
    {
        _process = process;
    }

    /// <summary>The environment of a local-mode run that must find no cluster: the control-plane binaries, a fresh
    /// HOME (no ~/.kube/config), TMPDIR scoping the control plane's folder, no KUBECONFIG, no in-cluster variables.</summary>
    public static Dictionary<string, string?> NoClusterEnvironment(string assets, string home, string temp) => new()
    {
        ["KUBEBUILDER_ASSETS"] = assets,
        ["HOME"] = home,
        ["TMPDIR"] = temp,
        ["KUBECONFIG"] = null,
        ["KUBERNETES_SERVICE_HOST"] = null,
        ["KUBERNETES_SERVICE_PORT"] = null,
    };

    /// <summary>Starts `ecsbridge <paramref name="arguments"/>` with no ECSBRIDGE_* variables inherited, so only the
    /// arguments configure it; <paramref name="environment"/> sets (or, with a null value, removes) variables.</summary>
    public static EcsBridgeCommand Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, "ecsbridge");
        // Through env(1), which execs it with SIGINT and SIGQUIT at their defaults: Ctrl-C must reach the command as it
        // reaches one a user starts in a terminal, even when this test run was itself started in the background (a
        // non-interactive shell's `&` leaves both ignored, exec keeps that, and .NET respects an ignored SIGINT).
        var info = new ProcessStartInfo("env") { ArgumentList = { "--default-signal=INT,QUIT" } };
        if (File.Exists(apphost))
        {
            info.ArgumentList.Add(apphost);
        }
        else
        {
            info.ArgumentList.Add("dotnet");
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ecsbridge.dll"));
        }
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ECSBRIDGE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }
        var process = new Process { StartInfo = info };
        var command = new EcsBridgeCommand(process);
        process.OutputDataReceived += (_, e) => Append(command._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(command._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return command;
    }

    /// <summary>Runs to completion; a run that outlives <paramref name="timeout"/> is killed and fails the test.</summary>
    public static async Task<CommandResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var command = Start(arguments);
        return await command.WaitForExitAsync(timeout);
    }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>SIGTERM, as the kubelet sends on pod deletion.</summary>
    public void Terminate() => Signals.Terminate(_process.Id);

    /// <summary>SIGINT, as Ctrl-C in a terminal.</summary>
    public void Interrupt() => Signals.Interrupt(_process.Id);

    /// <summary>SIGKILL to the command alone (not its children), as a crash or the OOM killer would.</summary>
    public void KillAlone() => _process.Kill(entireProcessTree: false);

    public bool HasExited => _process.HasExited;

    public async Task<CommandResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            throw new TimeoutException($"ecsbridge did not exit within {timeout.TotalSeconds:0} s:\n{Result()}");
        }
        // The asynchronous readers finish after the exit; WaitForExit() without a timeout waits for them.
        _process.WaitForExit();
        return Result();
    }

    private CommandResult Result()
    {
        string stderr;
        lock (_stderr)
        {
            stderr = _stderr.ToString();
        }
        return new CommandResult { ExitCode = _process.HasExited ? _process.ExitCode : -1, Stdout = Stdout, Stderr = stderr };
    }

    private static void Append(StringBuilder sink, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (sink)
        {
            sink.Append(line).Append('\n');
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }
}
