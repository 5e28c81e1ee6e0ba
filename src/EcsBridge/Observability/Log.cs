using Microsoft.Extensions.Logging;

namespace EcsBridge.Observability;

/// <summary>Every log line the operator writes, source-generated. Event IDs: 1xxx runtime, 2xxx reconcile,
/// 3xxx apply and status, 4xxx leader election. Messages follow Kubernetes style: capitalized, no period.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Starting operator (version {Version}, namespaces {Namespaces}, workers {Workers})")]
    public static partial void Starting(ILogger logger, string version, string namespaces, int workers);

    [LoggerMessage(1001, LogLevel.Information, "Caches synced for {Resources}")]
    public static partial void CachesSynced(ILogger logger, string resources);

    [LoggerMessage(1002, LogLevel.Information, "Stopping; finishing {InFlight} reconciles in flight")]
    public static partial void Stopping(ILogger logger, int inFlight);

    [LoggerMessage(1004, LogLevel.Information, "Caches listed again after acquiring leadership ({Elapsed} ms); reconciling")]
    public static partial void CachesRelisted(ILogger logger, double elapsed);

    [LoggerMessage(1005, LogLevel.Debug, "Idle: compacted the managed heap ({Before} MiB -> {After} MiB)")]
    public static partial void MemoryTrimmed(ILogger logger, long before, long after);

    [LoggerMessage(1003, LogLevel.Information, "HorizontalPodAutoscaler API {Version} chosen by discovery")]
    public static partial void HpaVersion(ILogger logger, string version);

    [LoggerMessage(2000, LogLevel.Debug, "Reconciling {Controller} {Key}")]
    public static partial void Reconciling(ILogger logger, string controller, string key);

    [LoggerMessage(2001, LogLevel.Debug, "Reconciled {Controller} {Key} in {ElapsedMs} ms")]
    public static partial void Reconciled(ILogger logger, string controller, string key, double elapsedMs);

    [LoggerMessage(2002, LogLevel.Error, "Reconcile of {Controller} {Key} failed; retry {Retry} in {Backoff}")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string controller, string key, int retry, TimeSpan backoff);

    [LoggerMessage(2003, LogLevel.Information, "Cannot reconcile {Kind} {Key}: {Message}")]
    public static partial void Invalid(ILogger logger, string kind, string key, string message);

    [LoggerMessage(3000, LogLevel.Information, "Applied {ChildKind} {Key}")]
    public static partial void Applied(ILogger logger, string childKind, string key);

    [LoggerMessage(3001, LogLevel.Information, "Deleted {ChildKind} {Key} that is no longer desired")]
    public static partial void Pruned(ILogger logger, string childKind, string key);

    [LoggerMessage(3002, LogLevel.Information, "Recorded task definition revision {Family}:{Revision}")]
    public static partial void RevisionRecorded(ILogger logger, string family, long revision);

    [LoggerMessage(3003, LogLevel.Warning, "Rollout of {Key} failed ({Reason}); rolling back to {TaskDefinition}")]
    public static partial void RollingBack(ILogger logger, string key, string reason, string taskDefinition);

    [LoggerMessage(4000, LogLevel.Information, "Became leader ({Identity})")]
    public static partial void BecameLeader(ILogger logger, string identity);

    [LoggerMessage(4001, LogLevel.Warning, "Lost leadership ({Identity}); stopping writes")]
    public static partial void LostLeadership(ILogger logger, string identity);

    [LoggerMessage(4002, LogLevel.Information, "Waiting to become leader of {Lease}")]
    public static partial void WaitingForLeadership(ILogger logger, string lease);

    [LoggerMessage(4003, LogLevel.Error, "Leader election failed: {Reason}; stopping")]
    public static partial void LeaderElectionFailed(ILogger logger, string reason);
}
