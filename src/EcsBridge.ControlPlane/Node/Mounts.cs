using System.Runtime.InteropServices;
using System.Text;

namespace EcsBridge.ControlPlane.Node;

/// <summary>The mount table and lazy unmounts: the kubelet's bind mounts of its root folder, secret tmpfs,
/// containerd's overlay root filesystems and shm, and the network-namespace files.</summary>
internal static partial class Mounts
{
    private const int MntDetach = 2;

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Umount2(string target, int flags);

    /// <summary>Every mount point, in table order (field 5 of /proc/self/mountinfo, octal escapes decoded).</summary>
    public static IReadOnlyList<string> List()
    {
        var points = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                points.Add(Unescape(fields[4]));
            }
        }
        return points;
    }

    /// <summary>Mount points at or below <paramref name="prefix"/>.</summary>
    public static IEnumerable<string> Under(string prefix)
    {
        var trimmed = prefix.TrimEnd('/');
        return List().Where(p => p == trimmed || p.StartsWith(trimmed + "/", StringComparison.Ordinal));
    }

    /// <summary>Detaches each mount point, deepest (and latest stacked) first, until none is left.</summary>
    public static void DetachAll(IEnumerable<string> points)
    {
        var wanted = points.ToHashSet(StringComparer.Ordinal);
        // A point mounted twice (the kubelet's rshared self bind) needs one detach per layer.
        for (var round = 0; round < 5; round++)
        {
            var present = List().Where(wanted.Contains).Reverse().OrderByDescending(p => p.Length).ToList();
            if (present.Count == 0)
            {
                return;
            }
            foreach (var point in present)
            {
                _ = Umount2(point, MntDetach);
            }
        }
    }

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }
        var text = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }
}
