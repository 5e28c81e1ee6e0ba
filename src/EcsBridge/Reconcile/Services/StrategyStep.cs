using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Reconcile.Services;

/// <summary>What a strategy's planner decided for this reconcile, whichever strategy it was: the children to apply,
/// the earlier revisions left running (for the status), the strategy status, when to look again, and a lifecycle hook
/// that failed (the deployment rolls back).</summary>
internal sealed record StrategyStep(DesiredState Desired, IReadOnlyList<Deployment> Kept, ServiceStrategyStatus Status, TimeSpan? RequeueAfter,
    string? HookFailure = null);
