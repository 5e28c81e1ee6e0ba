using System.Diagnostics.Metrics;

namespace EcsBridge.Observability;

/// <summary>
/// The operator's instruments, named after controller-runtime's so existing dashboards read them:
/// reconciles by controller and result, reconcile duration, leader status, watch restarts, build info.
/// Work-queue instruments live in <see cref="Queue.WorkQueueMetrics"/>; API request counts come from the
/// client's own meter.
/// </summary>
internal sealed class OperatorMetrics : IDisposable
{
    public const string MeterName = "EcsBridge.Operator";

    /// <summary>The process's memory as /metrics shows it. A meter of its own so OTLP, which carries the runtime's
    /// System.Runtime meter instead, does not get the same figures twice.</summary>
    public const string ProcessMeterName = "EcsBridge.Process";

    private readonly Meter _process;

    private readonly Counter<long> _reconciles;
    private readonly Counter<long> _reconcileErrors;
    private readonly Counter<long> _terminalErrors;
    private readonly Histogram<double> _reconcileTime;
    private int _isLeader;

    public OperatorMetrics(string version)
    {
        Meter = new Meter(MeterName, version);
        _reconciles = Meter.CreateCounter<long>("controller_runtime_reconcile_total", description: "Reconciles by controller and result (success, error, requeue, requeue_after).");
        _reconcileErrors = Meter.CreateCounter<long>("controller_runtime_reconcile_errors_total", description: "Reconciles that returned an error.");
        _terminalErrors = Meter.CreateCounter<long>("ecsbridge_reconcile_terminal_errors_total",
            description: "Reconciles that ended with a terminal error (invalid spec, a body the API server refuses): reported in status, not retried on a timer.");
        _reconcileTime = Meter.CreateHistogram<double>("controller_runtime_reconcile_time_seconds", unit: "s", description: "Time per reconcile.");
        Meter.CreateObservableGauge("leader_election_master_status", () => Volatile.Read(ref _isLeader), description: "1 while this replica holds the leader lease.");
        Meter.CreateObservableGauge("ecsbridge_build_info",
            () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", version),
                new KeyValuePair<string, object?>("runtime", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription)),
            description: "Build information; the value is always 1.");
        // Memory, as the footprint benchmark and dashboards read it from /metrics.
        _process = new Meter(ProcessMeterName, version);
        _process.CreateObservableGauge("dotnet_gc_heap_bytes", () => GC.GetTotalMemory(forceFullCollection: false), unit: "By",
            description: "Bytes on the managed heap now, including garbage not yet collected.");
        _process.CreateObservableGauge("dotnet_gc_committed_bytes", () => GC.GetGCMemoryInfo().TotalCommittedBytes, unit: "By",
            description: "Memory the GC has committed, as of the last collection.");
        _process.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet, unit: "By",
            description: "Resident set size of the operator process.");
    }

    public Meter Meter { get; }

    public void Reconciled(string controller, string result, TimeSpan duration)
    {
        var controllerTag = new KeyValuePair<string, object?>("controller", controller);
        _reconciles.Add(1, controllerTag, new KeyValuePair<string, object?>("result", result));
        if (result == "error")
        {
            _reconcileErrors.Add(1, controllerTag);
        }
        _reconcileTime.Record(duration.TotalSeconds, controllerTag);
    }

    /// <summary>Counted on top of <see cref="Reconciled"/> with result "error", as controller-runtime counts them.</summary>
    public void TerminalError(string controller) => _terminalErrors.Add(1, new KeyValuePair<string, object?>("controller", controller));

    public void SetLeader(bool isLeader) => Volatile.Write(ref _isLeader, isLeader ? 1 : 0);

    public void Dispose()
    {
        Meter.Dispose();
        _process.Dispose();
    }
}
