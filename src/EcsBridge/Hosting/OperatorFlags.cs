using System.Globalization;

namespace EcsBridge.Hosting;

/// <summary>One setting of `ecsbridge run`: its flag (--name), environment variable (ECSBRIDGE_NAME), JSON key in
/// --config (the name), help text, and how its text is read into <see cref="OperatorOptions"/>. The default shown in
/// the help is the value of a fresh <see cref="OperatorOptions"/>, so it is spelled only there.</summary>
internal sealed record OperatorFlag(string Name, string Description)
{
    public string EnvironmentVariable => "ECSBRIDGE_" + Name.Replace('-', '_').ToUpperInvariant();

    public string JsonKey => Name;

    /// <summary>A bare --name means true.</summary>
    public bool IsSwitch { get; init; }

    /// <summary>What the default means when it is no value of its own ("all", "in-cluster").</summary>
    public string? DefaultText { get; init; }

    /// <summary>The option's value as text (for the help's default), or null when unset.</summary>
    public required Func<OperatorOptions, string?> Show { get; init; }

    /// <summary>The options with this flag's value read from <c>text</c>; null when the text is not a valid value.</summary>
    public required Func<OperatorOptions, string, OperatorOptions?> Read { get; init; }

    public string Help => $"{Description} (default {DefaultText ?? Show(new OperatorOptions())}).";
}

/// <summary>The table of every `ecsbridge run` setting: <see cref="Commands.RunCommand"/> builds its options from it
/// and <see cref="OperatorOptionsLoader"/> reads flags, ECSBRIDGE_* variables and the --config file through it.</summary>
internal static class OperatorFlags
{
    public static IReadOnlyList<OperatorFlag> All { get; } =
    [
        Text("kubeconfig", "Path to a kubeconfig file", o => o.Kubeconfig, (o, v) => o with { Kubeconfig = v }) with { DefaultText = "KUBECONFIG, ~/.kube/config, in-cluster" },
        Text("context", "The kubeconfig context to use", o => o.Context, (o, v) => o with { Context = v }) with { DefaultText = "the current context" },
        Text("watch-namespaces", "Comma-separated namespaces to watch", o => string.Join(',', o.WatchNamespaces),
            (o, v) => o with { WatchNamespaces = v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) }) with { DefaultText = "all" },
        Int("concurrency", "Reconciles that may run at once", o => o.MaxConcurrentReconciles, (o, v) => o with { MaxConcurrentReconciles = v }),
        new("kube-api-qps", "Client-side requests per second to the API server; 0 turns the limit off")
        {
            Show = o => o.ClientQps.ToString(CultureInfo.InvariantCulture),
            Read = (o, text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? o with { ClientQps = v } : null,
        },
        Int("kube-api-burst", "Client-side burst above the QPS", o => o.ClientBurst, (o, v) => o with { ClientBurst = v }),
        new("leader-elect", "Elect a leader with a coordination.k8s.io Lease so several replicas are safe (true|false)")
        {
            IsSwitch = true,
            Show = o => o.LeaderElection ? "true" : "false",
            Read = (o, text) => bool.TryParse(text, out var v) ? o with { LeaderElection = v } : null,
        },
        Text("leader-election-id", "Name of the Lease", o => o.LeaderElectionId, (o, v) => o with { LeaderElectionId = v }),
        Text("leader-election-namespace", "Namespace of the Lease", o => o.LeaderElectionNamespace, (o, v) => o with { LeaderElectionNamespace = v })
            with { DefaultText = "the pod's namespace" },
        Duration("lease-duration", "Lease duration", o => o.LeaseDuration, (o, v) => o with { LeaseDuration = v }),
        Duration("renew-deadline", "How long the leader keeps trying to renew before it gives up", o => o.RenewDeadline, (o, v) => o with { RenewDeadline = v }),
        Duration("retry-period", "Time between tries to acquire or renew", o => o.RetryPeriod, (o, v) => o with { RetryPeriod = v }),
        Text("metrics-bind-address", "host:port for /metrics, or 0 to disable", o => o.MetricsBindAddress, (o, v) => o with { MetricsBindAddress = v }),
        Text("health-probe-bind-address", "host:port for /healthz and /readyz, or 0 to disable", o => o.HealthProbeBindAddress, (o, v) => o with { HealthProbeBindAddress = v }),
        Text("log-level", "trace, debug, info, warning, error", o => o.LogLevel, (o, v) => o with { LogLevel = v }),
        Text("log-format", "text or json", o => o.LogFormat, (o, v) => o with { LogFormat = v }),
        Duration("resync-period", "How often every object is looked at again from the cache", o => o.ResyncPeriod, (o, v) => o with { ResyncPeriod = v }),
        Int("revision-history-limit", "Task definition revisions kept", o => o.RevisionHistoryLimit, (o, v) => o with { RevisionHistoryLimit = v }),
        Duration("circuit-breaker-deadline", "How long a rollout may make no progress before the deployment circuit breaker fails it",
            o => TimeSpan.FromSeconds(o.CircuitBreakerDeadlineSeconds), (o, v) => o with { CircuitBreakerDeadlineSeconds = (int)v.TotalSeconds }),
        Duration("watch-liveness-threshold", "How long a watch may stay disconnected before /healthz fails",
            o => o.WatchLivenessThreshold, (o, v) => o with { WatchLivenessThreshold = v }),
        Duration("stopped-task-ttl", "How long an EcsTask stays after its tasks stopped before it is deleted",
            o => o.StoppedTaskTtl, (o, v) => o with { StoppedTaskTtl = v }),
        Text("ecs-api-bind-address", "host:port for the Amazon ECS API (aws ecs --endpoint-url), or 0 to disable",
            o => o.EcsApiBindAddress, (o, v) => o with { EcsApiBindAddress = v }),
        Text("ecs-api-credentials-file", "JSON file with the ECS API's access keys (required with --ecs-api-bind-address)",
            o => o.EcsApiCredentialsFile, (o, v) => o with { EcsApiCredentialsFile = v }) with { DefaultText = "none" },
        Text("ecs-api-region", "Region of the ECS API's ARNs and SigV4 scope", o => o.EcsApiRegion, (o, v) => o with { EcsApiRegion = v }),
        Text("ecs-api-account-id", "Account id of the ECS API's ARNs", o => o.EcsApiAccountId, (o, v) => o with { EcsApiAccountId = v }),
    ];

    private static OperatorFlag Text(string name, string description, Func<OperatorOptions, string?> show, Func<OperatorOptions, string, OperatorOptions> set) =>
        new(name, description) { Show = show, Read = set };

    private static OperatorFlag Int(string name, string description, Func<OperatorOptions, int> show, Func<OperatorOptions, int, OperatorOptions> set) =>
        new(name, description)
        {
            Show = o => show(o).ToString(CultureInfo.InvariantCulture),
            Read = (o, text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? set(o, v) : null,
        };

    private static OperatorFlag Duration(string name, string description, Func<OperatorOptions, TimeSpan> show, Func<OperatorOptions, TimeSpan, OperatorOptions> set) =>
        new(name, description)
        {
            Show = o => Durations.Format(show(o)),
            Read = (o, text) => Durations.TryParse(text, out var v) ? set(o, v) : null,
        };
}
