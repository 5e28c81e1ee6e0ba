using System.Diagnostics;
using EcsBridge.Benchmarks.Reporting;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>The measurements taken on a running operator once its services have converged: change latency and
/// the quiet window.</summary>
internal static class Probes
{
    private static readonly ApplyOptions UserApply = new() { FieldManager = "bench-user", Force = true };

    /// <summary>Applies a task definition and its service as a user would (server-side apply, like kubectl).</summary>
    public static async Task ApplyAsUserAsync(KubeClient client, ServiceCase service, CancellationToken cancellationToken)
    {
        await client.ApplyAsync(OperatorResources.EcsTaskDefinitions, service.Namespace, service.Family, service.TaskDefinitionBody,
            KubeJsonContext.Default.JsonObject, UserApply, cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.ApplyAsync(OperatorResources.EcsServices, service.Namespace, service.Name, service.ServiceBody,
            KubeJsonContext.Default.JsonObject, UserApply, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One change at a time to an idle, converged set: even samples change a service's desiredCount, odd
    /// ones the image in a task definition (a new revision). Latency runs from just before the user's write to the
    /// watch event of the Deployment carrying the new value.</summary>
    public static async Task<(LatencyResult Result, int ImageChanges)> LatencyAsync(ScaleContext context, IReadOnlyList<ServiceCase> services,
        int samples, CancellationToken cancellationToken)
    {
        var candidates = services.Where(s => !s.Autoscaled).ToList();
        var counts = candidates.ToDictionary(s => s.Name, _ => 1, StringComparer.Ordinal);
        var replicas = new List<double>();
        var images = new List<double>();
        var timedOut = 0;
        for (var sample = 0; sample < samples; sample++)
        {
            var service = candidates[(int)((sample * 7919L) % candidates.Count)];
            Task<long> seen;
            Func<Task> change;
            var isImage = sample % 2 == 1;
            if (isImage)
            {
                var image = $"{Workload.Image}-s{sample}";
                seen = context.Watcher.WaitForDeploymentAsync(service.Namespace, service.Name,
                    d => d.Spec?.Template.Spec?.Containers is [var first, ..] && first.Image == image);
                change = () => context.UserClient.ApplyAsync(OperatorResources.EcsTaskDefinitions, service.Namespace, service.Family,
                    Workload.TaskDefinitionBody(service.Namespace, service.Family, image), KubeJsonContext.Default.JsonObject, UserApply,
                    cancellationToken: cancellationToken);
            }
            else
            {
                var count = counts[service.Name] = counts[service.Name] % 3 + 1;
                seen = context.Watcher.WaitForDeploymentAsync(service.Namespace, service.Name, d => d.Spec?.Replicas == count);
                change = () => context.UserClient.ApplyAsync(OperatorResources.EcsServices, service.Namespace, service.Name,
                    Workload.ServiceBody(service.Namespace, service.Name, service.Family, count, autoscaled: false), KubeJsonContext.Default.JsonObject,
                    UserApply, cancellationToken: cancellationToken);
            }
            var started = Stopwatch.GetTimestamp();
            await change().ConfigureAwait(false);
            try
            {
                var at = await seen.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
                (isImage ? images : replicas).Add(ScaleContext.Seconds(started, at) * 1000);
            }
            catch (TimeoutException)
            {
                timedOut++;
                context.Watcher.Forget(seen);
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        var all = replicas.Concat(images).ToList();
        return (new LatencyResult
        {
            IdleServices = services.Count,
            Samples = all.Count,
            TimedOut = timedOut,
            P50Ms = Percentile(all, 0.50),
            P99Ms = Percentile(all, 0.99),
            MaxMs = all.Count == 0 ? double.NaN : all.Max(),
            DesiredCountP50Ms = Percentile(replicas, 0.50),
            DesiredCountP99Ms = Percentile(replicas, 0.99),
            ImageP50Ms = Percentile(images, 0.50),
            ImageP99Ms = Percentile(images, 0.99),
        }, images.Count + timedOut);
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Waits until the operator has sent no write for <paramref name="stable"/> (at most <paramref name="cap"/>):
    /// the Deployments' status settling after a change is the controller manager's doing and legitimately wakes the
    /// operator. Returns how long it took.</summary>
    public static async Task<double> SettleAsync(OperatorUnderTest op, TimeSpan stable, TimeSpan cap, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var last = PrometheusText.Writes(await op.RequestsAsync(cancellationToken).ConfigureAwait(false));
        var stableSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(stableSince) < stable && Stopwatch.GetElapsedTime(start) < cap)
        {
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
            var writes = PrometheusText.Writes(await op.RequestsAsync(cancellationToken).ConfigureAwait(false));
            if (writes != last)
            {
                last = writes;
                stableSince = Stopwatch.GetTimestamp();
            }
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>Every request the operator sends over an idle window, by verb.</summary>
    public static async Task<QuietResult> QuietAsync(ScaleContext context, OperatorUnderTest op, int services, int windowSeconds, double settleSeconds,
        CancellationToken cancellationToken)
    {
        var before = await op.RequestsAsync(cancellationToken).ConfigureAwait(false);
        var end = Stopwatch.GetTimestamp() + windowSeconds * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < end)
        {
            var left = TimeSpan.FromSeconds(ScaleContext.Seconds(Stopwatch.GetTimestamp(), end));
            await Task.Delay(left < TimeSpan.FromSeconds(60) ? left : TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            var soFar = PrometheusText.Delta(before, await op.RequestsAsync(cancellationToken).ConfigureAwait(false));
            context.Say($"  quiet window: {Math.Max(0, ScaleContext.Seconds(Stopwatch.GetTimestamp(), end)):0} s left, writes so far {PrometheusText.Writes(soFar)}");
        }
        var delta = PrometheusText.Delta(before, await op.RequestsAsync(cancellationToken).ConfigureAwait(false));
        return new QuietResult
        {
            Services = services,
            WindowSeconds = windowSeconds,
            SettleSeconds = settleSeconds,
            Writes = PrometheusText.Writes(delta),
            Requests = delta,
        };
    }
}
