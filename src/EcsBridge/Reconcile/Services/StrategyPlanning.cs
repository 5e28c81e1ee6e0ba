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
        ServiceRollback? rollback, DateTimeOffset now)
    {
        var configuration = service.Spec.DeploymentConfiguration;
        if (desired.Deployment is null || configuration?.Strategy is not (DeploymentStrategies.BlueGreen or DeploymentStrategies.Linear or DeploymentStrategies.Canary))
        {
            return null;
        }
        var rollingBack = rollback is not null && rollback.ToTaskDefinition == resolved.Reference;
        if (configuration.Strategy == DeploymentStrategies.BlueGreen)
        {
            var blueGreen = BlueGreenPlanner.Plan(new BlueGreenInput
            {
                Desired = desired,
                ServiceName = service.Metadata.Name!,
                Family = resolved.Family,
                Revision = resolved.Revision,
                DesiredCount = service.Spec.DesiredCount ?? 1,
                BakeTimeInMinutes = configuration.BakeTimeInMinutes ?? 0,
                RollingBack = rollingBack,
                Live = owned,
                Now = now,
            });
            return new StrategyStep(blueGreen.Desired, blueGreen.Kept, new ServiceStrategyStatus
            {
                Type = DeploymentStrategies.BlueGreen,
                LifecycleStage = blueGreen.Stage,
                TrafficPercent = blueGreen.TargetTrafficPercent,
                BakeDeadline = blueGreen.BakeDeadline,
                ProductionWorkload = blueGreen.ProductionWorkload,
                TestService = blueGreen.Desired.TestService?.Metadata.Name,
            }, blueGreen.RequeueAfter);
        }
        var shift = TrafficShiftPlanner.Plan(new TrafficShiftInput
        {
            Desired = desired,
            ServiceName = service.Metadata.Name!,
            Family = resolved.Family,
            Revision = resolved.Revision,
            DesiredCount = service.Spec.DesiredCount ?? 1,
            Schedule = configuration.Strategy == DeploymentStrategies.Linear
                ? TrafficShiftSchedule.Linear(configuration.LinearConfiguration)
                : TrafficShiftSchedule.Canary(configuration.CanaryConfiguration),
            BakeTimeInMinutes = configuration.BakeTimeInMinutes ?? 0,
            RollingBack = rollingBack,
            Live = owned,
            Now = now,
        });
        return new StrategyStep(shift.Desired, shift.Kept, new ServiceStrategyStatus
        {
            Type = configuration.Strategy,
            LifecycleStage = shift.Stage,
            TrafficPercent = shift.TargetTrafficPercent,
            StepPercent = shift.StepPercent,
            StepDeadline = shift.StepDeadline,
            BakeDeadline = shift.BakeDeadline,
            ProductionWorkload = shift.ProductionWorkload,
        }, shift.RequeueAfter);
    }

    public static ServiceStrategyStatus? Status(StrategyStep? plan) => plan?.Status;
}
