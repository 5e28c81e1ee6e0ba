namespace EcsBridge.ControlPlane.Node;

/// <summary>Whether this host can run the local node, and if not, exactly why (one line).</summary>
internal static class NodeSupport
{
    public static string? WhyNot(string assets)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "a node needs Linux";
        }
        if (!Environment.IsPrivilegedProcess)
        {
            return "a node needs root (bridges, iptables, cgroups, mounts)";
        }
        if (!Directory.Exists("/sys/fs/cgroup/memory") || !Directory.Exists("/sys/fs/cgroup/cpu"))
        {
            return "a node needs the cgroup v1 memory and cpu controllers under /sys/fs/cgroup (Kubernetes 1.20's kubelet)";
        }
        foreach (var binary in NodeLayout.AssetBinaries)
        {
            if (!File.Exists(Path.Combine(assets, binary)))
            {
                return $"{binary} is missing from {assets}; run tests/envtest/node-setup.sh";
            }
        }
        foreach (var binary in NodeLayout.HostBinaries)
        {
            if (!File.Exists(binary))
            {
                return $"{binary} is missing; run tests/envtest/node-setup.sh (containerd, runc, containernetworking-plugins)";
            }
        }
        foreach (var tool in new[] { "/usr/sbin/ip", "/usr/sbin/iptables-save", "/usr/sbin/iptables-restore", "/usr/sbin/conntrack" })
        {
            if (!File.Exists(tool))
            {
                return $"{tool} is missing; run tests/envtest/node-setup.sh (iproute2, iptables, conntrack)";
            }
        }
        if (!File.Exists(Path.Combine(NodeLayout.ImagesDirectory(assets), "pause.tar")))
        {
            return $"the pause image is missing from {NodeLayout.ImagesDirectory(assets)}; run tests/envtest/node-setup.sh";
        }
        return null;
    }

    /// <summary>The hard limit on open files (the kubelet must not ask for more).</summary>
    public static long MaxOpenFiles()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 2 && long.TryParse(fields[1], out var hard))
                {
                    return hard;
                }
            }
        }
        return 1 << 20;
    }
}
