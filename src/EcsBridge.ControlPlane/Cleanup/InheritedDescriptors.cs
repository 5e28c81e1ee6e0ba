using System.Runtime.InteropServices;

namespace EcsBridge.ControlPlane.Cleanup;

/// <summary>Keeps descriptors this process inherited (a build tool's lock file, a pipe of the shell that started
/// it) out of the processes it starts. .NET opens its own files close-on-exec, but an inherited descriptor is passed
/// on to every child — and from containerd to its shims and the pods, which outlive a crash until the next start.</summary>
internal static partial class InheritedDescriptors
{
    private const int SetDescriptorFlags = 2;
    private const int CloseOnExec = 1;
    private static int _done;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    /// <summary>Marks every descriptor above stderr close-on-exec; runs once per process.</summary>
    public static void MarkCloseOnExec()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _done, 1) != 0)
        {
            return;
        }
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                if (int.TryParse(Path.GetFileName(entry), out var fd) && fd > 2)
                {
                    _ = Fcntl(fd, SetDescriptorFlags, CloseOnExec);
                }
            }
        }
        catch (IOException)
        {
        }
    }
}
