using System.Globalization;

namespace EcsBridge.Benchmarks.Reporting;

/// <summary>Issue 8's targets, checked against what the run measured (null when not measured).</summary>
internal static class Targets
{
    public static void Evaluate(BenchReport report)
    {
        foreach (var c in report.Convergence)
        {
            report.Targets.Add(new TargetResult($"Convergence, {c.Services:N0} services: operator / baseline", "≤ 1.2",
                c.Ratio is { } r ? $"{r:0.00} ({c.OperatorSeconds:0.0} s vs {c.BaselineSeconds:0.0} s)" : "n/a", c.Ratio is { } ratio ? ratio <= 1.2 : null));
        }
        if (report.Latency is { } l)
        {
            report.Targets.Add(new TargetResult($"Change latency p50 ({l.IdleServices:N0} idle)", "< 100 ms", Ms(l.P50Ms), l.Samples > 0 ? l.P50Ms < 100 : null));
            report.Targets.Add(new TargetResult($"Change latency p99 ({l.IdleServices:N0} idle)", "< 500 ms", Ms(l.P99Ms) + (l.TimedOut > 0 ? $", {l.TimedOut} timed out" : ""),
                l.Samples > 0 ? l.P99Ms < 500 && l.TimedOut == 0 : null));
        }
        if (report.Quiet is { } q)
        {
            report.Targets.Add(new TargetResult($"Writes while idle ({q.Services:N0} services, {q.WindowSeconds} s)", "0", q.Writes.ToString(CultureInfo.InvariantCulture), q.Writes == 0));
        }
        foreach (var s in report.Startup)
        {
            report.Targets.Add(new TargetResult($"Start-up to first reconcile ({s.Services:N0} services, warm API)", "< 1 s",
                s.ToFirstReconcileMs is { } ms ? Ms(ms) : "n/a", s.ToFirstReconcileMs is { } first ? first < 1000 : null));
        }

        // Slope of steady RSS between the two largest footprint runs.
        var runs = report.Footprint.OrderBy(f => f.Services).ToList();
        if (runs.Count >= 2)
        {
            var (small, large) = (runs[^2], runs[^1]);
            var perService = (large.SteadyRssMiB - small.SteadyRssMiB) / ((large.Services - small.Services) / 1000.0);
            var perObject = (large.SteadyRssMiB - small.SteadyRssMiB) / ((large.CachedObjects - small.CachedObjects) / 1000.0);
            report.FootprintSlopeMiBPer1000Services = perService;
            report.FootprintSlopeMiBPer1000Objects = perObject;
        }
    }

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
