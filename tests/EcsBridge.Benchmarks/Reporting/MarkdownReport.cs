using System.Globalization;
using System.Text;

namespace EcsBridge.Benchmarks.Reporting;

/// <summary>Renders a <see cref="BenchReport"/> as the Markdown the run prints and writes to results.md.</summary>
internal static class MarkdownReport
{
    public static string Render(BenchReport report)
    {
        var md = new StringBuilder();
        var m = report.Machine;
        md.AppendLine(CultureInfo.InvariantCulture, $"# EcsBridge benchmark — {report.StartedAt:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Machine: {m.Cores} cores ({m.Cpu}), {m.MemoryGiB:0.0} GiB, {m.Os}, {m.Dotnet}{(m.Kubernetes is null ? "" : $", Kubernetes {m.Kubernetes} (etcd + kube-apiserver + kube-controller-manager on the same machine)")}. Operator GC: {m.OperatorGc ?? "n/a"}.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Arguments: `{(report.Arguments.Length == 0 ? "(none: full set)" : report.Arguments)}`; run took {report.DurationSeconds / 60:0.0} min.");
        md.AppendLine();

        if (report.Convergence.Count > 0)
        {
            md.AppendLine("## Convergence (apply N EcsServices → every Deployment, Service and HPA carries its expected applied hash)");
            md.AppendLine();
            md.AppendLine("| Services | Namespaces | Children | Concurrency | Operator (s) | of which user apply (s) | Tail after last apply (s) | Baseline SSA (s) | Tail / baseline (≤ 1.2) | Writes / minimum (≤ 1.1) | Children/s (operator) | Operator requests |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var c in report.Convergence)
            {
                var writes = c is { Writes: { } w, MinimumWrites: { } min and > 0 } ? $"{w / (double)min:0.00} ({w:N0} / {min:N0})" : "n/a";
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {c.Services:N0} | {c.Namespaces} | {c.Children:N0} | {c.Concurrency} | {c.OperatorSeconds:0.00} | {c.UserApplySeconds:0.00} | {Opt(c.TailSeconds, "0.00")} | {Opt(c.BaselineSeconds, "0.00")} | {Opt(c.TailRatio, "0.00")} | {writes} | {Opt(c.ChildrenPerSecond, "0")} | {Verbs(c.OperatorRequests)} |");
            }
            md.AppendLine();
        }

        if (report.Latency is { } l)
        {
            md.AppendLine("## Latency (EcsService desiredCount or task definition image change → the Deployment carries it, seen by watch)");
            md.AppendLine();
            md.AppendLine("| Idle services | Samples | Timed out | p50 | p99 (< 200 ms) | max | desiredCount p50 / p99 | image p50 / p99 |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {l.IdleServices:N0} | {l.Samples} | {l.TimedOut} | {l.P50Ms:0.0} ms | {l.P99Ms:0.0} ms | {l.MaxMs:0.0} ms | {l.DesiredCountP50Ms:0.0} / {l.DesiredCountP99Ms:0.0} ms | {l.ImageP50Ms:0.0} / {l.ImageP99Ms:0.0} ms |");
            md.AppendLine();
        }

        if (report.Quiet is { } q)
        {
            md.AppendLine("## Quiet (operator write requests over an idle window: apply, create, update, patch, delete)");
            md.AppendLine();
            md.AppendLine("| Services | Window | Settle before | Writes (target 0) | All requests in the window |");
            md.AppendLine("|---:|---:|---:|---:|---|");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {q.Services:N0} | {q.WindowSeconds} s | {q.SettleSeconds:0} s | {q.Writes} | {Verbs(q.Requests)} |");
            md.AppendLine();
        }

        if (report.Footprint.Count > 0)
        {
            md.AppendLine("## Footprint (the operator process: RSS from /proc VmHWM / VmRSS, managed heap from dotnet_gc_heap_bytes)");
            md.AppendLine();
            md.AppendLine("| Services | Namespaces | Cached objects | RSS when ready, 0 services | Peak RSS | Steady RSS | Peak GC heap | Steady GC heap | Convergence (s) |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var f in report.Footprint)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {f.Services:N0} | {f.Namespaces} | {f.CachedObjects:N0} | {Opt(f.IdleRssMiB, "0")} MiB | {f.PeakRssMiB:0} MiB | {f.SteadyRssMiB:0} MiB | {f.PeakHeapMiB:0} MiB | {f.SteadyHeapMiB:0} MiB | {Opt(f.ConvergenceSeconds, "0")} |");
            }
            if (report.FootprintSlopeMiBPer1000Services is { } slope)
            {
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"Slope (steady RSS, between the two largest runs): {slope:0.0} MiB per 1,000 services = {report.FootprintSlopeMiBPer1000Objects:0.0} MiB per 1,000 cached objects.");
            }
            md.AppendLine();
        }

