namespace EcsBridge.Hosting;

/// <summary>Everything `ecsbridge run` can be told, from flags, ECSBRIDGE_* environment variables or a JSON
/// configuration file (in that order of precedence). Defaults follow controller-runtime and client-go.</summary>
internal sealed record OperatorOptions
{
    /// <summary>Namespaces to watch; empty means all.</summary>
    public IReadOnlyList<string> WatchNamespaces { get; init; } = [];

    /// <summary>Reconciles that may run at once (never two on the same object).</summary>
    public int MaxConcurrentReconciles { get; init; } = 4;

    /// <summary>Client-side request rate limit; 0 turns it off (API Priority and Fairness then protects the server).</summary>
    public double ClientQps { get; init; } = 100;

    public int ClientBurst { get; init; } = 200;

    public bool LeaderElection { get; init; }

    public string LeaderElectionId { get; init; } = "ecsbridge-leader";

    /// <summary>Namespace of the Lease; the pod's own namespace when null (in-cluster), else "default".</summary>
    public string? LeaderElectionNamespace { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>host:port for /metrics, or "0" to disable.</summary>
    public string MetricsBindAddress { get; init; } = ":8080";

    /// <summary>host:port for /healthz and /readyz, or "0" to disable.</summary>
    public string HealthProbeBindAddress { get; init; } = ":8081";

    public string LogLevel { get; init; } = "info";

    /// <summary>text or json.</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>How often every object is re-queued from the cache (at low priority) as a safety net.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Task definition revisions kept as ControllerRevisions.</summary>
    public int RevisionHistoryLimit { get; init; } = 10;

    public string FieldManager { get; init; } = "ecsbridge";

    /// <summary>progressDeadlineSeconds for services with the deployment circuit breaker on.</summary>
    public int CircuitBreakerDeadlineSeconds { get; init; } = 600;

    /// <summary>How long a watch may stay disconnected before /healthz fails (long enough to ride out an API
    /// server restart or upgrade).</summary>
    public TimeSpan WatchLivenessThreshold { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an EcsTask stays after its tasks stopped before the operator deletes it (ECS keeps stopped
    /// tasks visible for about an hour).</summary>
    public TimeSpan StoppedTaskTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>host:port the ECS API (JSON 1.1, SigV4) listens on, or "0" (the default) for none.</summary>
    public string EcsApiBindAddress { get; init; } = "0";

    /// <summary>The ECS API's access keys (a JSON file, usually a mounted Secret); required when the API is on.</summary>
    public string? EcsApiCredentialsFile { get; init; }

    /// <summary>The region in the ECS API's ARNs and in the SigV4 credential scope it accepts.</summary>
    public string EcsApiRegion { get; init; } = "us-east-1";

    /// <summary>The account id in the ECS API's ARNs.</summary>
    public string EcsApiAccountId { get; init; } = "000000000000";

    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }
}
