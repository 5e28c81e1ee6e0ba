using System.Globalization;

namespace EcsBridge.Benchmarks.Reporting;

/// <summary>Issue 17's targets, checked against what the run measured (null when not measured).</summary>
internal static class Targets
{
    public static void Evaluate(BenchReport report)
    {
        foreach (var c in report.Convergence)
        {
            report.Targets.Add(new TargetResult($"1 (a) Tail after the last user apply / raw SSA, {c.Services:N0} services", "≤ 1.2",
                c.TailRatio is { } t ? $"{t:0.00} ({c.TailSeconds:0.0} s vs {c.BaselineSeconds:0.0} s)" : "n/a", c.TailRatio is { } tail ? tail <= 1.2 : null));
            report.Targets.Add(new TargetResult($"1 (b) Writes / minimum, {c.Services:N0} services", "≤ 1.1",
                c is { Writes: { } w, MinimumWrites: { } min and > 0 } ? $"{w / (double)min:0.00} ({w:N0} vs {min:N0})" : "n/a",
                c is { Writes: { } writes, MinimumWrites: { } minimum and > 0 } ? writes <= 1.1 * minimum : null));
        }
        if (report.Latency is { } l)
        {
            report.Targets.Add(new TargetResult($"2 Change latency p99, {l.Samples} samples ({l.IdleServices:N0} idle)", "< 200 ms",
                Ms(l.P99Ms) + (l.TimedOut > 0 ? $", {l.TimedOut} timed out" : ""), l.Samples > 0 ? l.P99Ms < 200 && l.TimedOut == 0 : null));
        }
        if (report.Footprint.OrderBy(f => f.Services).FirstOrDefault(f => f.IdleRssMiB is not null) is { IdleRssMiB: { } idle })
        {
            report.Targets.Add(new TargetResult("3 Idle RSS (ready, 0 services)", "< 30 MB", $"{idle * 1.048576:0.0} MB", idle * 1.048576 < 30));
        }
        if (report.Footprint.FirstOrDefault(f => f.Services == 1000) is { } thousand)
        {
            report.Targets.Add(new TargetResult("3 Steady RSS, 1,000 services", "< 60 MB", $"{thousand.SteadyRssMiB * 1.048576:0.0} MB", thousand.SteadyRssMiB * 1.048576 < 60));
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
            report.Targets.Add(new TargetResult($"3 Slope, {small.Services:N0} → {large.Services:N0} services", "< 15 MiB per 1,000 services",
                $"{perService:0.0} MiB", perService < 15));
        }
        foreach (var s in report.Startup)
        {
            report.Targets.Add(new TargetResult($"4 Start-up to first reconcile ({s.Services:N0} services, warm API)", "< 1 s",
                s.ToFirstReconcileMs is { } ms ? Ms(ms) : "n/a", s.ToFirstReconcileMs is { } first ? first < 1000 : null));
        }
        if (report.RealTasks is { } r)
        {
            report.Targets.Add(new TargetResult($"5 Real tasks, {r.Services:N0} services x {r.TasksPerService}: operator / direct", "≤ 1.1",
                $"{r.Ratio:0.00} ({r.OperatorSeconds:0.0} s vs {r.BaselineSeconds:0.0} s)", r.Ratio <= 1.1));
        }
        if (report.Quiet is { } q)
        {
            report.Targets.Add(new TargetResult($"6 Writes while idle ({q.Services:N0} services, {q.WindowSeconds} s)", "0", q.Writes.ToString(CultureInfo.InvariantCulture), q.Writes == 0));
        }
    }

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
