using EcsBridge.Kubernetes.Watch;

namespace EcsBridge.Reconcile;

/// <summary>Level-triggered reconcile of one object: read desired state from the cache, make the world match,
/// write status. Idempotent; no state kept between calls.</summary>
internal interface IReconciler
{
    string Name { get; }

    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
