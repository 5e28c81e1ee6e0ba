using System.Globalization;

namespace EcsBridge.Hosting;

/// <summary>How a flag's text is read: the table checks it and hands the binder one canonical spelling.</summary>
internal enum FlagKind
{
    Text,
    Integer,
    Number,
    Switch,
    /// <summary>A Go-style duration ("15s", "1h30m") bound to a TimeSpan.</summary>
    Duration,
    /// <summary>A Go-style duration bound to a whole number of seconds.</summary>
    Seconds,
    /// <summary>Comma-separated text, or a JSON array in --config.</summary>
    List,
}

/// <summary>One setting of `ecsbridge run`. Its name is the flag (--name), the key in --config and the configuration
/// binding key (<c>[ConfigurationKeyName]</c> on the <see cref="OperatorOptions"/> property); its environment
/// variable is derived from the name (<see cref="FlagEnvironmentVariables"/>). The default shown in the help is the
/// value of a fresh <see cref="OperatorOptions"/>, so it is spelled only there.</summary>
internal sealed record OperatorFlag(string Name, FlagKind Kind, string Description)
{
    public string EnvironmentVariable => FlagEnvironmentVariables.NameOf(Name);

    public string BindingKey => Name;

    /// <summary>A bare --name means true.</summary>
    public bool IsSwitch => Kind == FlagKind.Switch;

    /// <summary>What the default means when it is no value of its own ("all", "in-cluster").</summary>
    public string? DefaultText { get; init; }

    /// <summary>The option's current value, for the help's default.</summary>
    public required Func<OperatorOptions, object?> Show { get; init; }

    public string Help => $"{Description} (default {DefaultText ?? Format(Show(new OperatorOptions()))}).";

    /// <summary>The one spelling the configuration binder reads for <paramref name="text"/>; null when the text is
    /// not a value of this kind.</summary>
    public string? Canonical(string text)
    {
        var inv = CultureInfo.InvariantCulture;
        return Kind switch
        {
            FlagKind.Integer => int.TryParse(text, NumberStyles.Integer, inv, out var i) ? i.ToString(inv) : null,
            FlagKind.Number => double.TryParse(text, NumberStyles.Float, inv, out var d) ? d.ToString("R", inv) : null,
            FlagKind.Switch => bool.TryParse(text, out var b) ? (b ? "true" : "false") : null,
            FlagKind.Duration => Durations.TryParse(text, out var t) ? t.ToString("c", inv) : null,
            FlagKind.Seconds => Durations.TryParse(text, out var s) ? ((int)s.TotalSeconds).ToString(inv) : null,
            _ => text,
        };
    }

    private string? Format(object? value) => value switch
    {
        null => null,
        TimeSpan t => Durations.Format(t),
        int seconds when Kind == FlagKind.Seconds => Durations.Format(TimeSpan.FromSeconds(seconds)),
        bool b => b ? "true" : "false",
        IEnumerable<string> list => string.Join(',', list),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>The table of every `ecsbridge run` setting. The command's options and help, the ECSBRIDGE_* variables,
/// the --config keys and the configuration binding keys all come from it.</summary>
internal static class OperatorFlags
{
    public static IReadOnlyList<OperatorFlag> All { get; } =
    [
        new("kubeconfig", FlagKind.Text, "Path to a kubeconfig file") { Show = o => o.Kubeconfig, DefaultText = "KUBECONFIG, ~/.kube/config, in-cluster" },
        new("context", FlagKind.Text, "The kubeconfig context to use") { Show = o => o.Context, DefaultText = "the current context" },
        new("watch-namespaces", FlagKind.List, "Comma-separated namespaces to watch") { Show = o => o.WatchNamespaces, DefaultText = "all" },
        new("concurrency", FlagKind.Integer, "Reconciles that may run at once") { Show = o => o.MaxConcurrentReconciles },
        new("kube-api-qps", FlagKind.Number, "Client-side requests per second to the API server; 0 turns the limit off") { Show = o => o.ClientQps },
        new("kube-api-burst", FlagKind.Integer, "Client-side burst above the QPS") { Show = o => o.ClientBurst },
        new("leader-elect", FlagKind.Switch, "Elect a leader with a coordination.k8s.io Lease so several replicas are safe (true|false)") { Show = o => o.LeaderElection },
        new("leader-election-id", FlagKind.Text, "Name of the Lease") { Show = o => o.LeaderElectionId },
        new("leader-election-namespace", FlagKind.Text, "Namespace of the Lease") { Show = o => o.LeaderElectionNamespace, DefaultText = "the pod's namespace" },
        new("lease-duration", FlagKind.Duration, "Lease duration") { Show = o => o.LeaseDuration },
        new("renew-deadline", FlagKind.Duration, "How long the leader keeps trying to renew before it gives up") { Show = o => o.RenewDeadline },
        new("retry-period", FlagKind.Duration, "Time between tries to acquire or renew") { Show = o => o.RetryPeriod },
        new("metrics-bind-address", FlagKind.Text, "host:port for /metrics, or 0 to disable") { Show = o => o.MetricsBindAddress },
        new("health-probe-bind-address", FlagKind.Text, "host:port for /healthz and /readyz, or 0 to disable") { Show = o => o.HealthProbeBindAddress },
        new("log-level", FlagKind.Text, "trace, debug, info, warning, error") { Show = o => o.LogLevel },
        new("log-format", FlagKind.Text, "text or json") { Show = o => o.LogFormat },
        new("resync-period", FlagKind.Duration, "How often every object is looked at again from the cache") { Show = o => o.ResyncPeriod },
        new("revision-history-limit", FlagKind.Integer, "Task definition revisions kept") { Show = o => o.RevisionHistoryLimit },
        new("circuit-breaker-deadline", FlagKind.Seconds, "How long a rollout may make no progress before the deployment circuit breaker fails it")
            { Show = o => o.CircuitBreakerDeadlineSeconds },
        new("watch-liveness-threshold", FlagKind.Duration, "How long a watch may stay disconnected before /healthz fails") { Show = o => o.WatchLivenessThreshold },
        new("stopped-task-ttl", FlagKind.Duration, "How long stopped tasks stay: an EcsTask after its tasks stopped, a service's stopped task in its status.stoppedTasks") { Show = o => o.StoppedTaskTtl },
        new("ecs-api-bind-address", FlagKind.Text, "host:port for the Amazon ECS API (aws ecs --endpoint-url), or 0 to disable") { Show = o => o.EcsApiBindAddress },
        new("ecs-api-credentials-file", FlagKind.Text, "JSON file with the ECS API's access keys (required with --ecs-api-bind-address)")
            { Show = o => o.EcsApiCredentialsFile, DefaultText = "none" },
        new("ecs-api-region", FlagKind.Text, "Region of the ECS API's ARNs and SigV4 scope") { Show = o => o.EcsApiRegion },
        new("ecs-api-account-id", FlagKind.Text, "Account id of the ECS API's ARNs") { Show = o => o.EcsApiAccountId },
    ];
}
