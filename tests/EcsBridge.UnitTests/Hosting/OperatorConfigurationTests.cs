using EcsBridge.Hosting;
using Microsoft.Extensions.Configuration;

namespace EcsBridge.UnitTests.Hosting;

/// <summary>Flags over ECSBRIDGE_* variables over the --config file. The environment is process-wide, so every
/// test that sets a variable lives in this one class (xUnit runs a class's tests one at a time) and restores it.</summary>
public sealed class OperatorConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ecsbridge-options-").FullName;
    private readonly List<string> _variables = [];

    public void Dispose()
    {
        foreach (var variable in _variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
        Directory.Delete(_directory, recursive: true);
    }

    private static (OperatorOptions Options, IReadOnlyList<string> Errors) Load(params (string Flag, string? Value)[] flags) =>
        Load(flags.ToDictionary(f => f.Flag, f => f.Value), null);

    private static (OperatorOptions Options, IReadOnlyList<string> Errors) Load(Dictionary<string, string?> flags, string? configFile) =>
        OperatorConfiguration.Load(new ConfigurationManager(), flags, configFile);

    private string Config(string json)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    private void SetVariable(string name, string value)
    {
        _variables.Add(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    [Fact]
    public void No_flags_give_the_controller_runtime_defaults()
    {
        var (options, errors) = Load();

        errors.ShouldBeEmpty();
        options.ShouldBe(new OperatorOptions());
        options.MaxConcurrentReconciles.ShouldBe(4);
        options.LeaseDuration.ShouldBe(TimeSpan.FromSeconds(15));
        options.RenewDeadline.ShouldBe(TimeSpan.FromSeconds(10));
        options.RetryPeriod.ShouldBe(TimeSpan.FromSeconds(2));
        options.MetricsBindAddress.ShouldBe(":8080");
        options.HealthProbeBindAddress.ShouldBe(":8081");
        options.WatchLivenessThreshold.ShouldBe(TimeSpan.FromMinutes(2));
        options.WatchNamespaces.ShouldBeEmpty();
    }

    [Fact]
    public void Every_flag_is_read_into_its_option()
    {
        var (options, errors) = Load(
            ("kubeconfig", "/tmp/kc"), ("context", "prod"), ("watch-namespaces", " team-a, team-b ,"), ("concurrency", "8"),
            ("kube-api-qps", "12.5"), ("kube-api-burst", "30"), ("leader-elect", "true"), ("leader-election-id", "my-lease"),
            ("leader-election-namespace", "ops"), ("lease-duration", "30s"), ("renew-deadline", "20s"), ("retry-period", "5s"),
            ("metrics-bind-address", "127.0.0.1:9090"), ("health-probe-bind-address", "0"), ("log-level", "debug"), ("log-format", "json"),
            ("resync-period", "30m"), ("revision-history-limit", "3"), ("circuit-breaker-deadline", "2m"),
            ("watch-liveness-threshold", "45s"));

        errors.ShouldBeEmpty();
        options.ShouldBe(new OperatorOptions
        {
            Kubeconfig = "/tmp/kc", Context = "prod", WatchNamespaces = options.WatchNamespaces, MaxConcurrentReconciles = 8,
            ClientQps = 12.5, ClientBurst = 30, LeaderElection = true, LeaderElectionId = "my-lease", LeaderElectionNamespace = "ops",
            LeaseDuration = TimeSpan.FromSeconds(30), RenewDeadline = TimeSpan.FromSeconds(20), RetryPeriod = TimeSpan.FromSeconds(5),
            MetricsBindAddress = "127.0.0.1:9090", HealthProbeBindAddress = "0", LogLevel = "debug", LogFormat = "json",
            ResyncPeriod = TimeSpan.FromMinutes(30), RevisionHistoryLimit = 3, CircuitBreakerDeadlineSeconds = 120,
            WatchLivenessThreshold = TimeSpan.FromSeconds(45),
        });
        options.WatchNamespaces.ShouldBe(["team-a", "team-b"]);
    }

    [Theory]
    [InlineData("concurrency", "many")]
    [InlineData("kube-api-qps", "fast")]
    [InlineData("kube-api-burst", "1.5")]
    [InlineData("leader-elect", "yes")]
    [InlineData("lease-duration", "15")]
    [InlineData("resync-period", "hourly")]
    [InlineData("revision-history-limit", "ten")]
    [InlineData("circuit-breaker-deadline", "10 minutes")]
    [InlineData("watch-liveness-threshold", "2 minutes")]
    public void An_unreadable_value_is_one_error_naming_the_flag_and_the_value(string flag, string value)
    {
        var (_, errors) = Load((flag, value));

        errors.ShouldBe([$"--{flag}: \"{value}\" is not a valid value"]);
    }

    [Fact]
    public void Validation_errors_are_returned_with_the_parse_errors()
    {
        var (_, errors) = Load(("concurrency", "0"), ("log-format", "xml"), ("retry-period", "later"));

        errors.ShouldBe(
        [
            "--retry-period: \"later\" is not a valid value",
            "--concurrency must be between 1 and 256, got 0",
            "--log-format must be text or json, got \"xml\"",
        ], ignoreOrder: true);
    }

    [Fact]
    public void An_empty_flag_value_means_not_set()
    {
        var (options, errors) = Load(("concurrency", ""), ("log-format", null));

        errors.ShouldBeEmpty();
        options.MaxConcurrentReconciles.ShouldBe(4);
        options.LogFormat.ShouldBe("text");
    }

    [Fact]
    public void A_config_file_uses_the_flag_names_as_keys()
    {
        var file = Config("""{ "concurrency": 6, "watch-namespaces": "a,b", "leader-elect": true, "lease-duration": "20s" }""");

        var (options, errors) = Load(new Dictionary<string, string?>(), file);

        errors.ShouldBeEmpty();
        options.MaxConcurrentReconciles.ShouldBe(6);
        options.WatchNamespaces.ShouldBe(["a", "b"]);
        options.LeaderElection.ShouldBeTrue();
        options.LeaseDuration.ShouldBe(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void A_config_file_may_list_the_namespaces_as_a_json_array()
    {
        var file = Config("""{ "watch-namespaces": ["team-a", " team-b "] }""");

        var (options, errors) = Load(new Dictionary<string, string?>(), file);

        errors.ShouldBeEmpty();
        options.WatchNamespaces.ShouldBe(["team-a", "team-b"]);
    }

    [Fact]
    public void A_namespaces_flag_replaces_the_config_files_array_rather_than_adding_to_it()
    {
        var file = Config("""{ "watch-namespaces": ["team-a", "team-b", "team-c"] }""");

        var (options, errors) = Load(new Dictionary<string, string?> { ["watch-namespaces"] = "only" }, file);

        errors.ShouldBeEmpty();
        options.WatchNamespaces.ShouldBe(["only"]);
    }

    [Fact]
    public void Durations_and_switches_in_the_config_file_are_read_like_the_flags()
    {
        var file = Config("""{ "stopped-task-ttl": "90m", "circuit-breaker-deadline": "5m", "leader-elect": "True", "kube-api-qps": 0.5 }""");

        var (options, errors) = Load(new Dictionary<string, string?>(), file);

        errors.ShouldBeEmpty();
        options.StoppedTaskTtl.ShouldBe(TimeSpan.FromMinutes(90));
        options.CircuitBreakerDeadlineSeconds.ShouldBe(300);
        options.LeaderElection.ShouldBeTrue();
        options.ClientQps.ShouldBe(0.5);
    }

    [Fact]
    public void Environment_variables_override_the_config_file_and_flags_override_both()
    {
        var file = Config("""{ "concurrency": 6, "log-level": "warning", "revision-history-limit": 7 }""");
        SetVariable("ECSBRIDGE_CONCURRENCY", "12");
        SetVariable("ECSBRIDGE_LOG_LEVEL", "error");
        SetVariable("ECSBRIDGE_WATCH_NAMESPACES", "from-env");

        var (options, errors) = Load(new Dictionary<string, string?> { ["concurrency"] = "16" }, file);

        errors.ShouldBeEmpty();
        options.MaxConcurrentReconciles.ShouldBe(16);
        options.LogLevel.ShouldBe("error");
        options.WatchNamespaces.ShouldBe(["from-env"]);
        options.RevisionHistoryLimit.ShouldBe(7);
    }

    [Fact]
    public void A_config_file_that_does_not_exist_throws_for_the_command_to_report()
    {
        Should.Throw<FileNotFoundException>(() => Load(new Dictionary<string, string?>(), Path.Combine(_directory, "missing.json")));
    }

    [Fact]
    public void A_config_file_with_malformed_json_throws_for_the_command_to_report()
    {
        var file = Config("""{ "concurrency": 4, """);

        Should.Throw<InvalidDataException>(() => Load(new Dictionary<string, string?>(), file));
    }
}
