using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Kubernetes.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease. <see cref="RunAsync"/> tries to acquire every retry period,
/// raises <see cref="Acquired"/>, renews, and raises <see cref="Lost"/> when no renew succeeded within the renew
/// deadline, whatever the errors, or at once when another replica holds the Lease (then tries to acquire again).
/// Another holder's lease counts as expired only after this replica has seen it unchanged for a full lease duration
/// on its own clock, so clock skew between replicas does not matter. The loop never ends silently: any error is a
/// failed try, and a standby whose tries keep failing with errors that retrying cannot fix (Forbidden, …) for a
/// renew deadline ends with <see cref="LeaderElectionException"/>.
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

    /// <summary>Runs until <paramref name="cancellationToken"/> (then gives the Lease back, see
    /// <see cref="LeaseElectorOptions.ReleaseOnStop"/>). Throws <see cref="LeaderElectionException"/> when a standby
    /// cannot use the Lease; whatever ends the loop, a leader raises <see cref="Lost"/> first.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await AcquireAsync(cancellationToken).ConfigureAwait(false);
                _isLeader = true;
                LogAcquired(_logger, options.Namespace, options.Name, options.Identity);
                Acquired?.Invoke();
                var reason = await RenewUntilLostAsync(cancellationToken).ConfigureAwait(false);
                _isLeader = false;
                LogLost(_logger, options.Namespace, options.Name, options.Identity, reason);
                Lost?.Invoke();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (_isLeader)
        {
            // Not one of the expected outcomes (a handler threw, say): never stay a leader nobody renews.
            _isLeader = false;
            LogLost(_logger, options.Namespace, options.Name, options.Identity, ex.Message);
            Lost?.Invoke();
            throw;
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

    /// <summary>Tries every retry period until the Lease is ours. Transient errors are retried for ever, as
    /// client-go does; errors that retrying cannot fix end the loop once they have lasted a renew deadline (a
    /// binding created a moment after the pod starts is not fatal).</summary>
    private async Task AcquireAsync(CancellationToken cancellationToken)
    {
        long? failingSince = null;
        while (true)
        {
            var attempt = await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false);
            if (attempt.Held)
            {
                return;
            }
            if (attempt.Error is { } error)
            {
                LogAttemptFailed(_logger, options.Namespace, options.Name, error.Message);
                if (!LeaseAttempt.IsTransient(error))
                {
                    failingSince ??= _time.GetTimestamp();
                    if (_time.GetElapsedTime(failingSince.Value) >= options.RenewDeadline)
                    {
                        throw new LeaderElectionException($"lease {options.Namespace}/{options.Name}: {error.Message}", error);
                    }
                }
            }
            else
            {
                failingSince = null;
            }
            await Task.Delay(Jittered(options.RetryPeriod), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Renews every retry period; returns why leadership ended: no renew within the renew deadline (each
    /// try bounded by what is left of it) or another holder.</summary>
    private async Task<string> RenewUntilLostAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(options.RetryPeriod, _time, cancellationToken).ConfigureAwait(false);
            var started = _time.GetTimestamp();
            string? lastError = null;
            while (true)
            {
                var remaining = options.RenewDeadline - _time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    return $"not renewed within the renew deadline ({options.RenewDeadline.TotalSeconds:0.###} s)" + (lastError is null ? "" : ": " + lastError);
                }
                LeaseAttempt attempt;
                using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    bounded.CancelAfter(remaining);
                    try
                    {
                        attempt = await TryAcquireOrRenewAsync(bounded.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        attempt = LeaseAttempt.Failed(new TimeoutException("the renew deadline passed during a try", ex));
                    }
                }
                if (attempt.Held)
                {
                    break;
                }
                if (attempt.Error is not { } error)
                {
                    return $"the lease is held by {_observed.Holder}";
                }
                // Every error is retried until the deadline, as client-go does, Forbidden included: an API server
                // that has just restarted answers 403 until its RBAC caches have synced.
                LogAttemptFailed(_logger, options.Namespace, options.Name, error.Message);
                lastError = error.Message;
                var wait = options.RenewDeadline - _time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < options.RetryPeriod ? wait : options.RetryPeriod, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>One attempt: create the lease, renew our own, or take over an expired or released one.</summary>
    /// <remarks>Every error is returned as a failed attempt; only cancellation is thrown.</remarks>
    internal async Task<LeaseAttempt> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
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
                return LeaseAttempt.Ours;
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
                    return LeaseAttempt.HeldByOther;
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
            return LeaseAttempt.Ours;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return LeaseAttempt.Failed(ex);
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
        catch (Exception ex)
        {
            // Best effort: the Lease then simply expires.
            LogAttemptFailed(_logger, options.Namespace, options.Name, "release: " + ex.Message);
        }
    }

    private static TimeSpan Jittered(TimeSpan period) => period * (1 + Random.Shared.NextDouble() * 0.2);

    [LoggerMessage(EventId = EventIdRanges.LeaseElector + 1, Level = LogLevel.Information, Message = "acquired lease {Namespace}/{Name} as {Identity}")]
    private static partial void LogAcquired(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(EventId = EventIdRanges.LeaseElector + 2, Level = LogLevel.Warning, Message = "lost lease {Namespace}/{Name} ({Identity}): {Reason}")]
    private static partial void LogLost(ILogger logger, string @namespace, string name, string identity, string reason);

    [LoggerMessage(EventId = EventIdRanges.LeaseElector + 3, Level = LogLevel.Warning, Message = "lease {Namespace}/{Name}: attempt failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(EventId = EventIdRanges.LeaseElector + 4, Level = LogLevel.Information, Message = "released lease {Namespace}/{Name}")]
    private static partial void LogReleased(ILogger logger, string @namespace, string name);
}
