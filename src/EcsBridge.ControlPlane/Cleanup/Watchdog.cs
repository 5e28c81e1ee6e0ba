using System.Diagnostics;
using System.Globalization;

namespace EcsBridge.ControlPlane.Cleanup;

/// <summary>A small shell process, in a session of its own, that outlives a <c>kill -9</c> of the process owning a
/// control plane: it polls the owner once a second and, once the owner is gone (or its PID now names another
/// process), stops the processes recorded in the folder's <c>pids/</c> and removes the folder. A folder marked as
/// holding a node (<c>node</c>) is kept: undoing a node's host changes needs the next start's code, which finds the
/// folder through its dead owner (<see cref="StaleControlPlanes"/>).
/// PR_SET_PDEATHSIG is no option: it fires when the parent <em>thread</em> exits, and .NET starts children from
/// thread-pool threads that come and go.</summary>
internal sealed class Watchdog : IAsyncDisposable
{
    // $1 owner PID, $2 its start time, $3 the folder. A PID is only signalled while its command line still names
    // the folder, so a recycled PID is never hit.
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        owner=$1; start=$2; dir=$3
        alive() { s=$(sed 's/.*) //' /proc/$owner/stat 2>/dev/null) || return 1; set -- $s; [ "$1" != Z ] && [ "${20}" = "$start" ]; }
        ours() { case "$(tr '\0' ' ' < /proc/$1/cmdline 2>/dev/null)" in *"$dir"*) return 0;; esac; return 1; }
        while [ -d "$dir" ] && alive; do sleep 1; done
        [ -d "$dir" ] || exit 0
        pids=""
        for f in "$dir"/pids/*.pid; do [ -f "$f" ] || continue; p=$(cat "$f"); ours "$p" && pids="$pids $p"; done
        [ -n "$pids" ] && kill -TERM $pids
        left=$pids; i=0
        while [ -n "$left" ] && [ $i -lt 50 ]; do
          sleep 0.1; i=$((i+1)); now=""
          for p in $left; do ours "$p" && now="$now $p"; done
          left=$now
        done
        [ -n "$left" ] && kill -KILL $left
        [ -e "$dir/node" ] || rm -rf "$dir"
        """;

    private readonly Process _process;

    private Watchdog(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public static Watchdog Start(string directory, ProcessIdentity owner)
    {
        InheritedDescriptors.MarkCloseOnExec();
        // setsid: a Ctrl-C to the terminal's process group must not take the watchdog down with its owner.
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "sh", "-c", Script, "ecsbridge-watchdog",
                     owner.Pid.ToString(CultureInfo.InvariantCulture),
                     owner.StartTime.ToString(CultureInfo.InvariantCulture),
                     directory,
                 })
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new ControlPlaneStartException("cannot start the control plane's watchdog (setsid sh)");
        return new Watchdog(process);
    }

    /// <summary>Ends the watchdog after an orderly stop (the owner cleaned up itself).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Signals.Kill(_process.Id);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }
        _process.Dispose();
    }
}
