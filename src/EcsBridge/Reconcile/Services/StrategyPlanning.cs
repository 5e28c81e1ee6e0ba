using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Build.Strategies;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Reconcile.Services;

/// <summary>
/// Between build and apply in an EcsService reconcile: the deployment strategy's step. ROLLING (and DAEMON services)
/// keep the single Deployment the builder made (null plan); BLUE_GREEN goes through <see cref="BlueGreenPlanner"/>
/// with the Deployments the service controls, read from the cache.
/// </summary>
internal static class StrategyPlanning
{
    public static BlueGreenPlan? Plan(EcsService service, ResolvedTaskDefinition resolved, DesiredState desired, IReadOnlyList<Deployment> owned,
        ServiceRollback? rollback, DateTimeOffset now)
    {
        var configuration = service.Spec.DeploymentConfiguration;
        if (configuration?.Strategy != DeploymentStrategies.BlueGreen || desired.Deployment is null)
        {
            return null;
        }
        var reference = resolved.Reference;
        return BlueGreenPlanner.Plan(new BlueGreenInput
        {
            Desired = desired,
            ServiceName = service.Metadata.Name!,
            Family = resolved.Family,
            Revision = resolved.Revision,
            DesiredCount = service.Spec.DesiredCount ?? 1,
            BakeTimeInMinutes = configuration.BakeTimeInMinutes ?? 0,
            RollingBack = rollback is not null && rollback.ToTaskDefinition == reference,
            Live = owned,
            Now = now,
        });
    }

    public static ServiceStrategyStatus? Status(BlueGreenPlan? plan, DesiredState desired) => plan is null
        ? null
        : new ServiceStrategyStatus
        {
            Type = DeploymentStrategies.BlueGreen,
            LifecycleStage = plan.Stage,
            TrafficPercent = plan.TargetTrafficPercent,
            BakeDeadline = plan.BakeDeadline,
            ProductionWorkload = plan.ProductionWorkload,
            TestService = desired.TestService?.Metadata.Name,
        };
}
