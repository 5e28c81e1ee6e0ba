using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using EcsBridge.Api;
using EcsBridge.Apply;
using EcsBridge.Core.Apply;
using EcsBridge.Core.Build;
using EcsBridge.Core.Status;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Watch;

namespace EcsBridge.Reconcile.Services;

/// <summary>The children as the server holds them after the apply, for the status.</summary>
internal sealed record ObservedChildren(Deployment? Deployment, DaemonSet? DaemonSet, HorizontalPodAutoscaler? Hpa);

/// <summary>What applying the children came to: the observed children, or a problem for the status and how the
/// reconcile ends (see <see cref="ApplyFailures"/>).</summary>
internal sealed record ChildrenOutcome(ObservedChildren? Observed, ServiceProblem? Problem, ReconcileResult Result);

/// <summary>
/// Phase 2 of an EcsService reconcile: claim the children (<see cref="LiveChildReader"/>: nothing is written when any
/// child's place holds an object we do not control), then server-side apply each desired child that differs and prune
/// each one no longer desired. The children are independent objects, so they are written concurrently: a reconcile
/// costs one round trip of latency for all of them, not one each.
/// </summary>
internal sealed class ChildrenApplier(Caches caches, ChildApplier applier)
{
    private readonly LiveChildReader _reader = new(caches, applier.Client);

    public async Task<ChildrenOutcome> ApplyAsync(EcsService service, DesiredState desired, CancellationToken cancellationToken)
    {
        try
        {
            var live = await _reader.ReadAsync(service, desired, cancellationToken).ConfigureAwait(false);
            var observed = await WriteAsync(service, desired, live, cancellationToken).ConfigureAwait(false);
            return new ChildrenOutcome(observed, null, ReconcileResult.Done);
        }
        catch (Exception ex) when (ApplyFailures.Classify(ex) is { } failure)
        {
            return new ChildrenOutcome(null, failure.Problem, failure.Result);
        }
    }

    private async Task<ObservedChildren> WriteAsync(EcsService service, DesiredState desired, LiveChildren live, CancellationToken cancellationToken)
    {
        var account = desired.ServiceAccount is { } wanted
            ? EnsureServiceAccountAsync(service, wanted, live.ServiceAccount, cancellationToken)
            : Task.CompletedTask;
        var deployment = EnsureDeploymentAsync(service, desired, live.Deployment, live.Hpa, cancellationToken);
        var daemonSet = EnsureOrPruneAsync(OperatorResources.DaemonSets, desired.DaemonSet, live.DaemonSet, WorkloadsJsonContext.Default.DaemonSet, cancellationToken);
        var kubeService = EnsureOrPruneAsync(ResourceType.Services, desired.Service, live.Service, WorkloadsJsonContext.Default.Service, cancellationToken);
        var testService = EnsureOrPruneAsync(ResourceType.Services, desired.TestService, live.TestService, WorkloadsJsonContext.Default.Service, cancellationToken);
        var hpa = EnsureOrPruneAsync(caches.HpaType, desired.Hpa, live.Hpa, WorkloadsJsonContext.Default.HorizontalPodAutoscaler, cancellationToken);
        var retired = Task.WhenAll(desired.Retired.Select(d => RetireAsync(service, d, cancellationToken)));
        var scaled = Task.WhenAll(desired.Scaled.Select(s => ScaleAsync(service, s, cancellationToken)));
        var hooks = Task.WhenAll(desired.HookTasks.Select(t => StartHookAsync(t, cancellationToken)));
        await Task.WhenAll(account, deployment, daemonSet, kubeService, testService, hpa, retired, scaled, hooks).ConfigureAwait(false);
        return new ObservedChildren(await deployment.ConfigureAwait(false), await daemonSet.ConfigureAwait(false), await hpa.ConfigureAwait(false));
    }

    /// <summary>The Deployment, with the replicas hand-off (<see cref="ReplicasHandOff"/>) when an HPA is about to take
    /// over: the hand-off manager must own spec.replicas before our apply drops the field (existing Deployment), or
    /// right after the create.</summary>
    private async Task<Deployment?> EnsureDeploymentAsync(EcsService service, DesiredState desired, Deployment? live,
        HorizontalPodAutoscaler? liveHpa, CancellationToken cancellationToken)
    {
        if (desired.Deployment is null)
        {
            return await EnsureOrPruneAsync(ResourceType.Deployments, null, live, WorkloadsJsonContext.Default.Deployment, cancellationToken).ConfigureAwait(false);
        }
        var handOff = ReplicasHandOff.Needed(desired, hpaExists: liveHpa is not null);
        // The Deployment's own name: BLUE_GREEN, LINEAR and CANARY name it after its revision.
        var handOffBody = ReplicasHandOff.Body(service.Metadata.Namespace, desired.Deployment.Metadata.Name ?? service.Metadata.Name!,
            ReplicasHandOff.Replicas(desired, live?.Spec?.Replicas, service.Spec.DesiredCount));
        if (handOff && live is not null)
        {
            await HandOffAsync(handOffBody, cancellationToken).ConfigureAwait(false);
        }
        var deployment = await EnsureAsync(ResourceType.Deployments, desired.Deployment, live, WorkloadsJsonContext.Default.Deployment, cancellationToken).ConfigureAwait(false);
        if (handOff && live is null)
        {
            await HandOffAsync(handOffBody, cancellationToken).ConfigureAwait(false);
        }
        return deployment;
    }

