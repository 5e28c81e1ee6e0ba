using EcsBridge.ControlPlane;

namespace EcsBridge.Hosting;

/// <summary>The embedded default for `ecsbridge run` when no cluster is configured: a real local control plane.</summary>
internal static class LocalCluster
{
    public static async Task<LocalControlPlane> StartAsync(TextWriter output, bool node, CancellationToken cancellationToken)
    {
        var assets = ControlPlaneAssets.Locate()
            ?? throw new ControlPlaneStartException(
                "no cluster is configured and the local control-plane binaries are missing; run `make envtest` " +
                "(or set KUBEBUILDER_ASSETS), or point --kubeconfig/KUBECONFIG at a cluster");
        output.WriteLine($"ecsbridge: no cluster configured; starting a local control plane from {assets}");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var plane = await LocalControlPlane.StartAsync(new ControlPlaneOptions { AssetsDirectory = assets, StartNode = node }, cancellationToken).ConfigureAwait(false);
        foreach (var stale in plane.RemovedStaleFolders)
        {
            output.WriteLine($"ecsbridge: removed {stale}, left by a run that did not stop cleanly");
        }
        output.WriteLine($"ecsbridge: local control plane ready at {plane.ApiServerUrl}");
        if (plane.HasNode)
        {
            output.WriteLine($"ecsbridge: node {LocalControlPlane.NodeName} Ready ({started.Elapsed.TotalSeconds:0.0} s); images ecsbridge.local/busybox:1 and ecsbridge.local/pause:3.4 loaded");
        }
        else if (plane.NodeUnavailableReason is { } reason)
        {
            output.WriteLine($"ecsbridge: no local node: {reason}; pods stay Pending");
        }
        output.WriteLine($"ecsbridge: kubeconfig: {plane.KubeconfigPath}");
        output.WriteLine($"ecsbridge:   kubectl --kubeconfig {plane.KubeconfigPath} get ns");
        return plane;
    }
}
