using EcsBridge.Hosting;

namespace EcsBridge.UnitTests.Hosting;

public sealed class OperatorOptionsValidatorTests
{
    private static readonly OperatorOptions Defaults = new();

    [Fact]
    public void The_defaults_are_valid_with_and_without_leader_election()
    {
        OperatorOptionsValidator.Errors(Defaults).ShouldBeEmpty();
        OperatorOptionsValidator.Errors(Defaults with { LeaderElection = true }).ShouldBeEmpty();
    }

    [Fact]
    public void Disabled_endpoints_and_no_rate_limit_are_valid()
    {
        OperatorOptionsValidator.Errors(Defaults with { MetricsBindAddress = "0", HealthProbeBindAddress = "0", ClientQps = 0, ClientBurst = 0 })
            .ShouldBeEmpty();
    }

    // OperatorOptions is internal, so the theory names its cases and looks the options up here.
    private static readonly Dictionary<string, (OperatorOptions Options, string Message)> Invalid = new()
    {
        ["concurrency-zero"] = (Defaults with { MaxConcurrentReconciles = 0 }, "--concurrency must be between 1 and 256, got 0"),
        ["concurrency-too-high"] = (Defaults with { MaxConcurrentReconciles = 257 }, "--concurrency must be between 1 and 256, got 257"),
        ["qps-negative"] = (Defaults with { ClientQps = -1 }, "--kube-api-qps must be 0 (no limit) or positive, got -1"),
        ["burst-zero-with-qps"] = (Defaults with { ClientQps = 5, ClientBurst = 0 }, "--kube-api-burst must be at least 1 when --kube-api-qps is set, got 0"),
        ["namespace-not-dns"] = (Defaults with { WatchNamespaces = ["team-a", "Team_B"] }, "--watch-namespaces: \"Team_B\" is not a valid namespace name"),
        ["namespace-too-long"] = (Defaults with { WatchNamespaces = [new string('a', 64)] }, $"--watch-namespaces: \"{new string('a', 64)}\" is not a valid namespace name"),
        ["metrics-address"] = (Defaults with { MetricsBindAddress = "nonsense" }, "--metrics-bind-address: \"nonsense\" is not host:port, :port or 0"),
        ["health-address"] = (Defaults with { HealthProbeBindAddress = ":99999" }, "--health-probe-bind-address: \":99999\" is not host:port, :port or 0"),
        ["log-level"] = (Defaults with { LogLevel = "loud" }, "--log-level must be one of trace, debug, info, warning, error, critical, none, got \"loud\""),
        ["log-format"] = (Defaults with { LogFormat = "xml" }, "--log-format must be text or json, got \"xml\""),
        ["resync-too-short"] = (Defaults with { ResyncPeriod = TimeSpan.FromSeconds(30) }, "--resync-period must be at least 1m, got 00:00:30"),
        ["revision-history-zero"] = (Defaults with { RevisionHistoryLimit = 0 }, "--revision-history-limit must be between 1 and 1000, got 0"),
        ["circuit-breaker-zero"] = (Defaults with { CircuitBreakerDeadlineSeconds = 0 }, "--circuit-breaker-deadline must be between 1s and 24h, got 0s"),
        ["watch-liveness-too-short"] = (Defaults with { WatchLivenessThreshold = TimeSpan.FromMilliseconds(500) }, "--watch-liveness-threshold must be between 1s and 24h, got 00:00:00.5000000"),
        ["lease-name"] = (Defaults with { LeaderElection = true, LeaderElectionId = "Leader!" }, "--leader-election-id: \"Leader!\" is not a valid Lease name"),
        ["lease-namespace"] = (Defaults with { LeaderElection = true, LeaderElectionNamespace = "Kube_System" }, "--leader-election-namespace: \"Kube_System\" is not a valid namespace name"),
        ["lease-shorter-than-renew"] = (Defaults with { LeaderElection = true, LeaseDuration = TimeSpan.FromSeconds(10) }, "--lease-duration must be longer than --renew-deadline"),
        ["renew-within-retry"] = (Defaults with { LeaderElection = true, RetryPeriod = TimeSpan.FromSeconds(9) }, "--renew-deadline must be longer than 1.2 x --retry-period"),
    };

    public static TheoryData<string> InvalidCases() => [.. Invalid.Keys];

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Each_invalid_setting_gives_exactly_one_message_naming_its_flag(string name)
    {
        var (options, message) = Invalid[name];

        OperatorOptionsValidator.Errors(options).ShouldBe([message]);
    }

    [Fact]
    public void Leader_election_settings_are_not_checked_when_leader_election_is_off()
    {
        OperatorOptionsValidator.Errors(Defaults with { LeaderElectionId = "Leader!", LeaseDuration = TimeSpan.FromSeconds(1) }).ShouldBeEmpty();
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var errors = OperatorOptionsValidator.Errors(Defaults with { MaxConcurrentReconciles = 0, LogFormat = "xml", ClientQps = -1 });

        errors.Count.ShouldBe(3);
    }

    [Fact]
    public void The_ecs_api_needs_a_keys_file_a_bind_address_a_region_and_a_12_digit_account()
    {
        OperatorOptionsValidator.Errors(Defaults with { EcsApiBindAddress = "127.0.0.1:8090", EcsApiCredentialsFile = "/keys.json" }).ShouldBeEmpty();
        OperatorOptionsValidator.Errors(Defaults with { EcsApiBindAddress = "127.0.0.1:8090" }).Single().ShouldStartWith("--ecs-api-credentials-file");
        OperatorOptionsValidator.Errors(Defaults with { EcsApiBindAddress = "nowhere", EcsApiCredentialsFile = "/keys.json" }).Single().ShouldStartWith("--ecs-api-bind-address");
        OperatorOptionsValidator.Errors(Defaults with { EcsApiRegion = "Mars" }).Single().ShouldStartWith("--ecs-api-region");
        OperatorOptionsValidator.Errors(Defaults with { EcsApiAccountId = "12345" }).Single().ShouldStartWith("--ecs-api-account-id");
    }

    [Fact]
    public void Local_mode_needs_no_keys_file_because_it_generates_one()
    {
        OperatorOptionsValidator.Errors(Defaults with { EcsApiBindAddress = "127.0.0.1:8090", LocalMode = true }).ShouldBeEmpty();
        OperatorOptionsValidator.Errors(Defaults with { EcsApiBindAddress = "nowhere", LocalMode = true }).Single().ShouldStartWith("--ecs-api-bind-address");
    }
}
