using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace EcsBridge.Hosting;

/// <summary>
/// Reads <see cref="OperatorOptions"/> from, in rising precedence: a JSON file (--config), ECSBRIDGE_* environment
/// variables (ECSBRIDGE_CONCURRENCY, ECSBRIDGE_WATCH_NAMESPACES, …) and command-line flags. Keys are the flag
/// names without dashes. Every unreadable value becomes one clear error naming the flag.
/// </summary>
internal static class OperatorOptionsLoader
{
    public static (OperatorOptions Options, IReadOnlyList<string> Errors) Load(IReadOnlyDictionary<string, string?> flags, string? configFile)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        var env = Environment.GetEnvironmentVariables();
        var fromEnv = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in env.Keys.OfType<string>().Where(k => k.StartsWith("ECSBRIDGE_", StringComparison.Ordinal)))
        {
            fromEnv[key["ECSBRIDGE_".Length..].Replace('_', '-').ToLowerInvariant()] = env[key] as string;
        }
        builder.AddInMemoryCollection(fromEnv);
        builder.AddInMemoryCollection(flags.Where(f => f.Value is not null));
        var config = builder.Build();
        var errors = new List<string>();
        var defaults = new OperatorOptions();

        string? Text(string key) => config[key] is { Length: > 0 } value ? value : null;

        T Parse<T>(string key, T fallback, TryParser<T> parser)
        {
            var text = Text(key);
            if (text is null)
            {
                return fallback;
            }
            if (parser(text, out var value))
            {
                return value;
            }
            errors.Add($"--{key}: \"{text}\" is not a valid value");
            return fallback;
        }

        var options = new OperatorOptions
        {
            WatchNamespaces = Text("watch-namespaces")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            MaxConcurrentReconciles = Parse("concurrency", defaults.MaxConcurrentReconciles, int.TryParse),
            ClientQps = Parse("kube-api-qps", defaults.ClientQps, (string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v)),
            ClientBurst = Parse("kube-api-burst", defaults.ClientBurst, int.TryParse),
            LeaderElection = Parse("leader-elect", defaults.LeaderElection, bool.TryParse),
            LeaderElectionId = Text("leader-election-id") ?? defaults.LeaderElectionId,
            LeaderElectionNamespace = Text("leader-election-namespace"),
            LeaseDuration = Parse("lease-duration", defaults.LeaseDuration, Durations.TryParse),
            RenewDeadline = Parse("renew-deadline", defaults.RenewDeadline, Durations.TryParse),
            RetryPeriod = Parse("retry-period", defaults.RetryPeriod, Durations.TryParse),
            MetricsBindAddress = Text("metrics-bind-address") ?? defaults.MetricsBindAddress,
            HealthProbeBindAddress = Text("health-probe-bind-address") ?? defaults.HealthProbeBindAddress,
            LogLevel = Text("log-level") ?? defaults.LogLevel,
            LogFormat = Text("log-format") ?? defaults.LogFormat,
            ResyncPeriod = Parse("resync-period", defaults.ResyncPeriod, Durations.TryParse),
            RevisionHistoryLimit = Parse("revision-history-limit", defaults.RevisionHistoryLimit, int.TryParse),
            CircuitBreakerDeadlineSeconds = Parse("circuit-breaker-deadline", defaults.CircuitBreakerDeadlineSeconds, (string s, out int v) =>
            {
                var ok = Durations.TryParse(s, out var d);
                v = (int)d.TotalSeconds;
                return ok;
            }),
            WatchLivenessThreshold = Parse("watch-liveness-threshold", defaults.WatchLivenessThreshold, Durations.TryParse),
            Kubeconfig = Text("kubeconfig"),
            Context = Text("context"),
        };
        errors.AddRange(OperatorOptionsValidator.Validate(options));
        return (options, errors);
    }

    private delegate bool TryParser<T>(string text, out T value);
}
