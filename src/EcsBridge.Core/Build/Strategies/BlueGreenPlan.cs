using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build.Strategies;

/// <summary>One blue/green step: the children to apply (the green Deployment, the production Service selecting the
/// production revision, the test Service selecting the green one), the live Deployments kept as they are and the
/// ones to delete, and what the status says.</summary>
public sealed record BlueGreenPlan
{
    /// <summary>The desired children: Deployment is the target revision's, Service the production one, TestService
    /// the test one; <see cref="DesiredState.Retired"/> lists the Deployments to delete.</summary>
    public required DesiredState Desired { get; init; }

    /// <summary>Live Deployments of earlier revisions left running untouched (blue, until the bake deadline).</summary>
    public required IReadOnlyList<Deployment> Kept { get; init; }

    /// <summary>The lifecycle stage after this step (<see cref="LifecycleStages"/>); null when only the target runs.</summary>
    public string? Stage { get; init; }

    /// <summary>The share of production traffic on the target revision, in percent (0 or 100 for blue/green).</summary>
    public required int TargetTrafficPercent { get; init; }

    /// <summary>The name of the Deployment that serves production traffic after this step.</summary>
    public required string ProductionWorkload { get; init; }

    public DateTimeOffset? BakeDeadline { get; init; }

    /// <summary>When to look again without any watched change: the bake deadline.</summary>
    public TimeSpan? RequeueAfter { get; init; }
}
