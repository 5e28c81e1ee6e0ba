using EcsBridge.Kubernetes;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Observability;

/// <summary>Every log line the operator writes, source-generated. Event IDs come from <see cref="EventIdRanges"/>
/// (runtime, reconcile, apply and status, leadership). Messages follow Kubernetes style: capitalized, no period.</summary>
internal static partial class Log
{
    [LoggerMessage(EventIdRanges.Runtime, LogLevel.Information, "Starting operator (version {Version}, namespaces {Namespaces}, workers {Workers})")]
    public static partial void Starting(ILogger logger, string version, string namespaces, int workers);

    [LoggerMessage(EventIdRanges.Runtime + 1, LogLevel.Information, "Caches synced for {Resources}")]
    public static partial void CachesSynced(ILogger logger, string resources);

    [LoggerMessage(EventIdRanges.Runtime + 2, LogLevel.Information, "Stopping; finishing {InFlight} reconciles in flight")]
    public static partial void Stopping(ILogger logger, int inFlight);

    [LoggerMessage(EventIdRanges.Runtime + 4, LogLevel.Information, "Caches listed again after acquiring leadership ({Elapsed} ms); reconciling")]
    public static partial void CachesRelisted(ILogger logger, double elapsed);

    [LoggerMessage(EventIdRanges.Runtime + 5, LogLevel.Debug, "Idle: compacted the managed heap ({Before} MiB -> {After} MiB)")]
    public static partial void MemoryTrimmed(ILogger logger, long before, long after);

    [LoggerMessage(EventIdRanges.Runtime + 3, LogLevel.Information, "HorizontalPodAutoscaler API {Version} chosen by discovery")]
    public static partial void HpaVersion(ILogger logger, string version);

    [LoggerMessage(EventIdRanges.EcsApi + 4, LogLevel.Information, "Serving the Amazon ECS API on {Endpoint}")]
    public static partial void EcsApiListening(ILogger logger, string endpoint);

    [LoggerMessage(EventIdRanges.Reconcile, LogLevel.Debug, "Reconciling {Controller} {Key}")]
    public static partial void Reconciling(ILogger logger, string controller, string key);

    [LoggerMessage(EventIdRanges.Reconcile + 1, LogLevel.Debug, "Reconciled {Controller} {Key} in {ElapsedMs} ms")]
    public static partial void Reconciled(ILogger logger, string controller, string key, double elapsedMs);

    [LoggerMessage(EventIdRanges.Reconcile + 2, LogLevel.Error, "Reconcile of {Controller} {Key} failed; retry {Retry} in {Backoff}")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string controller, string key, int retry, TimeSpan backoff);

    [LoggerMessage(EventIdRanges.Reconcile + 3, LogLevel.Information, "Cannot reconcile {Kind} {Key}: {Message}")]
    public static partial void Invalid(ILogger logger, string kind, string key, string message);

    [LoggerMessage(EventIdRanges.Apply, LogLevel.Information, "Applied {ChildKind} {Key}")]
    public static partial void Applied(ILogger logger, string childKind, string key);

    [LoggerMessage(EventIdRanges.Apply + 1, LogLevel.Information, "Deleted {ChildKind} {Key} that is no longer desired")]
    public static partial void Pruned(ILogger logger, string childKind, string key);

    [LoggerMessage(EventIdRanges.Apply + 2, LogLevel.Information, "Recorded task definition revision {Family}:{Revision}")]
    public static partial void RevisionRecorded(ILogger logger, string family, long revision);

    [LoggerMessage(EventIdRanges.Apply + 3, LogLevel.Warning, "Rollout of {Key} failed ({Reason}); rolling back to {TaskDefinition}")]
    public static partial void RollingBack(ILogger logger, string key, string reason, string taskDefinition);

    [LoggerMessage(EventIdRanges.Apply + 4, LogLevel.Information, "Started task {Pod} of {Key} ({TaskDefinition})")]
    public static partial void TaskStarted(ILogger logger, string pod, string key, string taskDefinition);

    [LoggerMessage(EventIdRanges.Apply + 5, LogLevel.Information, "Stopping task {Pod} of {Key}: an essential container exited")]
    public static partial void TaskStopping(ILogger logger, string pod, string key);

    [LoggerMessage(EventIdRanges.Apply + 6, LogLevel.Information, "Deleted {Key}: its tasks stopped at {StoppedAt}, longer ago than the stopped-task TTL {Ttl}")]
    public static partial void TaskExpired(ILogger logger, string key, DateTimeOffset stoppedAt, TimeSpan ttl);

    // +20: clear of the task messages' block above.
    [LoggerMessage(EventIdRanges.Apply + 20, LogLevel.Information, "TrafficShiftStep: {Key} ({Strategy}) step of {StepPercent} %: {TrafficPercent} % of production traffic on {TaskDefinition}")]
    public static partial void TrafficShiftStep(ILogger logger, string key, string strategy, double stepPercent, int trafficPercent, string taskDefinition);

    [LoggerMessage(EventIdRanges.Leadership, LogLevel.Information, "Became leader ({Identity})")]
    public static partial void BecameLeader(ILogger logger, string identity);

    [LoggerMessage(EventIdRanges.Leadership + 1, LogLevel.Warning, "Lost leadership ({Identity}); stopping writes")]
    public static partial void LostLeadership(ILogger logger, string identity);

    [LoggerMessage(EventIdRanges.Leadership + 2, LogLevel.Information, "Waiting to become leader of {Lease}")]
    public static partial void WaitingForLeadership(ILogger logger, string lease);

    [LoggerMessage(EventIdRanges.Leadership + 3, LogLevel.Error, "Leader election failed: {Reason}; stopping")]
    public static partial void LeaderElectionFailed(ILogger logger, string reason);
}
