using System.Globalization;
using System.Text;

namespace EcsBridge.ControlPlane.Cleanup;

/// <summary>A process told apart from a later one that reuses its PID: the PID plus its start time (field 22 of
/// <c>/proc/PID/stat</c>, clock ticks since boot).</summary>
internal readonly record struct ProcessIdentity(int Pid, long StartTime)
{
    public static ProcessIdentity Current() =>
        new(Environment.ProcessId, ReadStartTime(Environment.ProcessId) ?? 0);

    /// <summary>True while this very process runs (not a zombie, not a newcomer with the same PID).</summary>
    public bool IsAlive => ReadStartTime(Pid) is { } start && start == StartTime;

    public string Serialize() => string.Create(CultureInfo.InvariantCulture, $"{Pid} {StartTime}\n");

    public static ProcessIdentity? Parse(string text)
    {
        var parts = text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? new ProcessIdentity(pid, start)
            : null;
    }

    /// <summary>The start time of a live process, or null when there is none (or only a zombie).</summary>
    public static long? ReadStartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (rest.Length < 20 || rest[0] == "Z" || rest[0] == "X")
        {
            return null;
        }
        return long.TryParse(rest[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
    }

    /// <summary>The command line with NULs as spaces, or null when the process is gone.</summary>
    public static string? ReadCommandLine(int pid)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
