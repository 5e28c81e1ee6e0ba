using EcsBridge.Observability;
using EcsBridge.Queue;

namespace EcsBridge.Hosting;

/// <summary>The three controllers' queues: the caches' event sources fill them, the controllers drain them.</summary>
internal sealed class WorkQueues : IDisposable
{
    public WorkQueues(TimeProvider time, OperatorMetrics metrics)
    {
        Services = new WorkQueue(time, new WorkQueueOptions(), metrics.Meter, "ecsservice");
        TaskDefinitions = new WorkQueue(time, new WorkQueueOptions(), metrics.Meter, "ecstaskdefinition");
        Tasks = new WorkQueue(time, new WorkQueueOptions(), metrics.Meter, "ecstask");
    }

    public WorkQueue Services { get; }

    public WorkQueue TaskDefinitions { get; }

    public WorkQueue Tasks { get; }

    public bool Empty => Services.Depth == 0 && TaskDefinitions.Depth == 0 && Tasks.Depth == 0;

    public void Dispose()
    {
        Services.Dispose();
        TaskDefinitions.Dispose();
        Tasks.Dispose();
    }
}
