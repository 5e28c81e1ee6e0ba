using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Kubernetes.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease. <see cref="RunAsync"/> tries to acquire every retry period,
/// raises <see cref="Acquired"/>, renews, and raises <see cref="Lost"/> when it could not renew within the renew
/// deadline (then tries to acquire again). Another holder's lease counts as expired only after this replica has
/// seen it unchanged for a full lease duration on its own clock, so clock skew between replicas does not matter.
/// </summary>
public sealed partial class LeaseElector(KubeClient client, LeaseElectorOptions options)
{
    private readonly ILogger _logger = client.LoggerFactory.CreateLogger("EcsBridge.Kubernetes.LeaseElector");
    private readonly TimeProvider _time = client.TimeProvider;
    private (string? Holder, DateTimeOffset? RenewTime, string? ResourceVersion) _observed;
    private long _observedAt;
    private volatile bool _isLeader;

    public event Action? Acquired;

    public event Action? Lost;

    public bool IsLeader => _isLeader;

    public LeaseElectorOptions Options => options;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await AcquireAsync(cancellationToken).ConfigureAwait(false);
                _isLeader = true;
                LogAcquired(_logger, options.Namespace, options.Name, options.Identity);
                Acquired?.Invoke();
                await RenewUntilLostAsync(cancellationToken).ConfigureAwait(false);
                if (_isLeader)
                {
                    _isLeader = false;
                    LogLost(_logger, options.Namespace, options.Name, options.Identity);
                    Lost?.Invoke();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        if (_isLeader)
        {
            _isLeader = false;
            if (options.ReleaseOnStop)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
            Lost?.Invoke();
        }
    }

    private async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (!await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
        {
            await Task.Delay(Jittered(options.RetryPeriod), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RenewUntilLostAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(options.RetryPeriod, _time, cancellationToken).ConfigureAwait(false);
            var deadline = _time.GetTimestamp();
            var renewed = false;
            while (!renewed && _time.GetElapsedTime(deadline) < options.RenewDeadline)
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(options.RenewDeadline - _time.GetElapsedTime(deadline));
                try
                {
                    renewed = await TryAcquireOrRenewAsync(attempt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
                if (!renewed && _time.GetElapsedTime(deadline) < options.RenewDeadline)
                {
                    await Task.Delay(options.RetryPeriod, _time, cancellationToken).ConfigureAwait(false);
                }
            }
            if (!renewed)
            {
                return;
            }
        }
    }

    /// <summary>One attempt: create the lease, renew our own, or take over an expired or released one.</summary>
    internal async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var seconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds);
        try
        {
            var lease = await client.TryGetAsync(ResourceType.Leases, options.Namespace, options.Name, KubeJsonContext.Default.Lease,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                await client.CreateAsync(ResourceType.Leases, options.Namespace, new Lease
                {
                    Metadata = new ObjectMeta { Name = options.Name, Namespace = options.Namespace },
                    Spec = new LeaseSpec { HolderIdentity = options.Identity, LeaseDurationSeconds = seconds, AcquireTime = now, RenewTime = now, LeaseTransitions = 0 },
                }, KubeJsonContext.Default.Lease, cancellationToken: cancellationToken).ConfigureAwait(false);
                return true;
            }
            var spec = lease.Spec ?? new LeaseSpec();
            var holder = spec.HolderIdentity;
            var ours = holder == options.Identity;
            var observed = (holder, spec.RenewTime, lease.Metadata.ResourceVersion);
            if (observed != _observed)
            {
                _observed = observed;
                _observedAt = _time.GetTimestamp();
            }
            if (!ours && !string.IsNullOrEmpty(holder))
            {
                var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? seconds);
                if (_time.GetElapsedTime(_observedAt) < duration)
                {
                    return false;
                }
            }
            var updated = lease with
            {
                Spec = new LeaseSpec
                {
                    HolderIdentity = options.Identity,
                    LeaseDurationSeconds = seconds,
                    AcquireTime = ours ? spec.AcquireTime ?? now : now,
                    RenewTime = now,
                    LeaseTransitions = ours ? spec.LeaseTransitions ?? 0 : (spec.LeaseTransitions ?? 0) + 1,
                },
            };
            var stored = await client.ReplaceAsync(ResourceType.Leases, options.Namespace, options.Name, updated, KubeJsonContext.Default.Lease,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            _observed = (options.Identity, stored.Spec?.RenewTime, stored.Metadata.ResourceVersion);
            _observedAt = _time.GetTimestamp();
            return true;
        }
        catch (KubeException ex) when (ex is KubeConflictException or KubeAlreadyExistsException or KubeConnectionException or KubeServerErrorException or KubeTooManyRequestsException)
        {
            LogAttemptFailed(_logger, options.Namespace, options.Name, ex.Message);
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(options.RenewDeadline);
        try
        {
            var lease = await client.TryGetAsync(ResourceType.Leases, options.Namespace, options.Name, KubeJsonContext.Default.Lease,
                cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease?.Spec?.HolderIdentity != options.Identity)
            {
                return;
            }
            var now = _time.GetUtcNow();
            await client.ReplaceAsync(ResourceType.Leases, options.Namespace, options.Name, lease with
            {
                Spec = lease.Spec with { HolderIdentity = null, LeaseDurationSeconds = 1, RenewTime = now, AcquireTime = now },
            }, KubeJsonContext.Default.Lease, cancellationToken: timeout.Token).ConfigureAwait(false);
            LogReleased(_logger, options.Namespace, options.Name);
        }
        catch (Exception ex) when (ex is KubeException or OperationCanceledException)
        {
            LogAttemptFailed(_logger, options.Namespace, options.Name, "release: " + ex.Message);
        }
    }

    private static TimeSpan Jittered(TimeSpan period) => period * (1 + Random.Shared.NextDouble() * 0.2);

    [LoggerMessage(EventId = EventIdRanges.LeaseElector + 1, Level = LogLevel.Information, Message = "acquired lease {Namespace}/{Name} as {Identity}")]
    private static partial void LogAcquired(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(EventId = EventIdRanges.LeaseElector + 2, Level = LogLevel.Warning, Message = "lost lease {Namespace}/{Name} ({Identity})")]
    private static partial void LogLost(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(EventId = EventIdRanges.LeaseElector + 3, Level = LogLevel.Debug, Message = "lease {Namespace}/{Name}: attempt failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(EventId = EventIdRanges.LeaseElector + 4, Level = LogLevel.Information, Message = "released lease {Namespace}/{Name}")]
    private static partial void LogReleased(ILogger logger, string @namespace, string name);
}
