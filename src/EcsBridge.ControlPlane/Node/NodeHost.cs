using System.Diagnostics;
using EcsBridge.ControlPlane.Cleanup;

namespace EcsBridge.ControlPlane.Node;

/// <summary>A real Kubernetes node on this machine, beside the local control plane: kube-scheduler, containerd
/// with the CNI bridge, a kubelet and kube-proxy. <see cref="ClaimAsync"/> records the host baseline and creates the
/// bridge (before kube-apiserver starts: it advertises the bridge address); <see cref="StartAsync"/> starts the
/// processes; <see cref="StopAsync"/> stops them and puts the host back as it was. A crashed owner's node is undone
/// by the next start (<see cref="UndoStaleAsync"/>).</summary>
internal sealed class NodeHost
{
    private static readonly string[] ProcessNames = ["kube-proxy", "kubelet", "containerd", "kube-scheduler"];

    private readonly NodeClaim _claim;
    private readonly string _assets;
    private readonly string _nodeDirectory;
    private readonly Containerd _containerd;
    private readonly List<ManagedProcess> _processes = [];
    private int _stopped;

    private NodeHost(NodeClaim claim, string assets)
    {
        _claim = claim;
        _assets = assets;
        _nodeDirectory = NodeDirectory(claim.ControlPlaneDirectory);
        _containerd = new Containerd(_nodeDirectory);
    }

    /// <summary>The node's folder inside the control plane's; its presence also tells the watchdog to leave the
    /// folder for the next start, which undoes the node's host changes.</summary>
    public static string NodeDirectory(string controlPlaneDirectory) => Path.Combine(controlPlaneDirectory, "node");

