namespace EcsBridge.Reconcile;

/// <summary>The outcome of one reconcile, as controller-runtime's: done, or look again after a while.
/// Failures are exceptions, retried with per-key backoff.</summary>
internal sealed record ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