    private Task HandOffAsync(JsonObject body, CancellationToken cancellationToken) =>
        applier.ApplyAsManagerAsync(ResourceType.Deployments, body["metadata"]!["namespace"]?.GetValue<string>(), body["metadata"]!["name"]!.GetValue<string>(),
            body, ReplicasHandOff.FieldManager, force: true, cancellationToken);

    /// <summary>Deletes a Deployment of an earlier revision (blue after its bake, or one replaced mid-deployment); only
    /// one this service controls (the list comes from the cache's owner index, checked again here).</summary>
    private Task RetireAsync(EcsService service, Deployment deployment, CancellationToken cancellationToken) =>
        ChildOwnership.Decide(deployment.Metadata, service.Metadata.Uid!) == Ownership.Controlled
            ? applier.PruneAsync(ResourceType.Deployments, deployment, cancellationToken)
            : Task.CompletedTask;

    /// <summary>Resizes a Deployment of an earlier revision for a LINEAR/CANARY step: spec.replicas alone, under its own
    /// field manager (forced: the revision's own apply set it first). Only a Deployment this service controls.</summary>
    private Task ScaleAsync(EcsService service, ScaledDeployment scale, CancellationToken cancellationToken)
    {
        var live = caches.Deployments.Get(scale.Namespace, scale.Name);
        return live is not null && ChildOwnership.Decide(live.Metadata, service.Metadata.Uid!) == Ownership.Controlled
            ? applier.ApplyAsManagerAsync(ResourceType.Deployments, scale.Namespace, scale.Name, scale.Body(), ScaledDeployment.FieldManager, force: true, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>Creates a lifecycle hook's task. Create, never apply: a name already taken (by the hook task the cache has
    /// not shown yet, or by an object we do not control) is left as it is; the next reconcile reads which it was.</summary>
    private async Task StartHookAsync(EcsTask task, CancellationToken cancellationToken)
    {
        try
        {
            await applier.Client.CreateAsync(OperatorResources.EcsTasks, task.Metadata.Namespace, task, ApiJsonContext.Default.EcsTask, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (KubeConflictException)
        {
            // Already exists: see above.
        }
    }

    /// <summary>Applies a desired child, or deletes the live one when it is no longer desired.</summary>
    private async Task<T?> EnsureOrPruneAsync<T>(ResourceType type, T? desired, T? live, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class, IKubernetesObject
    {
        if (desired is not null)
        {
            return await EnsureAsync(type, desired, live, typeInfo, cancellationToken).ConfigureAwait(false);
        }
        if (live is not null)
        {
            await applier.PruneAsync(type, live, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    private async Task<T> EnsureAsync<T>(ResourceType type, T desired, T? live, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class, IKubernetesObject
    {
        try
        {
            return await applier.EnsureAsync(type, ApplyBody.For(desired), live, typeInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeConflictException ex) when (live is null)
        {
            throw CreatedMeanwhile(type.Kind, desired.Metadata, ex);
        }
    }

    /// <summary>The family's ServiceAccount, shared: each service adds its own (non-controller) owner reference under
    /// its own field manager, so each reference is its own and survives the others. Written only when this service
    /// is not yet an owner or the labels and annotations differ.</summary>
    private async Task EnsureServiceAccountAsync(EcsService service, ServiceAccount desired, ServiceAccount? live, CancellationToken cancellationToken)
    {
        var body = ApplyBody.For(desired);
        if (live is not null && ChildOwnership.IsOwner(live.Metadata, service.Metadata.Uid!))
        {
            // The owner list is shared, so compare everything but it.
            var withoutOwners = body.DeepClone().AsObject();
            withoutOwners["metadata"]!.AsObject().Remove("ownerReferences");
            if (LiveObjectComparer.Covers(JsonSerializer.SerializeToNode(live, WorkloadsJsonContext.Default.ServiceAccount), withoutOwners))
            {
                return;
            }
        }
        try
        {
            await applier.ApplyAsManagerAsync(ResourceType.ServiceAccounts, desired.Metadata.Namespace, desired.Metadata.Name!, body,
                applier.FieldManager + "-" + service.Metadata.Uid, force: live is not null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeConflictException ex) when (live is null)
        {
            throw CreatedMeanwhile(ServiceAccount.KindValue, desired.Metadata, ex);
        }
    }

    private static ChildConflictException CreatedMeanwhile(string kind, ObjectMeta metadata, KubeConflictException ex) =>
        new($"{kind} {metadata.Namespace}/{metadata.Name} was created by someone else while EcsBridge was creating it ({ex.Message}); "
            + $"EcsBridge leaves it untouched. Delete or rename that {kind}; EcsBridge retries on its own");
}
