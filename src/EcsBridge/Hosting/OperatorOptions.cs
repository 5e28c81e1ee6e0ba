using System.ComponentModel.DataAnnotations;
using EcsBridge.Hosting.Validation;
using Microsoft.Extensions.Configuration;

namespace EcsBridge.Hosting;

/// <summary>Everything `ecsbridge run` can be told, from flags, ECSBRIDGE_* environment variables or a JSON
/// configuration file (in that order of precedence), bound by the configuration binder's source generator under the
/// flag names (<see cref="OperatorFlags"/>) and checked by <see cref="OperatorOptionsValidator"/>. Defaults follow
/// controller-runtime and client-go. Setters, not init: the generated binder sets each property.</summary>
internal sealed record OperatorOptions : IValidatableObject
{
    /// <summary>Namespaces to watch; empty means all.</summary>
    [ConfigurationKeyName("watch-namespaces")]
    public IReadOnlyList<string> WatchNamespaces { get; set; } = [];

    /// <summary>Reconciles that may run at once (never two on the same object).</summary>
    [ConfigurationKeyName("concurrency")]
    [IntRange(1, 256, "--concurrency must be between 1 and 256, got {0}")]
    public int MaxConcurrentReconciles { get; set; } = 4;

    /// <summary>Client-side request rate limit; 0 turns it off (API Priority and Fairness then protects the server).</summary>
    [ConfigurationKeyName("kube-api-qps")]
    [NotNegative("--kube-api-qps must be 0 (no limit) or positive, got {0}")]
    public double ClientQps { get; set; } = 100;

    [ConfigurationKeyName("kube-api-burst")]
    public int ClientBurst { get; set; } = 200;

    [ConfigurationKeyName("leader-elect")]
    public bool LeaderElection { get; set; }

    [ConfigurationKeyName("leader-election-id")]
    public string LeaderElectionId { get; set; } = "ecsbridge-leader";

    /// <summary>Namespace of the Lease; the pod's own namespace when null (in-cluster), else "default".</summary>
    [ConfigurationKeyName("leader-election-namespace")]
    public string? LeaderElectionNamespace { get; set; }

