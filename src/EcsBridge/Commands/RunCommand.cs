using System.CommandLine;
using System.Runtime.InteropServices;
using EcsBridge.ControlPlane;
using EcsBridge.Hosting;

namespace EcsBridge.Commands;

/// <summary>`ecsbridge run`: the operator. With no cluster configured it starts a local control plane first.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster)." };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context to use." };
        var local = new Option<bool>("--local") { Description = "Start a local control plane even when a cluster is configured." };
        var command = new Command("run", "Run the operator (the default verb).") { kubeconfig, context, local };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // SIGTERM (kubelet, systemd) and Ctrl-C both end the run gracefully.
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });

            LocalControlPlane? plane = null;
            try
            {
                var kubeconfigPath = parse.GetValue(kubeconfig);
                if (parse.GetValue(local) || !ClusterSelection.IsClusterConfigured(kubeconfigPath))
                {
                    plane = await LocalCluster.StartAsync(Console.Out, stop.Token).ConfigureAwait(false);
                    kubeconfigPath = plane.KubeconfigPath;
                }
                Console.Out.WriteLine("ecsbridge: the operator is not built yet; the control plane stays up until Ctrl-C");
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            catch (ControlPlaneStartException ex)
            {
                Console.Error.WriteLine("ecsbridge: " + ex.Message);
                return ExitCodes.Failure;
            }
            finally
            {
                if (plane is not null)
                {
                    Console.Out.WriteLine("ecsbridge: stopping the local control plane");
                    await plane.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
        return command;
    }
}
