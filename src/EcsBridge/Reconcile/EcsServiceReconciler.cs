using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Apply;
using EcsBridge.Core.Apply;
using EcsBridge.Core.Build;
using EcsBridge.Core.Status;
using EcsBridge.Core.Validation;
using EcsBridge.Events;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Observability;
using EcsBridge.Status;
using EcsBridge.Watch;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Reconcile;

/// <summary>
/// Reconciles one EcsService: read it and its task definition revision from the cache → validate → build the
/// desired Deployment (or DaemonSet), Service and HPA with the pure builders → server-side apply what differs and
/// prune what is no longer desired → compute status (ECS's describe-services shape) and write it if it changed.
/// A bad service never throws: it gets a condition and an Event, and the others carry on.
/// </summary>
internal sealed class EcsServiceReconciler(
    Caches caches, ChildApplier applier, StatusWriter statusWriter, EventRecorder events, BuildOptions buildOptions,
    TimeProvider time, ILogger<EcsServiceReconciler> logger) : IReconciler
{
    /// <summary>Owns spec.replicas while an HPA takes over, so dropping the field from our apply keeps the count.</summary>
    public const string ReplicasHandOffManager = "ecsbridge-replicas-handoff";

    public string Name => "ecsservice";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var service = caches.Services.Get(key.Namespace, key.Name);
        if (service is null || service.Metadata.DeletionTimestamp is not null)
        {
            // Children carry owner references: the garbage collector removes them.
            return ReconcileResult.Done;
        }
        var now = Truncate(time.GetUtcNow());
        var resolution = Resolve(service);
        if (resolution.Problem is { } problem)
        {
            Log.Invalid(logger, GroupVersion.ServiceKind, key.ToString(), problem.Message);
            await WriteStatusAsync(service, new ServiceStatusInput { Service = service, Problem = problem, Notes = resolution.Notes, Now = now }, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        if (resolution.TaskDefinition is not { } resolved)
        {
            return ReconcileResult.Done;
        }
        var desired = DesiredStateBuilder.Build(service, resolved, buildOptions with { OwnerUid = service.Metadata.Uid });
        // The builder words notes from the service's point of view; the validators' service-level warnings fill in
        // what it does not cover. Task-definition warnings live on the EcsTaskDefinition's own status.
        var builderFields = desired.Notes.Select(n => n.Field).ToHashSet(StringComparer.Ordinal);
        var notes = desired.Notes.Concat(resolution.Notes.Where(n => !builderFields.Contains(n.Field))).ToList();

        ObservedChildren observed;
        try
        {
            observed = await ApplyChildrenAsync(service, desired, cancellationToken).ConfigureAwait(false);
        }
        catch (ChildConflictException ex)
        {
            await WriteStatusAsync(service, new ServiceStatusInput
            {
                Service = service, TaskDefinition = resolved.Reference, Selector = desired.Selector,
                Problem = new ServiceProblem(ConditionReasons.ApplyFailed, ex.Message), Notes = notes, Now = now,
            }, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(TimeSpan.FromSeconds(10));
        }
        catch (KubeApiException ex) when (ex.StatusCode is System.Net.HttpStatusCode.UnprocessableEntity or System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Forbidden)
        {
            // The server refused what we built (or we may not write it): a condition, not a hot retry loop.
            var applyProblem = new ServiceProblem(ConditionReasons.ApplyFailed, ex.Message);
            await WriteStatusAsync(service, new ServiceStatusInput
            {
                Service = service, TaskDefinition = resolved.Reference, Selector = desired.Selector, Problem = applyProblem, Notes = notes, Now = now,
            }, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(TimeSpan.FromMinutes(1));
        }

        var status = await WriteStatusAsync(service, new ServiceStatusInput
        {
            Service = service,
            TaskDefinition = resolved.Reference,
            Selector = desired.Selector,
            Deployment = observed.Deployment,
            DaemonSet = observed.DaemonSet,
            Hpa = observed.Hpa,
            Rollback = resolution.ActiveRollback,
            Warning = resolution.Warning,
            Notes = notes,
            Now = now,
        }, cancellationToken).ConfigureAwait(false);
        await RevisionOwnership.EnsureAsync(applier.Client, caches.Revisions, service, status, cancellationToken).ConfigureAwait(false);

        return await CircuitBreakAsync(service, status, resolved, now, cancellationToken).ConfigureAwait(false);
    }

    private sealed record Resolution(ResolvedTaskDefinition? TaskDefinition, ServiceProblem? Problem, IReadOnlyList<TranslationNote> Notes)
    {
        public ServiceRollback? ActiveRollback { get; init; }

        /// <summary>A problem that leaves the workload running (the family deleted).</summary>
        public ServiceProblem? Warning { get; init; }
    }

    private sealed record ObservedChildren(Deployment? Deployment, DaemonSet? DaemonSet, HorizontalPodAutoscaler? Hpa);

    /// <summary>Finds the task definition revision the service runs: the rollback target while a circuit-breaker
    /// rollback holds, else the spec's `family` (latest) or `family:revision` (pinned); with the family deleted, the
    /// stored revision the service already runs.</summary>
    private Resolution Resolve(EcsService service)
    {
        var ns = service.Metadata.Namespace;
        if (!TaskDefinitionReference.TryParse(service.Spec.TaskDefinition, out var reference))
        {
            return new(null, new ServiceProblem(ConditionReasons.ValidationFailed,
                $"spec.taskDefinition: \"{service.Spec.TaskDefinition}\" is not family, family:revision or a task definition ARN"), []);
        }
        // A circuit-breaker rollback holds while the spec still asks for the revision that failed: the same pin, or a
        // followed family whose latest revision is still that one (or that was deleted, so nothing new was given).
        // Only another revision is a new deployment: a scale or any other spec change never brings the failure back.
        ServiceRollback? activeRollback = null;
        if (service.Status?.Rollback is { } rollback && TaskDefinitionReference.TryParse(rollback.ToTaskDefinition, out var rollbackRef))
        {
            var followed = Existing(caches.TaskDefinitions.Get(ns, reference.Family));
            var target = reference.Revision is { } pinnedRevision ? $"{reference.Family}:{pinnedRevision}"
                : followed is not null ? $"{reference.Family}:{followed.Status?.Revision}"
                : rollbackRef.Family == reference.Family ? rollback.FromTaskDefinition : reference.Family;
            if (target == rollback.FromTaskDefinition)
            {
                activeRollback = rollback;
                reference = rollbackRef;
            }
        }
        var td = Existing(caches.TaskDefinitions.Get(ns, reference.Family));
        ServiceProblem? warning = null;
        EcsTaskDefinitionSpec spec;
        int revision;
        if (td is null)
        {
            // The family is gone. The revision the service runs outlives it (the service co-owns it, see
            // RevisionOwnership), so the workload keeps running it; a service that runs nothing of the family fails.
            var runningRevision = TaskDefinitionReference.TryParse(service.Status?.TaskDefinition, out var running) && running.Family == reference.Family
                ? running.Revision : null;
            var keptRevision = reference.Revision ?? runningRevision;
            var kept = keptRevision is { } k ? FindRevision(ns, reference.Family, k) : null;
            if (kept is null)
            {
                return new(null, new ServiceProblem(ConditionReasons.TaskDefinitionNotFound,
                    $"spec.taskDefinition: EcsTaskDefinition \"{reference.Family}\" does not exist in namespace {ns}"), []);
            }
            spec = kept;
            revision = keptRevision!.Value;
            warning = new ServiceProblem(ConditionReasons.TaskDefinitionDeleted,
                $"EcsTaskDefinition \"{reference.Family}\" no longer exists in namespace {ns}; the service keeps running its stored revision {reference.Family}:{revision}. Recreate the task definition or point spec.taskDefinition at another one");
        }
        else if (reference.Revision is null || reference.Revision == td.Status?.Revision)
        {
            var latest = td.Status?.Revision;
            if (latest is null || td.Status?.ObservedGeneration != td.Metadata.Generation)
            {
                // The task definition controller has not recorded this spec yet (or it is invalid); its status
                // update enqueues this service again.
                var tdInvalid = td.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Valid && c.Status == "False");
                if (tdInvalid is not null && latest is null)
                {
                    return new(null, new ServiceProblem(ConditionReasons.ValidationFailed, $"spec.taskDefinition: EcsTaskDefinition {reference.Family} is invalid: {tdInvalid.Message}"), []);
                }
                if (latest is null)
                {
                    // Created a moment ago: its revision is being recorded, and that status update enqueues us.
                    return new(null, null, []);
                }
                // An invalid newer spec: keep running the last recorded revision.
                var last = FindRevision(ns, reference.Family, latest.Value);
                if (last is null)
                {
                    return new(null, new ServiceProblem(ConditionReasons.RevisionNotFound, $"revision {reference.Family}:{latest} is not recorded"), []);
                }
                spec = last;
                revision = latest.Value;
            }
            else
            {
                spec = td.Spec;
                revision = latest.Value;
            }
        }
        else
        {
            var pinned = FindRevision(ns, reference.Family, reference.Revision.Value);
            if (pinned is null)
            {
                return new(null, new ServiceProblem(ConditionReasons.RevisionNotFound,
                    $"spec.taskDefinition: revision {reference} does not exist (latest is {reference.Family}:{td.Status?.Revision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})"), []);
            }
            spec = pinned;
            revision = reference.Revision.Value;
        }

        var serviceValidation = ServiceValidator.Validate(service.Spec, spec, service.Metadata.Name);
        var tdValidation = TaskDefinitionValidator.Validate(spec, reference.Family);
        var notes = serviceValidation.Warnings.Select(w => w.ToTranslationNote()).ToList();
        var errors = tdValidation.Errors.Concat(serviceValidation.Errors).ToList();
        if (errors.Count > 0)
        {
            return new(null, new ServiceProblem(ConditionReasons.ValidationFailed, string.Join("; ", errors.Select(e => e.ToString()))), notes);
        }
        return new(new ResolvedTaskDefinition(reference.Family, revision, spec), null, notes) { ActiveRollback = activeRollback, Warning = warning };
    }

    /// <summary>A task definition being deleted counts as gone: its revisions are on their way out.</summary>
    private static EcsTaskDefinition? Existing(EcsTaskDefinition? td) => td?.Metadata.DeletionTimestamp is null ? td : null;

    private EcsTaskDefinitionSpec? FindRevision(string? ns, string family, int revision)
    {
        var stored = caches.Revisions.Get(ns, EcsTaskDefinitionReconciler.RevisionName(family, revision));
        return stored?.Data?.Deserialize(ApiJsonContext.Default.EcsTaskDefinitionSpec);
    }

    /// <summary>The children are independent objects, so they are written concurrently: a reconcile costs one
    /// round trip of latency for all of them, not one each.</summary>
    private async Task<ObservedChildren> ApplyChildrenAsync(EcsService service, DesiredState desired, CancellationToken cancellationToken)
    {
        var ns = service.Metadata.Namespace;
        var name = service.Metadata.Name!;
        var uid = service.Metadata.Uid!;
        var liveDeployment = Owned(caches.Deployments.Get(ns, name), uid);
        var liveDaemonSet = Owned(caches.DaemonSets.Get(ns, name), uid);
        var liveService = Owned(caches.KubeServices.Get(ns, name), uid);
        var liveHpa = Owned(caches.Hpas.Get(ns, name), uid);

        var deployment = EnsureDeploymentAsync(service, desired, liveDeployment, liveHpa, cancellationToken);
        var daemonSet = EnsureOrPruneAsync(OperatorResources.DaemonSets, desired.DaemonSet, liveDaemonSet, WorkloadsJsonContext.Default.DaemonSet, cancellationToken);
        var kubeService = EnsureOrPruneAsync(ResourceType.Services, desired.Service, liveService, WorkloadsJsonContext.Default.Service, cancellationToken);
        var hpa = EnsureOrPruneAsync(caches.HpaType, desired.Hpa, liveHpa, WorkloadsJsonContext.Default.HorizontalPodAutoscaler, cancellationToken);
        var account = desired.ServiceAccountName is { } accountName
            ? EnsureServiceAccountAsync(service, accountName, desired.TaskRoleArn, cancellationToken)
            : Task.CompletedTask;
        await Task.WhenAll(deployment, daemonSet, kubeService, hpa, account).ConfigureAwait(false);
        return new ObservedChildren(await deployment.ConfigureAwait(false), await daemonSet.ConfigureAwait(false), await hpa.ConfigureAwait(false));
    }

    /// <summary>The Deployment, with the replicas hand-off to an HPA that is about to take over: the hand-off manager
    /// must own spec.replicas before our apply drops the field (existing Deployment), or right after the create.</summary>
    private async Task<Deployment?> EnsureDeploymentAsync(EcsService service, DesiredState desired, Deployment? liveDeployment,
        HorizontalPodAutoscaler? liveHpa, CancellationToken cancellationToken)
    {
        if (desired.Deployment is null)
        {
            return await EnsureOrPruneAsync(ResourceType.Deployments, null, liveDeployment, WorkloadsJsonContext.Default.Deployment, cancellationToken).ConfigureAwait(false);
        }
        var ns = service.Metadata.Namespace;
        var name = service.Metadata.Name!;
        var handOff = desired.Hpa is not null && liveHpa is null;
        var replicas = Math.Clamp(liveDeployment?.Spec?.Replicas ?? service.Spec.DesiredCount ?? 1, desired.Hpa?.Spec?.MinReplicas ?? 1, desired.Hpa?.Spec?.MaxReplicas ?? int.MaxValue);
        if (handOff && liveDeployment is not null)
        {
            await HandOffReplicasAsync(ns, name, replicas, cancellationToken).ConfigureAwait(false);
        }
        var deployment = await applier.EnsureAsync(ResourceType.Deployments, ApplyBody.For(desired.Deployment), liveDeployment,
            WorkloadsJsonContext.Default.Deployment, cancellationToken).ConfigureAwait(false);
        if (handOff && liveDeployment is null)
        {
            await HandOffReplicasAsync(ns, name, replicas, cancellationToken).ConfigureAwait(false);
        }
        return deployment;
    }

    /// <summary>Applies a desired child, or deletes the live one when it is no longer desired.</summary>
    private async Task<T?> EnsureOrPruneAsync<T>(ResourceType type, T? desired, T? live, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken) where T : class, IKubernetesObject
    {
        if (desired is not null)
        {
            return await applier.EnsureAsync(type, ApplyBody.For(desired), live, typeInfo, cancellationToken).ConfigureAwait(false);
        }
        if (live is not null)
        {
            await applier.PruneAsync(type, live, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    /// <summary>taskRoleArn → a ServiceAccount named after the family with the IRSA annotation (inert outside EKS).
    /// Several services of one family share it, each as an owner, so it goes with the last of them. Read directly
    /// (no cache for ServiceAccounts) and written only when missing or different.</summary>
    private async Task EnsureServiceAccountAsync(EcsService service, string name, string? roleArn, CancellationToken cancellationToken)
    {
        const string RoleAnnotation = "eks.amazonaws.com/role-arn";
        var ns = service.Metadata.Namespace;
        var live = await applier.Client.TryGetAsync(ResourceType.ServiceAccounts, ns, name, Kubernetes.Json.KubeJsonContext.Default.JsonObject,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var owned = (live?["metadata"]?["ownerReferences"] as JsonArray)?.Any(o => o?["uid"]?.GetValue<string>() == service.Metadata.Uid) == true;
        if (live is not null && owned && live["metadata"]?["annotations"]?[RoleAnnotation]?.GetValue<string>() == roleArn)
        {
            return;
        }
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ServiceAccount",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { [Labels.ManagedBy] = Labels.ManagedByValue },
                ["annotations"] = new JsonObject { [RoleAnnotation] = roleArn },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = GroupVersion.ApiVersion, ["kind"] = GroupVersion.ServiceKind,
                    ["name"] = service.Metadata.Name, ["uid"] = service.Metadata.Uid,
                }),
            },
        };
        // One field manager per service, so each service's owner reference is its own and survives the others.
        await applier.ApplyAsManagerAsync(ResourceType.ServiceAccounts, ns, name, body, applier.FieldManager + "-" + service.Metadata.Uid, cancellationToken).ConfigureAwait(false);
    }

    private Task HandOffReplicasAsync(string? ns, string name, int replicas, CancellationToken cancellationToken) =>
        applier.ApplyAsManagerAsync(ResourceType.Deployments, ns, name, new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["replicas"] = replicas },
        }, ReplicasHandOffManager, cancellationToken);

    /// <summary>A child with our name that this EcsService does not control (made by hand or by another tool, or
    /// left by a deleted namesake the garbage collector has not reached yet) is not ours to overwrite.</summary>
    private static T? Owned<T>(T? child, string ownerUid) where T : class, IKubernetesObject
    {
        if (child is null || child.Metadata.OwnerReferences?.Any(o => o.Uid == ownerUid && o.Controller == true) == true)
        {
            return child;
        }
        throw new ChildConflictException($"{child.Kind ?? "object"} {child.Metadata.Namespace}/{child.Metadata.Name} exists and is not controlled by this EcsService; delete or rename it");
    }

    private async Task<EcsServiceStatus> WriteStatusAsync(EcsService service, ServiceStatusInput input, CancellationToken cancellationToken)
    {
        var status = ServiceStatusCalculator.Compute(input);
        var written = await statusWriter.WriteAsync(OperatorResources.EcsServices, service, service.Status, status,
            ApiJsonContext.Default.EcsServiceStatus, cancellationToken).ConfigureAwait(false);
        if (written)
        {
            RecordTransitions(service, status);
        }
        return status;
    }

    /// <summary>Events for the transitions a person wants to see in `kubectl describe`: only when a condition's
    /// reason changes, never once per reconcile.</summary>
    private void RecordTransitions(EcsService service, EcsServiceStatus status)
    {
        var before = service.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        var after = status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        if (after is null || (before?.Reason == after.Reason && before?.Status == after.Status))
        {
            return;
        }
        var type = after.Status == "True" || after.Reason == ConditionReasons.RolloutInProgress ? EventRecorder.Normal : EventRecorder.Warning;
        events.Record(service, type, after.Reason, after.Message);
    }

    /// <summary>ECS's deployment circuit breaker: a rollout that failed goes back to the last completed revision
    /// when rollback is on (and stays there until the service is given another revision, see Resolve).</summary>
    private async Task<ReconcileResult> CircuitBreakAsync(EcsService service, EcsServiceStatus status, ResolvedTaskDefinition running,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var breaker = service.Spec.DeploymentConfiguration?.DeploymentCircuitBreaker;
        var primary = status.Deployments?.FirstOrDefault(d => d.Status == DeploymentStatuses.Primary);
        if (breaker?.Enable != true || breaker.Rollback != true || primary?.RolloutState != RolloutStates.Failed
            || status.LastCompletedTaskDefinition is not { } target || target == running.Reference || status.Rollback is not null)
        {
            return ReconcileResult.Done;
        }
        var rolledBack = status with
        {
            Rollback = new ServiceRollback
            {
                FromTaskDefinition = running.Reference,
                ToTaskDefinition = target,
                Generation = service.Metadata.Generation ?? 0,
                At = now,
            },
        };
        await statusWriter.WriteAsync(OperatorResources.EcsServices, service, status, rolledBack, ApiJsonContext.Default.EcsServiceStatus, cancellationToken).ConfigureAwait(false);
        Log.RollingBack(logger, service.Metadata.Namespace + "/" + service.Metadata.Name, primary.RolloutStateReason ?? "failed", target);
        events.Record(service, EventRecorder.Warning, ConditionReasons.RolledBack,
            $"deployment circuit breaker: the rollout of {running.Reference} failed; rolling back to {target}");
        // Our status write does not enqueue us; look again now to apply the rollback target.
        return ReconcileResult.After(TimeSpan.FromMilliseconds(200));
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
