using System.Diagnostics;
using EcsBridge.Benchmarks.Reporting;
using EcsBridge.Benchmarks.Scale;
using EcsBridge.ControlPlane;
using EcsBridge.Core.Build;
using EcsBridge.Hosting;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Discovery;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Benchmarks.RealTasks;

/// <summary>
/// Ladder rung 5: a control plane of its own with a real node. First the same Deployments and Services the operator
/// would create, pre-rendered and applied directly (the direct run); once those pods are gone, the operator takes
/// the task definitions and services and creates them itself. Both are timed from their first apply to the moment
/// every Deployment reports all its tasks Ready (seen by watch); the operator's added time is the ratio.
/// </summary>
internal static class RealTaskRun
{
    public static async Task RunAsync(BenchOptions options, BenchReport report, string outputDirectory, TextWriter console, CancellationToken cancellationToken)
    {
        var services = options.RealTaskServices;
        var assets = ControlPlaneAssets.Locate()
            ?? throw new InvalidOperationException("the control-plane binaries are missing: run `make envtest` (or set KUBEBUILDER_ASSETS)");
        Say(console, $"real tasks: starting a control plane with a node from {assets}");
        await using var plane = await LocalControlPlane.StartAsync(new ControlPlaneOptions { AssetsDirectory = assets, StartNode = true }, cancellationToken)
            .ConfigureAwait(false);
        if (!plane.HasNode)
        {
            // Never a silent pass: the rung is reported as not run, with the reason, and the run fails.
            throw new InvalidOperationException("the real-task rung needs a node: " + plane.NodeUnavailableReason);
        }
        var settings = KubeClientSettings.FromKubeconfig(plane.KubeconfigPath) with { Qps = 0 };
        using var client = new KubeClient(settings);
        using var watchClient = new KubeClient(settings);
        await CrdInstaller.InstallAsync(client, cancellationToken).ConfigureAwait(false);
        var capabilities = await ClusterCapabilities.DiscoverAsync(client, cancellationToken).ConfigureAwait(false);
        var hpaType = capabilities.HorizontalPodAutoscalers ?? ResourceType.HorizontalPodAutoscalersV2;
        var buildOptions = new BuildOptions
        {
            HpaApiVersion = hpaType.ApiVersion,
            CircuitBreakerDeadlineSeconds = new OperatorOptions().CircuitBreakerDeadlineSeconds,
            NativeSidecars = capabilities.Version.IsAtLeast(1, 29),
        };
        await using var watcher = new ChildWatcher(watchClient, hpaType);
        await watcher.StartAsync(cancellationToken).ConfigureAwait(false);
        var timeout = TimeSpan.FromSeconds(Math.Max(300, services * 6));
        const int tasks = TaskWorkload.TasksPerService;

        // The direct run.
        const string directNs = "tasks-direct";
        await CreateNamespaceAsync(client, directNs, cancellationToken).ConfigureAwait(false);
        var direct = TaskWorkload.Create(directNs, services);
        var directChildren = direct.Select(s => ExpectedChildren.For(s, buildOptions, hpaType)).ToList();
        Say(console, $"real tasks: applying {directChildren.Sum(c => c.Count):N0} pre-rendered children of {services:N0} services ({services * tasks:N0} tasks)");
        var directReady = WaitAllReady(watcher, directChildren.SelectMany(c => c), tasks);
        var directCreated = watcher.ExpectAsync([.. directChildren.SelectMany(c => c)]);
        var directStarted = Stopwatch.GetTimestamp();
        var apply = new ApplyOptions { FieldManager = "ecsbridge", Force = true };
        await Parallel.ForEachAsync(directChildren, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (owned, ct) =>
            {
                foreach (var child in owned)
                {
                    await client.ApplyAsync(child.Type, child.Namespace, child.Name, child.Body, KubeJsonContext.Default.JsonObject, apply,
                        cancellationToken: ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        var directApplied = Stopwatch.GetTimestamp();
        var directDone = await WaitAsync(directReady, timeout, "the direct run's tasks", cancellationToken).ConfigureAwait(false);
        var directSeconds = ScaleContext.Seconds(directStarted, directDone);
        Say(console, $"real tasks: direct run ready after {directSeconds:0.00} s (applies answered after {ScaleContext.Seconds(directStarted, directApplied):0.00} s)");

        // The node's capacity goes to the operator's run: the direct run's pods must be gone first.
        await client.DeleteAsync(ResourceType.Namespaces, null, directNs, cancellationToken: cancellationToken).ConfigureAwait(false);
        await WaitNoPodsAsync(client, directNs, TimeSpan.FromMinutes(5), console, cancellationToken).ConfigureAwait(false);

        // The operator's run.
        const string operatorNs = "tasks-operator";
        await CreateNamespaceAsync(client, operatorNs, cancellationToken).ConfigureAwait(false);
        var cases = TaskWorkload.Create(operatorNs, services);
        var children = cases.SelectMany(s => ExpectedChildren.For(s, buildOptions, hpaType)).ToList();
        await using var op = OperatorUnderTest.Start(plane.KubeconfigPath, [operatorNs], options.Concurrency, Path.Combine(outputDirectory, "logs"), "operator-real-tasks");
        await op.WaitReadyAsync(TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
        Say(console, $"real tasks: the operator (pid {op.ProcessId}) takes {services:N0} task definitions and services");
        var operatorReady = WaitAllReady(watcher, children, tasks);
        var operatorCreated = watcher.ExpectAsync(children);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            (service, ct) => new ValueTask(Probes.ApplyAsUserAsync(client, service, ct))).ConfigureAwait(false);
        var userApplied = Stopwatch.GetTimestamp();
        var operatorDone = await WaitAsync(operatorReady, timeout, "the operator's tasks" + Environment.NewLine + op.Tail(20), cancellationToken).ConfigureAwait(false);
        var operatorSeconds = ScaleContext.Seconds(started, operatorDone);
        Say(console, $"real tasks: operator run ready after {operatorSeconds:0.00} s (user applies answered after {ScaleContext.Seconds(started, userApplied):0.00} s); ratio {operatorSeconds / directSeconds:0.00}");
        await op.StopAsync().ConfigureAwait(false);

        report.RealTasks = new RealTaskResult
        {
            Services = services,
            TasksPerService = tasks,
            OperatorSeconds = operatorSeconds,
            OperatorApplySeconds = ScaleContext.Seconds(started, userApplied),
            BaselineSeconds = directSeconds,
            BaselineApplySeconds = ScaleContext.Seconds(directStarted, directApplied),
            // Both completed before every task was Ready: the last child appears before its pods can run.
            BaselineChildrenSeconds = ScaleContext.Seconds(directStarted, await directCreated.ConfigureAwait(false)),
            OperatorChildrenSeconds = ScaleContext.Seconds(started, await operatorCreated.ConfigureAwait(false)),
            Ratio = operatorSeconds / directSeconds,
        };
        report.Notes.Add($"Real tasks: one node on this machine (kubelet, containerd, kube-proxy, kube-scheduler beside the control plane), busybox httpd tasks; "
            + "the direct run applies the operator's own pre-rendered Deployments and Services, so both runs ask the node for the same pods.");
    }

    /// <summary>Completes with the timestamp at which the last Deployment among <paramref name="children"/> reported
    /// <paramref name="tasks"/> updated, Ready tasks for its current generation.</summary>
    private static Task<long[]> WaitAllReady(ChildWatcher watcher, IEnumerable<DesiredChild> children, int tasks) =>
        Task.WhenAll(children.Where(c => c.Type == ResourceType.Deployments).Select(c => watcher.WaitForDeploymentAsync(c.Namespace, c.Name,
            d => d.Status is { } s && s.ObservedGeneration == d.Metadata.Generation && s.UpdatedReplicas == tasks && s.ReadyReplicas == tasks)));

    private static async Task<long> WaitAsync(Task<long[]> all, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        try
        {
            return (await all.WaitAsync(timeout, cancellationToken).ConfigureAwait(false)).Max();
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"not every task was Ready within {timeout.TotalSeconds:0} s: {what}");
        }
    }

    private static Task CreateNamespaceAsync(KubeClient client, string ns, CancellationToken cancellationToken) =>
        client.CreateAsync(ResourceType.Namespaces, null, new KubeObject { ApiVersion = "v1", Kind = "Namespace", Metadata = new ObjectMeta { Name = ns } },
            KubeJsonContext.Default.KubeObject, cancellationToken: cancellationToken);

    private static async Task WaitNoPodsAsync(KubeClient client, string ns, TimeSpan timeout, TextWriter console, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var forced = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var pods = await client.ListAsync(ResourceType.Pods, ns, WorkloadsJsonContext.Default.Pod, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var pod in pods.Items.Where(p => forced.Add(p.Metadata.Name!)))
            {
                // httpd as PID 1 ignores SIGTERM: do not wait out its grace period, the run is over.
                await client.DeleteIfExistsAsync(ResourceType.Pods, ns, pod.Metadata.Name!, new DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken)
                    .ConfigureAwait(false);
            }
            if (pods.Items.Count == 0)
            {
                Say(console, $"real tasks: the direct run's pods are gone after {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s");
                return;
            }
            if (Stopwatch.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException($"{pods.Items.Count} pods of {ns} still exist after {timeout.TotalSeconds:0} s");
            }
            // Not a measurement: only waiting for the node to be free again.
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Say(TextWriter console, string message) =>
        console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
