using EcsBridge.Apply;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Observability;
using EcsBridge.Reconcile;
using EcsBridge.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsBridge.Hosting.Services;

/// <summary>
/// The three controllers (reconcile → build → apply → status), started last and only once this replica leads. A
/// graceful stop takes no new keys and lets reconciles in flight finish within the host's shutdown timeout; past it,
/// or when the lease is lost, they are cancelled so nothing more is written.
/// </summary>
internal sealed class ControllerService(
    IOptions<OperatorOptions> options, KubeClient client, WorkQueues queues, OperatorMetrics metrics, OperatorProgress progress,
    TimeProvider time, ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("EcsBridge.Operator");
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _hardStop = new();
    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunAsync()
    {
        try
        {
            await progress.Leading.Task.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var o = options.Value;
        var caches = progress.Caches!;
        var build = progress.BuildOptions!;
        var events = progress.Events!;
        var statusWriter = new StatusWriter(client, o.FieldManager);
        var applier = new ChildApplier(client, o.FieldManager, loggerFactory.CreateLogger<ChildApplier>());
        var others = Math.Max(1, o.MaxConcurrentReconciles / 2);
        Controller[] controllers =
        [
            new(new EcsServiceReconciler(caches, applier, statusWriter, events, build, o.StoppedTaskTtl, time, loggerFactory.CreateLogger<EcsServiceReconciler>()),
                queues.Services, o.MaxConcurrentReconciles, metrics, time, _logger),
            new(new EcsTaskDefinitionReconciler(client, caches, statusWriter, events, o.RevisionHistoryLimit, time, loggerFactory.CreateLogger<EcsTaskDefinitionReconciler>()),
                queues.TaskDefinitions, others, metrics, time, _logger),
            new(new EcsTaskReconciler(caches, applier, statusWriter, events, build, o.StoppedTaskTtl, time, loggerFactory.CreateLogger<EcsTaskReconciler>()),
                queues.Tasks, others, metrics, time, _logger),
        ];
        progress.Controllers = controllers;

        // Lost lease or the shutdown timeout: reconciles in flight are cancelled. A graceful stop: no new keys.
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(progress.Abort.Token, _hardStop.Token);
        using var workersStop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, abort.Token);
        if (o.LeaderElection)
        {
            // The standby's cache may be older than the previous leader's last writes (its watches lag, or back off for
            // up to 30 s after an outage). Acting on it could apply an older spec over a newer one, so the first
            // reconcile waits for a fresh list of everything.
            var relisting = time.GetTimestamp();
            try
            {
                await caches.RelistAsync(workersStop.Token).ConfigureAwait(false);
                Log.CachesRelisted(_logger, time.GetElapsedTime(relisting).TotalMilliseconds);
            }
            catch (OperationCanceledException)
            {
                // Stopped or lost the lease while listing: the controllers below end at once.
            }
        }
        await Task.WhenAll(controllers.Select(c => c.RunAsync(workersStop.Token, abort.Token))).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Log.Stopping(_logger, progress.Controllers.Sum(c => c.InFlight));
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout passed with reconciles still in flight: cancel them, and give them a moment to
            // see it before the lease is released behind them.
            await _hardStop.CancelAsync().ConfigureAwait(false);
            await _running.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _hardStop.Dispose();
    }
}
