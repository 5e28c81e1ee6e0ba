namespace EcsBridge.Reconcile;

/// <summary>The outcome of one reconcile, as controller-runtime's: done, look again after a while, look again with
/// per-key backoff (<see cref="Backoff"/>), or a terminal error that no retry can fix (<see cref="TerminalError"/>).
/// Unexpected failures are exceptions, retried with per-key backoff.</summary>
internal sealed record ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    /// <summary>controller-runtime's <c>Requeue: true</c>: again through the per-key rate limiter (5 ms doubling up to
    /// 1000 s), for a state that some unwatched change may clear (a foreign object in a child's place).</summary>
    public static ReconcileResult Retry { get; } = new((TimeSpan?)null) { Backoff = true };

    /// <summary>Retry with per-key backoff instead of at a fixed time.</summary>
    public bool Backoff { get; init; }

    /// <summary>controller-runtime's <c>TerminalError</c>: a permanent error (an invalid spec, a body the API server
    /// refuses), already reported in status. Not retried on a timer; a change of the object or of a watched input
    /// enqueues it again.</summary>
    public string? TerminalError { get; init; }

    public static ReconcileResult After(TimeSpan delay) => new(delay);

    public static ReconcileResult Terminal(string error) => new((TimeSpan?)null) { TerminalError = error };
}
