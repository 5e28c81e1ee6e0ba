using EcsBridge.Benchmarks.Reporting;
using EcsBridge.ControlPlane;
using EcsBridge.Core.Build;
using EcsBridge.Hosting;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Discovery;
using EcsBridge.Kubernetes.Http;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>Starts a local control plane (etcd, kube-apiserver, kube-controller-manager), installs the CRDs the
/// operator generates, and runs the scenarios the options ask for.</summary>
internal static class ScaleRun
{
    public static async Task RunAsync(BenchOptions options, BenchReport report, string outputDirectory, TextWriter console, CancellationToken cancellationToken)
    {
        var assets = ControlPlaneAssets.Locate()
            ?? throw new InvalidOperationException("the control-plane binaries are missing: run `make envtest` (or set KUBEBUILDER_ASSETS)");
        console.WriteLine("Starting a local control plane from " + assets);
        await using var plane = await LocalControlPlane.StartAsync(new ControlPlaneOptions { AssetsDirectory = assets }, cancellationToken).ConfigureAwait(false);
        // The operator's settings: no client-side throttle (--kube-api-qps=0), the same for the baseline and the user.
        var settings = KubeClientSettings.FromKubeconfig(plane.KubeconfigPath) with { Qps = 0 };
        using var userClient = new KubeClient(settings);
        using var watchClient = new KubeClient(settings);
        await CrdInstaller.InstallAsync(userClient, cancellationToken).ConfigureAwait(false);
        var capabilities = await ClusterCapabilities.DiscoverAsync(userClient, cancellationToken).ConfigureAwait(false);
        report.Machine = report.Machine with { Kubernetes = capabilities.Version.GitVersion };
        var hpaType = capabilities.HorizontalPodAutoscalers ?? ResourceType.HorizontalPodAutoscalersV2;
        var buildOptions = new BuildOptions
        {
            HpaApiVersion = hpaType.ApiVersion,
            CircuitBreakerDeadlineSeconds = new OperatorOptions().CircuitBreakerDeadlineSeconds,
            NativeSidecars = capabilities.Version.IsAtLeast(1, 29),
        };

        await using var watcher = new ChildWatcher(watchClient, hpaType);
        await watcher.StartAsync(cancellationToken).ConfigureAwait(false);
        var context = new ScaleContext
        {
            Options = options,
            Kubeconfig = plane.KubeconfigPath,
            UserClient = userClient,
            Watcher = watcher,
            HpaType = hpaType,
            BuildOptions = buildOptions,
            LogDirectory = Path.Combine(outputDirectory, "logs"),
            Console = console,
        };
        var scenario = new Scenario(context, report);
        foreach (var size in options.Sizes)
        {
            var isProbe = size == options.ProbeSize;
            // Every size still settles before its footprint is read; only the probe size gets latency and the idle window.
            await scenario.RunAsync(new Scenario.Plan(size, Baseline: true, Latency: isProbe, QuietWindowSeconds: isProbe ? options.IdleSeconds : 0, Startup: true),
                cancellationToken).ConfigureAwait(false);
        }
        if (options.HeapCensus)
        {
            await ListProbe.RunAsync(context, report.Notes, cancellationToken).ConfigureAwait(false);
        }
        if (options.FootprintSize > 0)
        {
            await scenario.RunAsync(new Scenario.Plan(options.FootprintSize, Baseline: false, Latency: false,
                QuietWindowSeconds: Math.Min(options.IdleSeconds, 60), Startup: true), cancellationToken).ConfigureAwait(false);
        }
        report.Notes.Add($"Control plane: one etcd, kube-apiserver and kube-controller-manager ({capabilities.Version.GitVersion}) on this machine, sharing its {Environment.ProcessorCount} cores with the operator and this program; Pods stay Pending (no kubelet or scheduler).");
    }
}
