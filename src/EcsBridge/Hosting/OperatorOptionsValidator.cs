using System.Text.RegularExpressions;

namespace EcsBridge.Hosting;

/// <summary>Checks options at start, naming the flag in each message so the fix is obvious.</summary>
internal static partial class OperatorOptionsValidator
{
    private static readonly string[] LogLevels = ["trace", "debug", "info", "information", "warning", "error", "critical", "none"];

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    /// <param name="localMode">`run` starts its own control plane: a missing ECS API keys file is then generated.</param>
    public static IReadOnlyList<string> Validate(OperatorOptions options, bool localMode = false)
    {
        var errors = new List<string>();
        foreach (var ns in options.WatchNamespaces)
        {
            if (ns.Length > 63 || !Dns1123Label().IsMatch(ns))
            {
                errors.Add($"--watch-namespaces: \"{ns}\" is not a valid namespace name");
            }
        }
        if (options.MaxConcurrentReconciles is < 1 or > 256)
        {
            errors.Add($"--concurrency must be between 1 and 256, got {options.MaxConcurrentReconciles}");
        }
        if (options.ClientQps < 0)
        {
            errors.Add($"--kube-api-qps must be 0 (no limit) or positive, got {options.ClientQps}");
        }
        if (options.ClientQps > 0 && options.ClientBurst < 1)
        {
            errors.Add($"--kube-api-burst must be at least 1 when --kube-api-qps is set, got {options.ClientBurst}");
        }
        if (options.LeaderElection)
        {
            if (!Dns1123Label().IsMatch(options.LeaderElectionId))
            {
                errors.Add($"--leader-election-id: \"{options.LeaderElectionId}\" is not a valid Lease name");
            }
            if (options.LeaderElectionNamespace is { } leaseNs && !Dns1123Label().IsMatch(leaseNs))
            {
                errors.Add($"--leader-election-namespace: \"{leaseNs}\" is not a valid namespace name");
            }
            // client-go's rule: the renew deadline must leave room for a retry with jitter inside the lease.
            if (options.LeaseDuration <= options.RenewDeadline)
            {
                errors.Add("--lease-duration must be longer than --renew-deadline");
            }
            if (options.RenewDeadline <= options.RetryPeriod * 1.2)
            {
                errors.Add("--renew-deadline must be longer than 1.2 x --retry-period");
            }
        }
        foreach (var (flag, value) in new[] { ("--metrics-bind-address", options.MetricsBindAddress), ("--health-probe-bind-address", options.HealthProbeBindAddress) })
        {
            if (value != "0" && BindAddress.TryParse(value, out _) is false)
            {
                errors.Add($"{flag}: \"{value}\" is not host:port, :port or 0");
            }
        }
        if (!LogLevels.Contains(options.LogLevel, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"--log-level must be one of trace, debug, info, warning, error, critical, none, got \"{options.LogLevel}\"");
        }
        if (options.LogFormat is not ("text" or "plain" or "json"))
        {
            errors.Add($"--log-format must be text or json, got \"{options.LogFormat}\"");
        }
        if (options.ResyncPeriod < TimeSpan.FromMinutes(1))
        {
            errors.Add($"--resync-period must be at least 1m, got {options.ResyncPeriod}");
        }
        if (options.RevisionHistoryLimit is < 1 or > 1000)
        {
            errors.Add($"--revision-history-limit must be between 1 and 1000, got {options.RevisionHistoryLimit}");
        }
        if (options.CircuitBreakerDeadlineSeconds is < 1 or > 86400)
        {
            errors.Add($"--circuit-breaker-deadline must be between 1s and 24h, got {options.CircuitBreakerDeadlineSeconds}s");
        }
        if (options.StoppedTaskTtl < TimeSpan.Zero)
        {
            errors.Add($"--stopped-task-ttl must not be negative, got {options.StoppedTaskTtl}");
        }
        if (options.WatchLivenessThreshold < TimeSpan.FromSeconds(1) || options.WatchLivenessThreshold > TimeSpan.FromHours(24))
        {
            errors.Add($"--watch-liveness-threshold must be between 1s and 24h, got {options.WatchLivenessThreshold}");
        }
        if (options.EcsApiBindAddress != "0")
        {
            if (BindAddress.TryParse(options.EcsApiBindAddress, out _) is false)
            {
                errors.Add($"--ecs-api-bind-address: \"{options.EcsApiBindAddress}\" is not host:port, :port or 0");
            }
            if (string.IsNullOrWhiteSpace(options.EcsApiCredentialsFile) && !localMode)
            {
                errors.Add("--ecs-api-credentials-file is required with --ecs-api-bind-address (the API serves only signed requests)");
            }
        }
        if (!RegionName().IsMatch(options.EcsApiRegion))
        {
            errors.Add($"--ecs-api-region: \"{options.EcsApiRegion}\" is not a region name such as us-east-1");
        }
        if (!AccountId().IsMatch(options.EcsApiAccountId))
        {
            errors.Add($"--ecs-api-account-id must be 12 digits, got \"{options.EcsApiAccountId}\"");
        }
        return errors;
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z0-9]+)+-[0-9]+$")]
    private static partial Regex RegionName();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();
}