    /// <summary>Takes the host's node for this control plane, or says why it cannot.</summary>
    public static async Task<(NodeHost? Host, string? Reason)> ClaimAsync(string assets, string controlPlaneDirectory, string serviceCidr, CancellationToken cancellationToken)
    {
        if (NodeSupport.WhyNot(assets) is { } reason)
        {
            return (null, reason);
        }
        await UndoStaleAsync(cancellationToken).ConfigureAwait(false);
        if (NodeClaim.Read() is { } other)
        {
            return (null, $"a node of another run (pid {other.Owner.Pid}, {other.ControlPlaneDirectory}) already runs on this host");
        }
        if (BridgeNetwork.Exists())
        {
            return (null, $"the host already has a link named {NodeLayout.Bridge}");
        }
        var claim = new NodeClaim(ProcessIdentity.Current(), controlPlaneDirectory, await HostBaseline.RecordAsync(cancellationToken).ConfigureAwait(false));
        Directory.CreateDirectory(NodeDirectory(controlPlaneDirectory));
        claim.Write();
        var host = new NodeHost(claim, assets);
        try
        {
            await BridgeNetwork.CreateAsync(serviceCidr, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return (host, null);
    }

    /// <summary>Starts the node's processes and waits until the node is Ready and kube-proxy has synced.</summary>
    public async Task StartAsync(NodeStartContext context, CancellationToken cancellationToken)
    {
        var logs = Path.Combine(_claim.ControlPlaneDirectory, "logs");

        var scheduler = Add(new ManagedProcess("kube-scheduler", Path.Combine(_assets, "kube-scheduler"),
            Scheduler.Arguments(context.WriteKubeconfig("system:kube-scheduler", [])), Path.Combine(logs, "kube-scheduler.log"))
        {
            RestartOnExit = true,
            PidFile = context.PidFile("kube-scheduler"),
        });
        scheduler.Start();

        var containerd = Add(_containerd.CreateProcess(context.ServiceCidr, Path.Combine(logs, "containerd.log"), context.PidFile("containerd")));
        containerd.Start();
        await context.WaitUntil(containerd, _containerd.IsReadyAsync, cancellationToken).ConfigureAwait(false);
        foreach (var image in Directory.EnumerateFiles(NodeLayout.ImagesDirectory(_assets), "*.tar").Order(StringComparer.Ordinal))
        {
            await _containerd.ImportAsync(image, cancellationToken).ConfigureAwait(false);
        }

        var kubeletRoot = Path.Combine(_nodeDirectory, "kubelet");
        Directory.CreateDirectory(kubeletRoot);
        var kubelet = Add(new ManagedProcess("kubelet", Path.Combine(_assets, "kubelet"),
            Kubelet.Arguments(context.WriteKubeconfig("system:node:" + NodeLayout.NodeName, ["system:nodes"]), kubeletRoot, _containerd.Socket,
                NodeSupport.MaxOpenFiles(), FreePort.Next()),
            Path.Combine(logs, "kubelet.log"))
        {
            PidFile = context.PidFile("kubelet"),
        });
        kubelet.Start();
        await context.WaitUntil(kubelet, context.NodeReady, cancellationToken).ConfigureAwait(false);

        var proxyHealthPort = FreePort.Next();
        var proxy = Add(new ManagedProcess("kube-proxy", Path.Combine(_assets, "kube-proxy"),
            KubeProxy.Arguments(context.WriteKubeconfig("system:kube-proxy", []), proxyHealthPort, FreePort.Next()),
            Path.Combine(logs, "kube-proxy.log"))
        {
            PidFile = context.PidFile("kube-proxy"),
        });
        proxy.Start();
        using var plain = new HttpClient();
        var healthz = new Uri($"http://127.0.0.1:{proxyHealthPort}/healthz");
        await context.WaitUntil(proxy, async ct =>
        {
            using var response = await plain.GetAsync(healthz, ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }, cancellationToken).ConfigureAwait(false);
    }

    public string ContainerdSocket => _containerd.Socket;

    /// <summary>Imports one more image tarball into the running node's containerd.</summary>
    public Task ImportImageAsync(string tarball, CancellationToken cancellationToken) => _containerd.ImportAsync(tarball, cancellationToken);

    private ManagedProcess Add(ManagedProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>Stops the node's processes but leaves the host changes (the bridge among them) for
    /// <see cref="StopAsync"/>: kube-apiserver listens on the bridge address and must stop before it goes, or its
    /// shutdown waits on connections to an address that is gone. Idempotent.</summary>
    public async Task StopProcessesAsync()
    {
        // kube-proxy and the kubelet first, so nothing restarts the pods being removed; then containerd.
        foreach (var name in ProcessNames)
        {
            if (_processes.Find(p => p.Name == name) is { } process)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops the node and undoes its host changes. Idempotent.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        await StopProcessesAsync().ConfigureAwait(false);
        await UndoAsync(_claim, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Undoes the node of a run that died without stopping it.</summary>
    public static async Task UndoStaleAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess && NodeClaim.Read() is { Owner.IsAlive: false } stale)
        {
            await UndoAsync(stale, cancellationToken).ConfigureAwait(false);
            // Its folder may sit under another temp root than this start's; with the mounts gone it can go too.
            var folder = stale.ControlPlaneDirectory;
            if (Directory.Exists(folder) && !Mounts.Under(folder).Any())
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The stale-folder sweep of a later start tries again.
                }
            }
        }
    }

    /// <summary>Stops whatever of the node still runs and puts the host back: pods' processes, containerd's shims,
    /// mounts, network namespaces, the bridge and its route, iptables chains, sysctls, cgroups, host folders.</summary>
    private static async Task UndoAsync(NodeClaim claim, CancellationToken cancellationToken)
    {
        var folder = claim.ControlPlaneDirectory;
        var victims = new List<int>();
        foreach (var name in ProcessNames)
        {
            var pidFile = Path.Combine(folder, StaleControlPlanes.PidDirectory, name + ".pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && StaleControlPlanes.Names(pid, folder))
            {
                victims.Add(pid);
            }
        }
        // The pods' processes (only in kubepods cgroups the node created) and the shims of our containerd, whose
        // command line names our socket.
        foreach (var cgroup in HostBaseline.ListKubepodsCgroups().Where(c => !claim.Baseline.KubepodsCgroups.Contains(c)))
        {
            victims.AddRange(HostBaseline.ProcessesIn(cgroup));
        }
        victims.AddRange(StaleControlPlanes.ProcessesNaming(NodeDirectory(folder)));
        victims = victims.Where(p => p != Environment.ProcessId).Distinct().ToList();
        foreach (var pid in victims)
        {
            Signals.Kill(pid);
        }
        var watch = Stopwatch.StartNew();
        while (victims.Exists(p => ProcessIdentity.ReadStartTime(p) is not null) && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        var mounts = Mounts.Under(folder).ToList();
        foreach (var directory in new[] { "/run/containerd", "/var/lib/kubelet", "/run/netns" }.Where(d => !claim.Baseline.ExistingDirectories.Contains(d)))
        {
            mounts.AddRange(Mounts.Under(directory));
        }
        mounts.AddRange(Mounts.List().Where(p => p.StartsWith("/run/netns/", StringComparison.Ordinal)
                                                 && !claim.Baseline.NetworkNamespaces.Contains(p["/run/netns/".Length..])));
        Mounts.DetachAll(mounts);

        await BridgeNetwork.RemoveAsync(cancellationToken).ConfigureAwait(false);
        await claim.Baseline.RestoreAsync(cancellationToken).ConfigureAwait(false);
        NodeClaim.Release();
    }
}

/// <summary>What the node needs from its control plane.</summary>
internal sealed record NodeStartContext
{
    public required string ServiceCidr { get; init; }

    /// <summary>Writes a kubeconfig for a client certificate with this CN and these groups; returns its path.</summary>
    public required Func<string, string[], string> WriteKubeconfig { get; init; }

    public required Func<string, string> PidFile { get; init; }

    public required Func<ManagedProcess, Func<CancellationToken, Task<bool>>, CancellationToken, Task> WaitUntil { get; init; }

    public required Func<CancellationToken, Task<bool>> NodeReady { get; init; }
}
