using EcsBridge.Api;
using EcsBridge.Apply;
using EcsBridge.Core.Build;
using EcsBridge.Core.Build.Strategies;
using EcsBridge.Core.Validation;
using EcsBridge.Core.Status;
using EcsBridge.Events;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Watch;
using EcsBridge.Observability;
using EcsBridge.Reconcile.Services;
using EcsBridge.Status;
using EcsBridge.Watch;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Reconcile;

/// <summary>
/// Reconciles one EcsService, as a list of phases (each in Reconcile/Services/):
/// <list type="number">
/// <item>resolve the task definition revision from the caches and validate (<see cref="RevisionResolver"/>);</item>
/// <item>build the desired children with the pure builders and apply them (<see cref="ChildrenApplier"/>): claim
/// each child's place (<see cref="ChildOwnership"/>; nothing is written over an object we do not control), then
/// server-side apply what differs and prune what is no longer desired;</item>
/// <item>compute the status, once (<see cref="ServiceStatusCalculator"/>, pure), with the failed tasks counted from
/// the service's pods in the cache (<see cref="TaskFailures"/>, pure);</item>
/// <item>the circuit breaker's decision (<see cref="CircuitBreaker"/>, pure) goes into that status;</item>
/// <item>co-own the revisions the service runs and completed last, so they outlive their task definition
/// (<see cref="RevisionOwnership"/>);</item>
/// <item>write the status once, at the end, when it changed (<see cref="StatusPublisher"/>).</item>
/// </list>
/// A bad service never throws: it gets a condition and an Event, and the others carry on. Permanent problems end
/// in a terminal result (not retried on a timer); a foreign object in a child's place is retried with backoff.
/// </summary>
internal sealed class EcsServiceReconciler(
    Caches caches, ChildApplier applier, StatusWriter statusWriter, EventRecorder events, BuildOptions buildOptions,
    TimeSpan stoppedTaskTtl, TimeProvider time, ILogger<EcsServiceReconciler> logger) : IReconciler
{
    /// <summary>Our status write does not enqueue us: look again soon to apply the rollback target.</summary>
    private static readonly TimeSpan AfterRollback = TimeSpan.FromMilliseconds(200);

    private readonly RevisionResolver _resolver = new(caches);
    private readonly ChildrenApplier _children = new(caches, applier);
    private readonly StatusPublisher _status = new(statusWriter, events);

    public string Name => "ecsservice";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var service = caches.Services.Get(key.Namespace, key.Name);
        if (service is null)
        {
            return ReconcileResult.Done;
        }
        if (service.Metadata.DeletionTimestamp is not null)
        {
            // Children carry owner references: the garbage collector removes them. The operator holds no finalizer, so
            // this is seen only while someone else's (or foreground deletion's) keeps the object: say DRAINING, as ECS.
            await PublishDrainingAsync(service, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        var now = Truncate(time.GetUtcNow());

        // 1. Resolve the revision. Empty values pasted from ECS JSON ("", [], {}) are absent, as `convert` reads them.
        var given = EmptyValues.Drop(service.Spec);
        service = service with { Spec = given.Spec };
        var resolution = _resolver.Resolve(service, given);
        if (resolution.Problem is { } problem)
        {
            // The spec or its task definition is wrong; their changes enqueue the service again.
            Log.Invalid(logger, GroupVersion.ServiceKind, key.ToString(), problem.Message);
            var invalid = ServiceStatusCalculator.Compute(new ServiceStatusInput { Service = service, Problem = problem, Notes = resolution.Notes, Now = now });
            await _status.PublishAsync(service, invalid, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Terminal(problem.Message);
        }
        if (resolution.TaskDefinition is not { } resolved)
        {
            return ReconcileResult.Done;
        }

        // 2. Build and apply the children.
        // A DAEMON service's rollout arithmetic needs the node count, which its DaemonSet's status reports.
        var daemonNodes = caches.DaemonSets.Get(key.Namespace, key.Name)?.Status?.DesiredNumberScheduled;
        var desired = DesiredStateBuilder.Build(service, resolved, buildOptions with { OwnerUid = service.Metadata.Uid, DaemonNodes = daemonNodes });
        var owned = caches.Deployments.ByOwner(service.Metadata.Uid!).Where(d => d.Metadata.Namespace == key.Namespace
            && ChildOwnership.Decide(d.Metadata, service.Metadata.Uid!) == Ownership.Controlled).ToList();
        var plan = StrategyPlanning.Plan(service, resolved, desired, owned, resolution.ActiveRollback, name => caches.Tasks.Get(key.Namespace, name), now);
        desired = plan?.Desired ?? desired with { Retired = desired.Deployment is null ? [] : RollingLeftovers.Retire(key.Name, owned) };
        var children = await _children.ApplyAsync(service, desired, cancellationToken).ConfigureAwait(false);

        // 3. Compute the status, once.
        var status = ServiceStatusCalculator.Compute(new ServiceStatusInput
        {
            Service = service,
            TaskDefinition = resolved.Reference,
            Selector = desired.Selector,
            Deployment = children.Observed?.Deployment,
            OtherDeployments = plan?.Kept ?? [],
            Strategy = StrategyPlanning.Status(plan),
            DaemonSet = children.Observed?.DaemonSet,
            Hpa = children.Observed?.Hpa,
            Pods = caches.Pods.ByIndex(Caches.PodsByService, Caches.ServicePodsKey(service.Metadata.Namespace, service.Metadata.Name!)),
            EssentialContainers = desired.EssentialContainers,
            Problem = children.Problem,
            Rollback = resolution.ActiveRollback,
            Warning = resolution.Warning,
            Notes = MergeNotes(desired, resolution),
            StoppedTaskTtl = stoppedTaskTtl,
            Now = now,
        });

        // 4. The circuit breaker, into the same status.
        var rollback = children.Problem is null ? CircuitBreaker.Decide(service, status, resolved.Reference, now, plan?.HookFailure) : null;
        if (rollback is not null)
        {
            status = ServiceStatusCalculator.WithEvents(service.Status, status with { Rollback = rollback }, key.Name,
                service.Spec.ForceNewDeploymentToken, now);
        }

        // 5. The service co-owns the revisions it runs and completed last, so they outlive their task definition.
        await RevisionOwnership.EnsureAsync(applier.Client, caches.Revisions, service, status, cancellationToken).ConfigureAwait(false);

        // 6. Write the status, once.
        await _status.PublishAsync(service, status, cancellationToken).ConfigureAwait(false);
        if (rollback is not null)
        {
            Log.RollingBack(logger, key.ToString(), status.Deployments?.FirstOrDefault(d => d.Status == DeploymentStatuses.Primary)?.RolloutStateReason ?? "failed",
                rollback.ToTaskDefinition);
            return ReconcileResult.After(AfterRollback);
        }
        if (status.DeploymentStrategy is { Type: DeploymentStrategies.Linear or DeploymentStrategies.Canary } shift
            && shift.TrafficPercent != service.Status?.DeploymentStrategy?.TrafficPercent)
        {
            Log.TrafficShiftStep(logger, key.ToString(), shift.Type, shift.StepPercent ?? 100, shift.TrafficPercent ?? 0, resolved.Reference);
        }
        // BLUE_GREEN, LINEAR, CANARY: nothing in the cluster changes at a step or bake deadline, so look again then; nor
        // when a stopped task's time in status.stoppedTasks is up.
        var expiry = StoppedServiceTasks.NextExpiry(status.StoppedTasks, stoppedTaskTtl) is { } at ? at - now + TimeSpan.FromSeconds(1) : (TimeSpan?)null;
        var timer = (plan?.RequeueAfter, expiry) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, var b) => b,
        };
        return timer is { } after && children.Result.RequeueAfter is null && !children.Result.Backoff && children.Result.TerminalError is null
            ? ReconcileResult.After(after < TimeSpan.Zero ? TimeSpan.Zero : after)
            : children.Result;
    }

    private async Task PublishDrainingAsync(EcsService service, CancellationToken cancellationToken)
    {
        try
        {
            await _status.PublishAsync(service, ServiceStatusCalculator.Draining(service.Status), cancellationToken).ConfigureAwait(false);
        }
        catch (KubeNotFoundException)
        {
            // The last finalizer went meanwhile: nothing left to describe.
        }
    }

    /// <summary>The builder words notes from the service's point of view; the validators' service-level warnings fill
    /// in what it does not cover. Task-definition warnings live on the EcsTaskDefinition's own status.</summary>
    private static List<TranslationNote> MergeNotes(DesiredState desired, RevisionResolver.Resolution resolution)
    {
        var builderFields = desired.Notes.Select(n => n.Field).ToHashSet(StringComparer.Ordinal);
        return [.. desired.Notes.Concat(resolution.Notes.Where(n => !builderFields.Contains(n.Field)))];
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
