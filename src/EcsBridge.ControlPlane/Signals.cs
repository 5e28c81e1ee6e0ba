using System.Runtime.InteropServices;

namespace EcsBridge.ControlPlane;

internal static partial class Signals
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);

    /// <summary>SIGTERM lets etcd and kube-apiserver shut down cleanly; .NET only offers SIGKILL.</summary>
    public static void Terminate(int pid) => Send(pid, SigTerm);

    /// <summary>SIGINT, what Ctrl-C in a terminal delivers.</summary>
    public static void Interrupt(int pid) => Send(pid, SigInt);

    /// <summary>SIGKILL by PID, for processes this process did not start (a crashed run's leftovers).</summary>
    public static void Kill(int pid) => Send(pid, SigKill);

    private static void Send(int pid, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        _ = NativeKill(pid, signal);
    }
}
