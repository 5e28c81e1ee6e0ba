using System.Diagnostics;
using EcsBridge.Benchmarks.Reporting;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>
/// One service count: the raw server-side-apply baseline in its own namespaces, then the operator (a fresh process
/// watching only its namespaces) converging the same services, then — as asked — change latency and the quiet
/// window, footprint, and a restart on the warm API for start-up.
/// </summary>
internal sealed class Scenario(ScaleContext context, BenchReport report)
{
    private const double MiB = 1024 * 1024;

    public sealed record Plan(int Services, bool Baseline, bool Latency, int QuietWindowSeconds, bool Startup);

    public async Task RunAsync(Plan plan, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var size = plan.Services;
        var namespaceCount = options.NamespacesFor(size);
        var run = Guid.NewGuid().ToString("N")[..4];
        var opNamespaces = Enumerable.Range(0, namespaceCount).Select(i => $"op-{size}-{run}-{i}").ToList();
        var baseNamespaces = Enumerable.Range(0, namespaceCount).Select(i => $"base-{size}-{run}-{i}").ToList();
        foreach (var ns in plan.Baseline ? opNamespaces.Concat(baseNamespaces) : opNamespaces)
        {
            await context.UserClient.CreateAsync(ResourceType.Namespaces, null,
                new KubeObject { ApiVersion = "v1", Kind = "Namespace", Metadata = new ObjectMeta { Name = ns } },
                KubeJsonContext.Default.KubeObject, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        context.Say($"== {size:N0} services over {namespaceCount} namespace(s), concurrency {options.Concurrency}");
        var timeout = TimeSpan.FromSeconds(Math.Clamp(size * 0.5, 180, 1500));

        double? baselineSeconds = null, baselineApplySeconds = null;
        if (plan.Baseline)
        {
            (baselineSeconds, baselineApplySeconds) = await BaselineAsync(Workload.Create(baseNamespaces, size), timeout, cancellationToken).ConfigureAwait(false);
        }

        var services = Workload.Create(opNamespaces, size);
        var children = ExpectedChildren.For(services, context.BuildOptions, context.HpaType);
        await using var op = OperatorUnderTest.Start(context.Kubeconfig, opNamespaces, options.Concurrency, context.LogDirectory, $"operator-{size}-{run}");
        await op.WaitReadyAsync(TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
        var idleMemory = op.Memory();
        var idleHeap = options.HeapCensus ? TakeCensus(op, "idle, caches synced with 0 services") : null;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = op.SampleAsync(TimeSpan.FromSeconds(1), sampling.Token);
        var before = await op.RequestsAsync(cancellationToken).ConfigureAwait(false);

        context.Say($"operator (pid {op.ProcessId}): applying {size:N0} task definitions and services as a user");
        var seen = context.Watcher.ExpectAsync(children);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(services, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            (service, ct) => new ValueTask(Probes.ApplyAsUserAsync(context.UserClient, service, ct))).ConfigureAwait(false);
        var userDone = Stopwatch.GetTimestamp();
        var convergedAt = await WaitWithProgressAsync(seen, children.Count, timeout, cancellationToken).ConfigureAwait(false);
        var operatorSeconds = ScaleContext.Seconds(started, convergedAt);
        var requests = PrometheusText.Delta(before, await op.RequestsAsync(cancellationToken).ConfigureAwait(false));
        context.Say($"operator converged in {operatorSeconds:0.00} s (user apply {ScaleContext.Seconds(started, userDone):0.00} s); requests: {string.Join(", ", requests.Select(p => p.Key + " " + p.Value))}");
        // Issue 17's ladder, 1 (a) and (b): the operator's tail after the user's last apply against raw SSA of the same
        // children, and its writes against the minimum (children, one revision and one status per task definition, one
        // status per service; Events are counted in the writes, not in the minimum).
        var tailSeconds = ScaleContext.Seconds(userDone, convergedAt);
        var writes = PrometheusText.Writes(requests);
        var minimumWrites = children.Count + 3 * size;
        context.Say($"ladder: tail {tailSeconds:0.00} s after the last user apply"
            + (baselineSeconds is { } rawSeconds ? $" vs raw SSA {rawSeconds:0.00} s (tail ratio {tailSeconds / rawSeconds:0.00})" : "")
            + $"; writes {writes:N0} vs minimum {minimumWrites:N0} ({writes / (double)minimumWrites:0.00} x)");
        report.Convergence.Add(new ConvergenceResult
        {
            Services = size,
            Namespaces = namespaceCount,
            Children = children.Count,
            Concurrency = options.Concurrency,
            OperatorSeconds = operatorSeconds,
            UserApplySeconds = ScaleContext.Seconds(started, userDone),
            BaselineSeconds = baselineSeconds,
            BaselineApplySeconds = baselineApplySeconds,
            Ratio = baselineSeconds is { } b ? operatorSeconds / b : null,
            OperatorRequests = requests,
            ChildrenPerSecond = children.Count / operatorSeconds,
            TailSeconds = tailSeconds,
            TailRatio = baselineSeconds is { } raw ? tailSeconds / raw : null,
            Writes = writes,
            MinimumWrites = minimumWrites,
        });

        var imageChanges = 0;
        if (plan.Latency)
        {
            context.Say($"latency: {options.LatencySamples} changes, one at a time, with {size:N0} services idle around them");
            await Probes.SettleAsync(op, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
            (report.Latency, imageChanges) = await Probes.LatencyAsync(context, services, options.LatencySamples, cancellationToken).ConfigureAwait(false);
            context.Say($"latency p50 {report.Latency.P50Ms:0.0} ms, p99 {report.Latency.P99Ms:0.0} ms, max {report.Latency.MaxMs:0.0} ms ({report.Latency.TimedOut} timed out)");
        }

        var settle = await Probes.SettleAsync(op, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(180), cancellationToken).ConfigureAwait(false);
        context.Say($"settled after {settle:0} s (no operator write for 20 s, or the 180 s cap)");
        if (plan.QuietWindowSeconds > 0)
        {
            context.Say($"quiet: counting operator requests over an idle window of {plan.QuietWindowSeconds} s");
            var quiet = await Probes.QuietAsync(context, op, size, plan.QuietWindowSeconds, settle, cancellationToken).ConfigureAwait(false);
            if (plan.Latency || report.Quiet is null)
            {
                report.Quiet = quiet;
            }
            else
            {
                report.Notes.Add($"Quiet window with {size:N0} services: {quiet.Writes} writes in {quiet.WindowSeconds} s.");
            }
            context.Say($"quiet: {quiet.Writes} writes in {quiet.WindowSeconds} s; all requests: {string.Join(", ", quiet.Requests.Select(p => p.Key + " " + p.Value))}");
        }

        var memory = op.Memory();
        var scrape = await op.ScrapeAsync(cancellationToken).ConfigureAwait(false);
        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        report.Footprint.Add(new FootprintResult
        {
            Services = size,
            Namespaces = namespaceCount,
            // EcsServices, task definitions and their revisions, Deployments, Services, HPAs.
            CachedObjects = size * 5 + size / 2 + imageChanges,
            IdleRssMiB = idleMemory is null ? null : idleMemory.RssBytes / MiB,
            PeakRssMiB = (memory?.PeakRssBytes ?? 0) / MiB,
            SteadyRssMiB = (memory?.RssBytes ?? 0) / MiB,
            PeakHeapMiB = Math.Max(op.PeakHeapBytes, PrometheusText.Value(scrape, "dotnet_gc_heap_bytes")) / MiB,
            SteadyHeapMiB = PrometheusText.Value(scrape, "dotnet_gc_heap_bytes") / MiB,
            ConvergenceSeconds = operatorSeconds,
        });
        context.Say($"footprint: peak RSS {(memory?.PeakRssBytes ?? 0) / MiB:0} MiB, steady RSS {(memory?.RssBytes ?? 0) / MiB:0} MiB, GC heap {PrometheusText.Value(scrape, "dotnet_gc_heap_bytes") / MiB:0} MiB (peak {op.PeakHeapBytes / MiB:0})");
        if (idleHeap is not null && TakeCensus(op, $"steady, {size:N0} services") is { } steadyHeap)
        {
            ReportHeap(idleHeap, steadyHeap, size, size * 5 + size / 2 + imageChanges);
        }
        await op.StopAsync().ConfigureAwait(false);

        if (plan.Startup)
        {
            await StartupAsync(opNamespaces, size, run, cancellationToken).ConfigureAwait(false);
        }
    }

    private HeapCensus? TakeCensus(OperatorUnderTest op, string when)
    {
        var census = op.ProcessId is { } pid ? HeapCensus.TryTake(pid, Path.GetTempPath(), context.Console) : null;
        if (census is not null)
        {
            context.Say($"heap census ({when}): {census.LiveBytes / MiB:0.0} MiB live in {census.LiveObjects:N0} objects ({census.AllBytes / MiB:0.0} MiB on the heap with garbage)");
        }
        return census;
    }

    private void ReportHeap(HeapCensus idle, HeapCensus steady, int services, int cachedObjects)
    {
        var perThousand = (steady.LiveBytes - idle.LiveBytes) / (double)cachedObjects * 1000;
        var lines = new List<string>
        {
            $"Live managed heap (heap dump walked from the GC roots, JIT operator): {idle.LiveBytes / MiB:0.0} MiB idle with 0 services, "
            + $"{steady.LiveBytes / MiB:0.0} MiB steady at {services:N0} services ({cachedObjects:N0} cached objects): "
            + $"{perThousand / MiB:0.00} MiB per 1,000 cached objects. Growth by type:",
        };
        foreach (var (type, count, bytes) in steady.GrowthSince(idle, 15))
        {
            lines.Add($"  {bytes / MiB,7:0.00} MiB {count,9:N0} x {type}");
        }
        foreach (var line in lines)
        {
            context.Say(line);
        }
        report.Notes.Add(string.Join("\n", lines));
    }

    private async Task<(double Seen, double Applied)> BaselineAsync(IReadOnlyList<ServiceCase> services, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Rendered before the clock starts: the baseline is the API's cost of taking these children, nothing else.
        var perService = services.Select(s => ExpectedChildren.For(s, context.BuildOptions, context.HpaType)).ToList();
        var children = perService.SelectMany(c => c).ToList();
        using var client = new KubeClient(context.UserClient.Settings);
        var apply = new ApplyOptions { FieldManager = "ecsbridge", Force = true };
        context.Say($"baseline: server-side apply of {children.Count:N0} pre-rendered children, {context.Options.Concurrency} at a time");
        var seen = context.Watcher.ExpectAsync(children);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(perService, new ParallelOptions { MaxDegreeOfParallelism = context.Options.Concurrency, CancellationToken = cancellationToken },
            async (owned, ct) =>
            {
                foreach (var child in owned)
                {
                    await client.ApplyAsync(child.Type, child.Namespace, child.Name, child.Body, KubeJsonContext.Default.JsonObject, apply,
                        cancellationToken: ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        var applied = Stopwatch.GetTimestamp();
        var seenAt = await WaitWithProgressAsync(seen, children.Count, timeout, cancellationToken).ConfigureAwait(false);
        var result = (ScaleContext.Seconds(started, seenAt), ScaleContext.Seconds(started, applied));
        context.Say($"baseline: all seen after {result.Item1:0.00} s (last apply answered after {result.Item2:0.00} s)");

        // Let the controller manager finish the ReplicaSets and Pods of these Deployments before the operator runs.
        var names = services.Select(s => (s.Namespace, s.Name)).ToHashSet();
        var settleStart = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(settleStart) < TimeSpan.FromSeconds(300))
        {
            var settled = context.Watcher.Deployments.Count(d => names.Contains((d.Metadata.Namespace!, d.Metadata.Name!))
                && d.Status?.ObservedGeneration == d.Metadata.Generation && d.Status?.Replicas >= 1);
            if (settled >= names.Count)
            {
                break;
            }
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
        }
        context.Say($"baseline: controller manager settled after {Stopwatch.GetElapsedTime(settleStart).TotalSeconds:0} s");
        return result;
    }

    private async Task<long> WaitWithProgressAsync(Task<long> seen, int total, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var left = ScaleContext.Seconds(Stopwatch.GetTimestamp(), deadline);
            if (left <= 0)
            {
                throw new TimeoutException($"not converged within {timeout.TotalSeconds:0} s: {context.Watcher.Matched:N0} of {total:N0} children match");
            }
            try
            {
                return await seen.WaitAsync(TimeSpan.FromSeconds(Math.Min(left, 15)), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                context.Say($"  {context.Watcher.Matched:N0} of {total:N0} children match");
            }
        }
    }

    private async Task StartupAsync(IReadOnlyList<string> namespaces, int size, string run, CancellationToken cancellationToken)
    {
        context.Say($"start-up: a new operator process on the warm API ({size:N0} services and their children exist)");
        await using var op = OperatorUnderTest.Start(context.Kubeconfig, namespaces, context.Options.Concurrency, context.LogDirectory,
            $"operator-{size}-{run}-restart", logLevel: "debug");
        var deadline = Stopwatch.GetTimestamp() + 180 * Stopwatch.Frequency;
        StartupLog log;
        while (true)
        {
            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            log = StartupLog.Read(op.LogPath, size);
            if (log.LastReconciled is not null || Stopwatch.GetTimestamp() > deadline)
            {
                break;
            }
        }
        // A few seconds more so a write that follows the initial pass would be counted.
        await Task.Delay(3000, cancellationToken).ConfigureAwait(false);
        var requests = await op.RequestsAsync(cancellationToken).ConfigureAwait(false);
        var memory = op.Memory();
        double? Ms(DateTimeOffset? at) => at is { } t ? (t - op.StartedAt).TotalMilliseconds : null;
        var result = new StartupResult
        {
            Services = size,
            ToStartingMs = Ms(log.Starting),
            ToCachesSyncedMs = Ms(log.CachesSynced),
            ToFirstReconcileMs = Ms(log.FirstReconciled),
            ToAllReconciledMs = Ms(log.LastReconciled),
            Reconciled = log.ServicesReconciled,
            Writes = PrometheusText.Writes(requests),
            RssAfterMiB = memory is null ? null : memory.RssBytes / MiB,
        };
        report.Startup.Add(result);
        context.Say($"start-up: runtime up {result.ToStartingMs:0} ms, caches synced {result.ToCachesSyncedMs:0} ms, first reconcile {result.ToFirstReconcileMs:0} ms, all {result.Reconciled:N0} reconciled {result.ToAllReconciledMs:0} ms; writes {result.Writes}");
        await op.StopAsync().ConfigureAwait(false);
    }
}
