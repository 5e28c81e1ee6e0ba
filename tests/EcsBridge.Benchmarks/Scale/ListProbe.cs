using System.Diagnostics;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>What the informers' list page size costs: every Deployment in the cluster listed with the streaming
/// client at several page sizes, wall time and bytes allocated per object (this process, JIT).</summary>
internal static class ListProbe
{
    private static readonly int[] Limits = [50, 100, 250, 500, 1000, 0];

    public static async Task RunAsync(ScaleContext context, List<string> notes, CancellationToken cancellationToken)
    {
        using var client = new KubeClient(context.UserClient.Settings);
        var lines = new List<string> { "List page size (every Deployment in the cluster, 7 lists each, median; limit 0 = one page):" };
        foreach (var limit in Limits)
        {
            var times = new List<double>();
            var allocated = new List<double>();
            var objects = 0;
            for (var i = 0; i < 7; i++)
            {
                var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                var started = Stopwatch.GetTimestamp();
                var list = await client.ListAllAsync(ResourceType.Deployments, null, WorkloadsJsonContext.Default.Deployment,
                    new ListOptions { Limit = limit }, cancellationToken).ConfigureAwait(false);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                objects = list.Items.Count;
                allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / (double)Math.Max(1, objects));
            }
            var pages = limit == 0 ? 1 : (objects + limit - 1) / limit;
            lines.Add($"  limit {(limit == 0 ? "none" : limit.ToString(System.Globalization.CultureInfo.InvariantCulture)),5}: {objects:N0} objects in {pages} page(s), "
                + $"{Probes.Percentile(times, 0.5),7:0.0} ms, {Probes.Percentile(allocated, 0.5) / 1024,5:0.0} KiB allocated per object");
        }
        foreach (var line in lines)
        {
            context.Say(line);
        }
        notes.Add(string.Join("\n", lines));
    }
}
