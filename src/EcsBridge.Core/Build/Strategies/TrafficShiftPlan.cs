using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build.Strategies;

/// <summary>One LINEAR/CANARY step: the children to apply (the target revision's Deployment at its step size, the
/// production Service selecting every revision), the previous revision's new size, what is deleted, and what the
/// status says.</summary>
public sealed record TrafficShiftPlan
{
    /// <summary>The desired children; <see cref="DesiredState.Scaled"/> resizes the previous revision and
    /// <see cref="DesiredState.Retired"/> lists the Deployments to delete.</summary>
    public required DesiredState Desired { get; init; }

    /// <summary>Live Deployments of earlier revisions left running, with spec.replicas as this step sizes them.</summary>
    public required IReadOnlyList<Deployment> Kept { get; init; }

    /// <summary>The lifecycle stage after this step (<see cref="LifecycleStages"/>); null when only the target runs.</summary>
    public string? Stage { get; init; }

    /// <summary>The index of the step in the schedule; null when no shift is under way.</summary>
    public int? Step { get; init; }

    /// <summary>The configured share of the current step, in percent; null when no shift is under way.</summary>
    public double? StepPercent { get; init; }

    /// <summary>When the next step begins; null while the step's tasks start, at the last step, and with no shift.</summary>
    public DateTimeOffset? StepDeadline { get; init; }

    /// <summary>The share of production traffic on the target revision now: its ready tasks of all tasks, as planned.</summary>
    public required int TargetTrafficPercent { get; init; }

    /// <summary>Tasks of the target and of the previous revision in the split in effect.</summary>
    public required int TargetTasks { get; init; }

    public required int PreviousTasks { get; init; }

    /// <summary>The Deployment that is the production revision (the previous one until the last step took effect).</summary>
    public required string ProductionWorkload { get; init; }

    public DateTimeOffset? BakeDeadline { get; init; }

    /// <summary>When to look again without any watched change: the next step, or the bake deadline.</summary>
    public TimeSpan? RequeueAfter { get; init; }
}
