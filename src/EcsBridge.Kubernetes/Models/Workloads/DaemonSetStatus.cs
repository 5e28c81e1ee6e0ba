namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record DaemonSetStatus
{
    public long? ObservedGeneration { get; init; }

    public int? CurrentNumberScheduled { get; init; }

    public int? NumberMisscheduled { get; init; }

    public int? DesiredNumberScheduled { get; init; }

    public int? NumberReady { get; init; }

    public int? UpdatedNumberScheduled { get; init; }

    public int? NumberAvailable { get; init; }

    public int? NumberUnavailable { get; init; }

    public IReadOnlyList<WorkloadCondition>? Conditions { get; init; }
}
