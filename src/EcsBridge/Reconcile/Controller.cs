using System.Diagnostics;
using EcsBridge.Kubernetes;
using EcsBridge.Observability;
using EcsBridge.Kubernetes.Watch;
using EcsBridge.Queue;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Reconcile;

/// <summary>
/// Runs N workers over one queue: dequeue → reconcile → Forget (success or terminal error), AddAfter (requeue after),
/// or AddRateLimited (retry with backoff, failure) → Done, always. Stopping is graceful: no new keys are taken and reconciles in flight finish;
/// <c>abort</c> (leadership lost) cancels them at once so nothing more is written.
/// </summary>
internal sealed partial class Controller(IReconciler reconciler, WorkQueue queue, int workers, OperatorMetrics metrics, TimeProvider time, ILogger logger)
{
    private int _inFlight;

    public string Name => reconciler.Name;

    public WorkQueue Queue => queue;

    public int InFlight => Volatile.Read(ref _inFlight);

    public async Task RunAsync(CancellationToken stopping, CancellationToken abort)
    {
        using var registration = stopping.Register(queue.ShutDown);
        var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkerLoopAsync(abort), CancellationToken.None)).ToArray();
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private async Task WorkerLoopAsync(CancellationToken abort)
    {
        while (true)
        {
            string? key;
            try
            {
                key = await queue.GetAsync(abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (key is null)
            {
                return;
            }
            Interlocked.Increment(ref _inFlight);
            try
            {
                await ProcessAsync(key, abort).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                queue.Done(key);
            }
        }
    }

    private async Task ProcessAsync(string key, CancellationToken abort)
    {
        var started = time.GetTimestamp();
        using var activity = Tracing.Source.StartActivity("reconcile " + reconciler.Name, ActivityKind.Internal);
        activity?.SetTag("ecsbridge.controller", reconciler.Name);
        activity?.SetTag("ecsbridge.key", key);
        using var scope = logger.BeginScope(new ReconcileScope(reconciler.Name, key, Guid.NewGuid().ToString("N")[..12]));
        Log.Reconciling(logger, reconciler.Name, key);
        try
        {
            var result = await reconciler.ReconcileAsync(ObjectKey.Parse(key), abort).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started);
            if (result.Backoff)
            {
                // No Forget: the per-key backoff keeps growing until a reconcile succeeds.
                var backoff = queue.AddRateLimited(key);
                metrics.Reconciled(reconciler.Name, "requeue", elapsed);
                RetryingWithBackoff(logger, reconciler.Name, key, queue.NumRequeues(key), backoff);
                return;
            }
            queue.Forget(key);
            if (result.TerminalError is { } error)
            {
                // Reported in status already; retrying cannot help, a change to the object or its inputs will.
                metrics.Reconciled(reconciler.Name, "error", elapsed);
                metrics.TerminalError(reconciler.Name);
                activity?.SetStatus(ActivityStatusCode.Error, error);
                TerminalErrorLogged(logger, reconciler.Name, key, error);
                return;
            }
            if (result.RequeueAfter is { } delay)
            {
                queue.AddAfter(key, delay);
                metrics.Reconciled(reconciler.Name, "requeue_after", elapsed);
            }
            else
            {
                metrics.Reconciled(reconciler.Name, "success", elapsed);
            }
            Log.Reconciled(logger, reconciler.Name, key, elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Leadership lost or hard stop: drop the key; the next leader reconciles it from its own cache.
        }
        catch (Exception ex)
        {
            metrics.Reconciled(reconciler.Name, "error", time.GetElapsedTime(started));
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            var backoff = queue.AddRateLimited(key);
            Log.ReconcileFailed(logger, ex, reconciler.Name, key, queue.NumRequeues(key), backoff);
        }
    }

    [LoggerMessage(EventIdRanges.Reconcile + 10, LogLevel.Information, "Reconcile of {Controller} {Key} ended with a terminal error, not retried until the object or its inputs change: {Error}")]
    private static partial void TerminalErrorLogged(ILogger logger, string controller, string key, string error);

    [LoggerMessage(EventIdRanges.Reconcile + 11, LogLevel.Debug, "Reconcile of {Controller} {Key} waits; retry {Retry} in {Backoff}")]
    private static partial void RetryingWithBackoff(ILogger logger, string controller, string key, int retry, TimeSpan backoff);
}
