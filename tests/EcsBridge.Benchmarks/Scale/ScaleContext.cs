using System.Diagnostics;
using System.Globalization;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Http;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>What every scenario of one run shares: the control plane's admin kubeconfig, a client for the "user"
/// writes, the watcher, the cluster's HPA type and the build options the operator will use.</summary>
internal sealed record ScaleContext
{
    public required BenchOptions Options { get; init; }

    public required string Kubeconfig { get; init; }

    public required KubeClient UserClient { get; init; }

    public required ChildWatcher Watcher { get; init; }

    public required ResourceType HpaType { get; init; }

    public required BuildOptions BuildOptions { get; init; }

    public required string LogDirectory { get; init; }

    public required TextWriter Console { get; init; }

    public void Say(string message) =>
        Console.WriteLine($"[{DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {message}");

    public static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;
}
