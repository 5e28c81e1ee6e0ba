using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Build.Strategies;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Reconcile.Services;

/// <summary>
/// Between build and apply in an EcsService reconcile: the deployment strategy's step. ROLLING (and DAEMON services)
/// keep the single Deployment the builder made (null plan); BLUE_GREEN goes through <see cref="BlueGreenPlanner"/>,
/// LINEAR and CANARY through <see cref="TrafficShiftPlanner"/>, with the Deployments the service controls, read from
/// the cache.
/// </summary>
internal static class StrategyPlanning
{
    public static StrategyStep? Plan(EcsService service, ResolvedTaskDefinition resolved, DesiredState desired, IReadOnlyList<Deployment> owned,
        ServiceRollback? rollback, Func<string, EcsTask?> findTask, DateTimeOffset now)
    {
        var configuration = service.Spec.DeploymentConfiguration;
        if (desired.Deployment is null || configuration?.Strategy is not (DeploymentStrategies.BlueGreen or DeploymentStrategies.Linear or DeploymentStrategies.Canary))
        {
            return null;
        }
        var rollingBack = rollback is not null && rollback.ToTaskDefinition == resolved.Reference;
        var live = owned.Where(d => d.Metadata.DeletionTimestamp is null).ToList();
        var count = TaskCount(service, desired, live);
        var hooks = Hooks(service, configuration.Strategy, desired.Deployment, live, rollingBack, count, findTask, now);
        if (configuration.Strategy == DeploymentStrategies.BlueGreen)
        {
            var blueGreen = BlueGreenPlanner.Plan(new BlueGreenInput
            {
                Desired = desired,
                ServiceName = service.Metadata.Name!,
                Family = resolved.Family,
                Revision = resolved.Revision,
                DesiredCount = count,
                BakeTimeInMinutes = configuration.BakeTimeInMinutes ?? 0,
                RollingBack = rollingBack,
                Live = owned,
                Now = now,
                Hooks = hooks,
            });
            return new StrategyStep(blueGreen.Desired with { HookTasks = hooks.Start }, blueGreen.Kept, new ServiceStrategyStatus
            {
                Type = DeploymentStrategies.BlueGreen,
                LifecycleStage = hooks.WaitingStage ?? blueGreen.Stage,
                TrafficPercent = blueGreen.TargetTrafficPercent,
                BakeDeadline = blueGreen.BakeDeadline,
                ProductionWorkload = blueGreen.ProductionWorkload,
                TestService = blueGreen.Desired.TestService?.Metadata.Name,
                LifecycleHooks = hooks.Runs.Count > 0 ? hooks.Runs : null,
            }, Earliest(blueGreen.RequeueAfter, hooks.NextExpiry, now), hooks.Failure);
        }
        var shift = TrafficShiftPlanner.Plan(new TrafficShiftInput
        {
            Desired = desired,
            ServiceName = service.Metadata.Name!,
            Family = resolved.Family,
            Revision = resolved.Revision,
            DesiredCount = count,
            Schedule = configuration.Strategy == DeploymentStrategies.Linear
                ? TrafficShiftSchedule.Linear(configuration.LinearConfiguration)
                : TrafficShiftSchedule.Canary(configuration.CanaryConfiguration),
            BakeTimeInMinutes = configuration.BakeTimeInMinutes ?? 0,
            RollingBack = rollingBack,
            Live = owned,
            Now = now,
            Hooks = hooks,
        });
        return new StrategyStep(shift.Desired with { HookTasks = hooks.Start }, shift.Kept, new ServiceStrategyStatus
        {
            Type = configuration.Strategy,
            LifecycleStage = hooks.WaitingStage ?? shift.Stage,
            TrafficPercent = shift.TargetTrafficPercent,
            StepPercent = shift.StepPercent,
            StepDeadline = shift.StepDeadline,
            BakeDeadline = shift.BakeDeadline,
            ProductionWorkload = shift.ProductionWorkload,
            TestService = shift.Desired.TestService?.Metadata.Name,
            LifecycleHooks = hooks.Runs.Count > 0 ? hooks.Runs : null,
        }, Earliest(shift.RequeueAfter, hooks.NextExpiry, now), hooks.Failure);
    }

    /// <summary>Where the deployment stands, read from the live Deployments as the planners read it, and what its
    /// Kubernetes-native lifecycle hooks hold.</summary>
    /// <param name="live">The Deployments the service controls that are not being deleted.</param>
    private static LifecycleHookVerdict Hooks(EcsService service, string strategy, Deployment built, IReadOnlyList<Deployment> live, bool rollingBack,
        int count, Func<string, EcsTask?> findTask, DateTimeOffset now)
    {
        var hooks = service.Spec.DeploymentConfiguration?.LifecycleHooks;
        if (hooks is not { Count: > 0 })
        {
            return LifecycleHookVerdict.Open;
        }
        var target = BlueGreenPlanner.LiveTarget(live, built);
        var production = BlueGreenPlanner.ProductionOf(live) ?? target;
        return LifecycleHookPlanner.Decide(new LifecycleHookInput
        {
            Hooks = hooks,
            Strategy = strategy,
            ServiceName = service.Metadata.Name!,
            Target = target,
            Switched = production is null || ReferenceEquals(production, target),
            TargetReady = BlueGreenPlanner.IsFullyReady(target, count),
            HasPrevious = live.Any(d => !ReferenceEquals(d, target)),
            RollingBack = rollingBack,
            FindTask = findTask,
            Now = now,
        });
    }

    /// <summary>The tasks a deployment runs: desiredCount; with autoScaling, the production revision's current count (the
    /// HPA's last word, within its bounds), so a deployment starts the new revision at the size the service has now.</summary>
    private static int TaskCount(EcsService service, DesiredState desired, IReadOnlyList<Deployment> live)
    {
        if (desired.Hpa is null)
        {
            return service.Spec.DesiredCount ?? 1;
        }
        var production = BlueGreenPlanner.ProductionOf(live);
        return ReplicasHandOff.Replicas(desired, production?.Spec?.Replicas, service.Spec.DesiredCount);
    }

    private static TimeSpan? Earliest(TimeSpan? after, DateTimeOffset? at, DateTimeOffset now) =>
        at is { } when && (after is null || when - now < after) ? (when - now < TimeSpan.Zero ? TimeSpan.Zero : when - now) : after;

    public static ServiceStrategyStatus? Status(StrategyStep? plan) => plan?.Status;
}