    [ConfigurationKeyName("lease-duration")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    [ConfigurationKeyName("renew-deadline")]
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    [ConfigurationKeyName("retry-period")]
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>host:port for /metrics, or "0" to disable.</summary>
    [ConfigurationKeyName("metrics-bind-address")]
    [BindAddress("metrics-bind-address")]
    public string MetricsBindAddress { get; set; } = ":8080";

    /// <summary>host:port for /healthz and /readyz, or "0" to disable.</summary>
    [ConfigurationKeyName("health-probe-bind-address")]
    [BindAddress("health-probe-bind-address")]
    public string HealthProbeBindAddress { get; set; } = ":8081";

    [ConfigurationKeyName("log-level")]
    [OneOf("--log-level must be one of trace, debug, info, warning, error, critical, none, got \"{0}\"",
        "trace", "debug", "info", "information", "warning", "error", "critical", "none", IgnoreCase = true)]
    public string LogLevel { get; set; } = "info";

    /// <summary>text or json.</summary>
    [ConfigurationKeyName("log-format")]
    [OneOf("--log-format must be text or json, got \"{0}\"", "text", "plain", "json")]
    public string LogFormat { get; set; } = "text";

    /// <summary>How often every object is re-queued from the cache (at low priority) as a safety net.</summary>
    [ConfigurationKeyName("resync-period")]
    [DurationRange("1m", "--resync-period must be at least 1m, got {0}")]
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Task definition revisions kept as ControllerRevisions.</summary>
    [ConfigurationKeyName("revision-history-limit")]
    [IntRange(1, 1000, "--revision-history-limit must be between 1 and 1000, got {0}")]
    public int RevisionHistoryLimit { get; set; } = 10;

    /// <summary>Not a flag: the field manager of every apply.</summary>
    public string FieldManager { get; set; } = "ecsbridge";

    /// <summary>progressDeadlineSeconds for services with the deployment circuit breaker on.</summary>
    [ConfigurationKeyName("circuit-breaker-deadline")]
    [IntRange(1, 86400, "--circuit-breaker-deadline must be between 1s and 24h, got {0}s")]
    public int CircuitBreakerDeadlineSeconds { get; set; } = 600;

    /// <summary>How long a watch may stay disconnected before /healthz fails (long enough to ride out an API
    /// server restart or upgrade).</summary>
    [ConfigurationKeyName("watch-liveness-threshold")]
    [DurationRange("1s", "--watch-liveness-threshold must be between 1s and 24h, got {0}", "24h")]
    public TimeSpan WatchLivenessThreshold { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an EcsTask stays after its tasks stopped before the operator deletes it (ECS keeps stopped
    /// tasks visible for about an hour).</summary>
    [ConfigurationKeyName("stopped-task-ttl")]
    [NotNegative("--stopped-task-ttl must not be negative, got {0}")]
    public TimeSpan StoppedTaskTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>host:port the ECS API (JSON 1.1, SigV4) listens on, or "0" (the default) for none.</summary>
    [ConfigurationKeyName("ecs-api-bind-address")]
    [BindAddress("ecs-api-bind-address")]
    public string EcsApiBindAddress { get; set; } = "0";

    /// <summary>The ECS API's access keys (a JSON file, usually a mounted Secret); required when the API is on.</summary>
    [ConfigurationKeyName("ecs-api-credentials-file")]
    public string? EcsApiCredentialsFile { get; set; }

    /// <summary>The region in the ECS API's ARNs and in the SigV4 credential scope it accepts.</summary>
    [ConfigurationKeyName("ecs-api-region")]
    [Matches(NamePattern.Region, "--ecs-api-region: \"{0}\" is not a region name such as us-east-1")]
    public string EcsApiRegion { get; set; } = "us-east-1";

    /// <summary>The account id in the ECS API's ARNs.</summary>
    [ConfigurationKeyName("ecs-api-account-id")]
    [Matches(NamePattern.AccountId, "--ecs-api-account-id must be 12 digits, got \"{0}\"")]
    public string EcsApiAccountId { get; set; } = "000000000000";

    [ConfigurationKeyName("kubeconfig")]
    public string? Kubeconfig { get; set; }

    [ConfigurationKeyName("context")]
    public string? Context { get; set; }

    /// <summary>Not a flag: `run` starts its own control plane (then a missing ECS API keys file is generated).</summary>
    [ConfigurationKeyName("local-mode")]
    public bool LocalMode { get; set; }

    /// <summary>The rules that involve more than one option, or one line per item of a list.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var ns in WatchNamespaces.Where(ns => !NamePatterns.IsDns1123Label(ns)))
        {
            yield return new ValidationResult($"--watch-namespaces: \"{ns}\" is not a valid namespace name");
        }
        if (ClientQps > 0 && ClientBurst < 1)
        {
            yield return new ValidationResult($"--kube-api-burst must be at least 1 when --kube-api-qps is set, got {ClientBurst}");
        }
        if (LeaderElection)
        {
            if (!NamePatterns.IsDns1123Label(LeaderElectionId))
            {
                yield return new ValidationResult($"--leader-election-id: \"{LeaderElectionId}\" is not a valid Lease name");
            }
            if (LeaderElectionNamespace is { } leaseNs && !NamePatterns.IsDns1123Label(leaseNs))
            {
                yield return new ValidationResult($"--leader-election-namespace: \"{leaseNs}\" is not a valid namespace name");
            }
            // client-go's rule: the renew deadline must leave room for a retry with jitter inside the lease.
            if (LeaseDuration <= RenewDeadline)
            {
                yield return new ValidationResult("--lease-duration must be longer than --renew-deadline");
            }
            if (RenewDeadline <= RetryPeriod * 1.2)
            {
                yield return new ValidationResult("--renew-deadline must be longer than 1.2 x --retry-period");
            }
        }
        if (EcsApiBindAddress != "0" && string.IsNullOrWhiteSpace(EcsApiCredentialsFile) && !LocalMode)
        {
            yield return new ValidationResult("--ecs-api-credentials-file is required with --ecs-api-bind-address (the API serves only signed requests)");
        }
    }
}
