using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.LeaderElection;
using EcsBridge.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsBridge.Hosting.Services;

/// <summary>
/// The Lease loop (--leader-elect). Its start does not wait for the lease: a standby keeps its caches warm and the
/// controller service waits for <see cref="OperatorProgress.Leading"/>. It stops after the controllers, so on a
/// graceful stop the lease is kept (and renewed) until the reconciles in flight have finished, then given back.
/// A lost lease or a failed loop stops writing at once and ends the run with a non-zero exit.
/// </summary>
internal sealed class LeaderElectionService(
    IOptions<OperatorOptions> options, KubeClient client, OperatorMetrics metrics, OperatorHealth health, OperatorProgress progress,
    IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    /// <summary>The /healthz check of the lease loop.</summary>
    public const string Check = "leader-election";

    private readonly ILogger _logger = loggerFactory.CreateLogger("EcsBridge.Operator");

    // Not linked to the host's stopping token: only this service's own stop gives the lease back.
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.LeaderElection)
        {
            metrics.SetLeader(true);
            progress.Leading.TrySetResult();
            return Task.CompletedTask;
        }
        // The pod's name (downward API) makes the holder readable in the Lease; a suffix keeps restarts apart.
        var identity = (Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName) + "_" + Guid.NewGuid().ToString("N")[..8];
        var leaseNamespace = o.LeaderElectionNamespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? client.DefaultNamespace;
        var elector = new LeaseElector(client, new LeaseElectorOptions
        {
            Namespace = leaseNamespace,
            Name = o.LeaderElectionId,
            Identity = identity,
            LeaseDuration = o.LeaseDuration,
            RenewDeadline = o.RenewDeadline,
            RetryPeriod = o.RetryPeriod,
        });
        elector.Acquired += () =>
        {
            metrics.SetLeader(true);
            Log.BecameLeader(_logger, identity);
            progress.Leading.TrySetResult();
        };
        elector.Lost += () =>
        {
            metrics.SetLeader(false);
            if (_stop.IsCancellationRequested)
            {
                // A clean stop: the elector gave the lease back on our request; nothing was lost.
                return;
            }
            // Stop writing first (in-flight reconciles are cancelled, not finished), then say so.
            Fail();
            Log.LostLeadership(_logger, identity);
        };
        Log.WaitingForLeadership(_logger, leaseNamespace + "/" + o.LeaderElectionId);
        _loop = Task.Run(() => RunAsync(elector), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunAsync(LeaseElector elector)
    {
        string reason;
        try
        {
            await elector.RunAsync(_stop.Token).ConfigureAwait(false);
            reason = "the lease loop ended";
        }
        catch (Exception ex)
        {
            reason = ex.Message;
        }
        if (!_stop.IsCancellationRequested)
        {
            // The loop may only end when asked to. A standby that cannot use the Lease would otherwise wait for ever
            // while /readyz says ready, and a leader would go on without renewing: end the run.
            health.Report(Check, false, "the lease loop stopped: " + reason);
            Fail();
            Log.LeaderElectionFailed(_logger, reason);
        }
    }

    private void Fail()
    {
        progress.LostLeadership = true;
        progress.Abort.Cancel();
        lifetime.StopApplication();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout was spent on reconciles: a moment still for the release, else the lease expires.
            await _loop.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stop.Dispose();
}
