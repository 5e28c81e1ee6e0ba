using System.Globalization;

namespace EcsBridge.ControlPlane.Cleanup;

/// <summary>What a crashed owner left behind: <c>ecsbridge-cp-*</c> folders whose owner process is gone. Found at
/// the next start; their recorded processes are stopped, a node's host changes undone, and the folder removed.
/// Folders of live owners (other runs, other test processes) are never touched.</summary>
internal static class StaleControlPlanes
{
    public const string Prefix = "ecsbridge-cp-";
    public const string OwnerFile = "owner";
    public const string PidDirectory = "pids";

    /// <summary>A folder with no readable owner record (an older version's, or one cut short) counts as stale only when nothing runs
    /// from it and it has been left alone this long.</summary>
    private static readonly TimeSpan UnownedGrace = TimeSpan.FromMinutes(2);

    /// <summary>Removes every stale folder under <paramref name="root"/> and returns the ones removed.</summary>
    public static async Task<IReadOnlyList<string>> RemoveAsync(string root, Func<string, CancellationToken, Task>? undoNode, TimeProvider time, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        if (!Directory.Exists(root))
        {
            return removed;
        }
        foreach (var directory in Directory.EnumerateDirectories(root, Prefix + "*"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A crashed node's mounts are undone first (NodeHost.UndoStaleAsync); until then the folder stays.
            if (!IsStale(directory, time) || Node.Mounts.Under(directory).Any())
            {
                continue;
            }
            await StopRecordedProcessesAsync(directory, cancellationToken).ConfigureAwait(false);
            if (undoNode is not null && File.Exists(Path.Combine(directory, "node")))
            {
                await undoNode(directory, cancellationToken).ConfigureAwait(false);
            }
            try
            {
                Directory.Delete(directory, recursive: true);
                removed.Add(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another start removes it at the same moment, or a mount is still busy; the next start tries again.
            }
        }
        return removed;
    }

    private static bool IsStale(string directory, TimeProvider time)
    {
        var ownerPath = Path.Combine(directory, OwnerFile);
        try
        {
            if (File.Exists(ownerPath) && ProcessIdentity.Parse(File.ReadAllText(ownerPath)) is { } owner)
            {
                return !owner.IsAlive;
            }
            var quietFor = time.GetUtcNow().UtcDateTime - Directory.GetLastWriteTimeUtc(directory);
            return quietFor > UnownedGrace && ProcessesNaming(directory).Count == 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM to each recorded process still running from the folder, up to 5 s, then SIGKILL.</summary>
    private static async Task StopRecordedProcessesAsync(string directory, CancellationToken cancellationToken)
    {
        var pids = new List<int>();
        var pidDirectory = Path.Combine(directory, PidDirectory);
        if (Directory.Exists(pidDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(pidDirectory, "*.pid"))
            {
                if (int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && Names(pid, directory))
                {
                    pids.Add(pid);
                }
            }
        }
        foreach (var pid in pids)
        {
            Signals.Terminate(pid);
        }
        for (var i = 0; i < 50 && pids.Exists(p => Names(p, directory)); i++)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        foreach (var pid in pids.Where(p => Names(p, directory)))
        {
            Signals.Kill(pid);
        }
    }

    /// <summary>True while <paramref name="pid"/> runs with the folder on its command line.</summary>
    public static bool Names(int pid, string directory) =>
        ProcessIdentity.ReadCommandLine(pid)?.Contains(directory, StringComparison.Ordinal) == true;

    /// <summary>Every process whose command line names the folder.</summary>
    public static List<int> ProcessesNaming(string directory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId
                && Names(pid, directory))
            {
                found.Add(pid);
            }
        }
        return found;
    }
}