        if (report.Startup.Count > 0)
        {
            md.AppendLine("## Start-up (process start on a warm API: every object already exists)");
            md.AppendLine();
            md.AppendLine("| Services | → runtime up (\"Starting\") | → caches synced | → first reconcile done (< 1 s) | → all services reconciled | Writes during start-up | RSS after |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var s in report.Startup)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {s.Services:N0} | {Ms(s.ToStartingMs)} | {Ms(s.ToCachesSyncedMs)} | {Ms(s.ToFirstReconcileMs)} | {Ms(s.ToAllReconciledMs)} ({s.Reconciled:N0}) | {s.Writes} | {Opt(s.RssAfterMiB, "0")} MiB |");
            }
            md.AppendLine();
        }

        if (report.RealTasks is { } rt)
        {
            md.AppendLine("## Real tasks (a local node: apply → every task Running and Ready, against the same Deployments and Services applied directly)");
            md.AppendLine();
            md.AppendLine("| Services | Tasks each | Operator (s) | of which user apply / last child (s) | Direct (s) | of which apply / last child (s) | Operator / direct (≤ 1.1) |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {rt.Services:N0} | {rt.TasksPerService} | {rt.OperatorSeconds:0.00} | {rt.OperatorApplySeconds:0.00} / {rt.OperatorChildrenSeconds:0.00} | {rt.BaselineSeconds:0.00} | {rt.BaselineApplySeconds:0.00} / {rt.BaselineChildrenSeconds:0.00} | {rt.Ratio:0.00} |");
            md.AppendLine();
        }

        if (report.Render.Count > 0)
        {
            md.AppendLine("## Render throughput (BenchmarkDotNet, in-process, short job; one thread)");
            md.AppendLine();
            md.AppendLine("| Case | Method | Objects / render | Mean | Renders/s | Objects/s | Allocated / render |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
            foreach (var r in report.Render)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Case} | {r.Method} | {r.ObjectsPerRender} | {r.MeanMicroseconds:0.0} µs | {r.RendersPerSecond:N0} | {r.ObjectsPerSecond:N0} | {(r.AllocatedBytesPerRender is { } a ? (a / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB" : "n/a")} |");
            }
            md.AppendLine();
        }

        if (report.Targets.Count > 0)
        {
            md.AppendLine("## Targets");
            md.AppendLine();
            md.AppendLine("| Target | Goal | Measured | Met |");
            md.AppendLine("|---|---|---|---|");
            foreach (var t in report.Targets)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.Target} | {t.Measured} | {(t.Met switch { true => "yes", false => "**no**", null => "n/a" })} |");
            }
            md.AppendLine();
        }

        foreach (var note in report.Notes)
        {
            md.AppendLine("- " + note);
        }
        return md.ToString();
    }

    private static string Opt(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a";

    private static string Ms(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a";

    private static string Verbs(IReadOnlyDictionary<string, long> byVerb) =>
        byVerb.Count == 0 ? "none" : string.Join(", ", byVerb.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}"));
}
