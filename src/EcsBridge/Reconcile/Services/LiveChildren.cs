using System.Text.Json.Serialization.Metadata;
using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Build.Strategies;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Watch;

namespace EcsBridge.Reconcile.Services;

/// <summary>The live children this EcsService controls; null where there is none (create it, or nothing to prune).</summary>
internal sealed record LiveChildren(Deployment? Deployment, DaemonSet? DaemonSet, Service? Service, HorizontalPodAutoscaler? Hpa,
    ServiceAccount? ServiceAccount, Service? TestService = null);

/// <summary>
/// Step one of applying the children: find what is in each child's place and whether it is ours
/// (<see cref="ChildOwnership"/>). The caches hold only objects labelled managed-by ecsbridge, so a miss does not
/// mean "absent": before creating a child the object is read from the API server. That costs a GET only while a
/// desired child is missing from the cache (creation, or cache lag right after it), never in steady state. An object
/// we do not control is reported when we would write it and ignored otherwise (never pruned).
/// </summary>
internal sealed class LiveChildReader(Caches caches, KubeClient client)
{
    /// <exception cref="ChildConflictException">Some desired child's place holds an object we do not control; the
    /// message names every such object.</exception>
    public async Task<LiveChildren> ReadAsync(EcsService service, DesiredState desired, CancellationToken cancellationToken)
    {
        var ns = service.Metadata.Namespace;
        var name = service.Metadata.Name!;
        // BLUE_GREEN names the Deployment after its revision; every other child is named after the service.
        var deployment = ClaimAsync(ResourceType.Deployments, caches.Deployments, desired.Deployment?.Metadata.Name ?? name, desired.Deployment is not null, service, WorkloadsJsonContext.Default.Deployment, cancellationToken);
        var daemonSet = ClaimAsync(OperatorResources.DaemonSets, caches.DaemonSets, name, desired.DaemonSet is not null, service, WorkloadsJsonContext.Default.DaemonSet, cancellationToken);
        var kubeService = ClaimAsync(ResourceType.Services, caches.KubeServices, name, desired.Service is not null, service, WorkloadsJsonContext.Default.Service, cancellationToken);
        var testService = ClaimAsync(ResourceType.Services, caches.KubeServices, desired.TestService?.Metadata.Name ?? BlueGreenPlanner.TestServiceName(name),
            desired.TestService is not null, service, WorkloadsJsonContext.Default.Service, cancellationToken);
        var hpa = ClaimAsync(caches.HpaType, caches.Hpas, name, desired.Hpa is not null, service, WorkloadsJsonContext.Default.HorizontalPodAutoscaler, cancellationToken);
        var account = desired.ServiceAccount is { } wanted
            ? ClaimServiceAccountAsync(ns, wanted.Metadata.Name!, name, cancellationToken)
            : Task.FromResult(new Claim<ServiceAccount>(null, null));
        await Task.WhenAll(deployment, daemonSet, kubeService, testService, hpa, account).ConfigureAwait(false);

        string?[] conflicts = [deployment.Result.Conflict, daemonSet.Result.Conflict, kubeService.Result.Conflict, testService.Result.Conflict, hpa.Result.Conflict, account.Result.Conflict];
        if (conflicts.Any(c => c is not null))
        {
            throw new ChildConflictException(string.Join("; ", conflicts.OfType<string>()));
        }
        return new LiveChildren(deployment.Result.Live, daemonSet.Result.Live, kubeService.Result.Live, hpa.Result.Live, account.Result.Live, testService.Result.Live);
    }

    private sealed record Claim<T>(T? Live, string? Conflict) where T : class;

    private async Task<Claim<T>> ClaimAsync<T>(ResourceType type, NamespacedInformer<T> cache, string name, bool desired, EcsService service,
        JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) where T : class, IKubernetesObject
    {
        var ns = service.Metadata.Namespace;
        var live = cache.Get(ns, name);
        if (live is null && desired)
        {
            // An unlabelled namesake is invisible to the cache: look before creating.
            live = await client.TryGetAsync(type, ns, name, typeInfo, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        return ChildOwnership.Decide(live?.Metadata, service.Metadata.Uid!) switch
        {
            Ownership.Controlled => new(live, null),
            Ownership.Foreign when desired => new(null, ChildOwnership.ConflictMessage(type.Kind, live!.Metadata, name)),
            // Absent, or foreign but not wanted: nothing to write and not ours to prune.
            _ => new(null, null),
        };
    }

    /// <summary>There is no ServiceAccount cache (they are few and shared): always read directly.</summary>
    private async Task<Claim<ServiceAccount>> ClaimServiceAccountAsync(string? ns, string accountName, string serviceName, CancellationToken cancellationToken)
    {
        var live = await client.TryGetAsync(ResourceType.ServiceAccounts, ns, accountName, WorkloadsJsonContext.Default.ServiceAccount,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return ChildOwnership.DecideShared(live?.Metadata) == Ownership.Foreign
            ? new(null, ChildOwnership.SharedConflictMessage(live!.Metadata, serviceName))
            : new(live, null);
    }
}
