using System.Diagnostics.Metrics;

namespace EcsBridge.Queue;

/// <summary>client-go's work-queue metrics for one named queue.</summary>
internal sealed class WorkQueueMetrics
{
    private readonly KeyValuePair<string, object?> _name;
    private readonly Counter<long> _adds;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _queueDuration;
    private readonly Histogram<double> _workDuration;
    private int _depth;

    public WorkQueueMetrics(Meter meter, string name, Func<double> longestRunningSeconds)
    {
        _name = new KeyValuePair<string, object?>("name", name);
        _adds = meter.CreateCounter<long>("workqueue_adds_total", description: "Keys added to the work queue.");
        _retries = meter.CreateCounter<long>("workqueue_retries_total", description: "Keys re-added after a failure, with backoff.");
        _queueDuration = meter.CreateHistogram<double>("workqueue_queue_duration_seconds", unit: "s", description: "Time a key waits in the queue.");
        _workDuration = meter.CreateHistogram<double>("workqueue_work_duration_seconds", unit: "s", description: "Time a key is processed.");
        meter.CreateObservableGauge("workqueue_depth", () => new Measurement<int>(Volatile.Read(ref _depth), _name), description: "Keys waiting in the queue.");
        meter.CreateObservableGauge("workqueue_longest_running_processor_seconds",
            () => new Measurement<double>(longestRunningSeconds(), _name), unit: "s", description: "How long the longest-running reconcile has been running.");
    }

    public void Added() => _adds.Add(1, _name);

    public void Retried() => _retries.Add(1, _name);

    public void SetDepth(int depth) => Volatile.Write(ref _depth, depth);

    public void QueueLatency(TimeSpan waited) => _queueDuration.Record(waited.TotalSeconds, _name);

    public void WorkDuration(TimeSpan worked) => _workDuration.Record(worked.TotalSeconds, _name);
}
