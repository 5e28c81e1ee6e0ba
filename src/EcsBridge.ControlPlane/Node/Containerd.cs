namespace EcsBridge.ControlPlane.Node;

/// <summary>A containerd of the node's own: private config, root, state and socket (nothing shared with a system
/// containerd), the CRI plugin running CNI, and the local images imported at start.</summary>
internal sealed class Containerd
{
    public Containerd(string nodeDirectory)
    {
        Directory = Path.Combine(nodeDirectory, "containerd");
        Socket = Path.Combine(Directory, "containerd.sock");
        CniConfigDirectory = Path.Combine(nodeDirectory, "cni", "net.d");
        IpamDirectory = Path.Combine(nodeDirectory, "cni", "ipam");
    }

    public string Directory { get; }

    public string Socket { get; }

    public string CniConfigDirectory { get; }

    public string IpamDirectory { get; }

    private string ConfigPath => Path.Combine(Directory, "config.toml");

    /// <summary>The configuration. <c>restrict_oom_score_adj</c>: without CAP_SYS_RESOURCE runc cannot set the
    /// negative scores Kubernetes asks for pod sandboxes, and every pod would fail. The sandbox image is the local
    /// pause image (the kubelet's flag is ignored with a remote runtime).</summary>
    public static string Config(string directory, string socket, string cniConfigDirectory) => $$"""
        version = 2
        root = "{{Path.Combine(directory, "root")}}"
        state = "{{Path.Combine(directory, "state")}}"
        oom_score = 0
        disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
        [grpc]
          address = "{{socket}}"
        [plugins."io.containerd.internal.v1.opt"]
          path = "{{Path.Combine(directory, "opt")}}"
        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "{{NodeLayout.PauseImage}}"
          restrict_oom_score_adj = true
          stream_server_address = "127.0.0.1"
          stream_server_port = "0"
          enable_selinux = false
          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "overlayfs"
            default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                SystemdCgroup = false
                BinaryName = "/usr/sbin/runc"
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "/usr/lib/cni"
            conf_dir = "{{cniConfigDirectory}}"
            max_conf_num = 1
        """;

    public ManagedProcess CreateProcess(string serviceCidr, string logPath, string pidFile)
    {
        System.IO.Directory.CreateDirectory(Directory);
        System.IO.Directory.CreateDirectory(CniConfigDirectory);
        System.IO.Directory.CreateDirectory(IpamDirectory);
        File.WriteAllText(ConfigPath, Config(Directory, Socket, CniConfigDirectory));
        File.WriteAllText(Path.Combine(CniConfigDirectory, "10-ecsbridge.conflist"), BridgeNetwork.CniConfig(IpamDirectory, serviceCidr));
        return new ManagedProcess("containerd", "/usr/bin/containerd", ["--config", ConfigPath], logPath) { PidFile = pidFile };
    }

    /// <summary>True once containerd answers on its socket.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        (await HostCommand.RunAsync("ctr", ["-a", Socket, "version"], cancellationToken).ConfigureAwait(false)).Succeeded;

    /// <summary>Imports a docker-archive or OCI tarball into the namespace the CRI plugin uses.</summary>
    public Task ImportAsync(string tarball, CancellationToken cancellationToken) =>
        HostCommand.OutputAsync("ctr", ["-a", Socket, "-n", "k8s.io", "images", "import", tarball], cancellationToken);
}
