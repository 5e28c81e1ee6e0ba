using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>Issue 6, start-up failures: every bad option, file or cluster ends the process with a non-zero exit
/// code and one clear line on standard error (no stack trace) — and a clean SIGTERM ends it with 0.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class BadOptionsTests(ControlPlaneFixture fixture) : IDisposable
{
    private const int UsageExitCode = 2;
    private const int FailureExitCode = 1;
    private const string UsageHint = "Run 'ecsbridge --help' for usage.";
    private static readonly TimeSpan Reasonable = TimeSpan.FromSeconds(60);

    private readonly string _scratch = Directory.CreateTempSubdirectory("ecsbridge-options-").FullName;

    [Theory]
    [InlineData("--concurrency=0", "--concurrency")]
    [InlineData("--concurrency=many", "--concurrency")]
    [InlineData("--log-format=xml", "--log-format")]
    [InlineData("--log-level=loud", "--log-level")]
    [InlineData("--kube-api-qps=-1", "--kube-api-qps")]
    [InlineData("--metrics-bind-address=nonsense", "--metrics-bind-address")]
    [InlineData("--health-probe-bind-address=127.0.0.1:99999", "--health-probe-bind-address")]
    [InlineData("--lease-duration=soon", "--lease-duration")]
    [InlineData("--watch-namespaces=Team_A", "--watch-namespaces")]
    [InlineData("--no-such-flag", "--no-such-flag")]
    public async Task A_bad_option_exits_with_the_usage_code_and_one_line_naming_it(string option, string named)
    {
        // A kubeconfig that leads nowhere: should the option be wrongly accepted, the run fails differently.
        var result = await EcsBridgeCommand.RunAsync(["run", "--kubeconfig", ClosedPortKubeconfig(), option], Reasonable);

        AssertOneClearLine(result, UsageExitCode, named);
    }

    [Fact]
    public async Task Leader_election_timings_that_cannot_work_are_rejected_together()
    {
        var result = await EcsBridgeCommand.RunAsync(
            ["run", "--kubeconfig", ClosedPortKubeconfig(), "--leader-elect", "--lease-duration=5s", "--renew-deadline=10s"], Reasonable);

        result.ExitCode.ShouldBe(UsageExitCode, result.ToString());
        result.ErrorLines.ShouldAllBe(line => line.StartsWith("ecsbridge: --", StringComparison.Ordinal));
        result.Stderr.ShouldContain("--lease-duration must be longer than --renew-deadline");
    }

    [Fact]
    public async Task A_config_file_that_does_not_exist_is_named_in_one_line()
    {
        var missing = Path.Combine(_scratch, "missing.json");

        var result = await EcsBridgeCommand.RunAsync(["run", "--config", missing], Reasonable);

        AssertOneClearLine(result, UsageExitCode, "--config");
        result.Stderr.ShouldContain("missing.json");
    }

    [Fact]
    public async Task A_config_file_with_malformed_json_is_named_in_one_line()
    {
        var malformed = Path.Combine(_scratch, "malformed.json");
        await File.WriteAllTextAsync(malformed, """{ "concurrency": 4, """);

        var result = await EcsBridgeCommand.RunAsync(["run", "--config", malformed], Reasonable);

        AssertOneClearLine(result, UsageExitCode, "--config");
        result.Stderr.ShouldContain("malformed.json");
    }

    [Fact]
    public async Task A_config_file_value_that_is_invalid_is_reported_like_the_flag()
    {
        var config = Path.Combine(_scratch, "config.json");
        await File.WriteAllTextAsync(config, $$"""{ "kubeconfig": "{{ClosedPortKubeconfig()}}", "concurrency": 0 }""");

        var result = await EcsBridgeCommand.RunAsync(["run", "--config", config], Reasonable);

        AssertOneClearLine(result, UsageExitCode, "--concurrency");
    }

    [Fact]
    public async Task A_kubeconfig_that_does_not_exist_is_named_in_one_line()
    {
        var missing = Path.Combine(_scratch, "no-kubeconfig");

        var result = await EcsBridgeCommand.RunAsync(["run", "--kubeconfig", missing], Reasonable);

        AssertOneClearLine(result, FailureExitCode, missing);
    }

    [Fact]
    public async Task A_cluster_that_refuses_connections_fails_the_start_instead_of_hanging()
    {
        var result = await EcsBridgeCommand.RunAsync(["run", "--kubeconfig", ClosedPortKubeconfig()], Reasonable);

        AssertOneClearLine(result, FailureExitCode, "cannot reach");
    }

    [Fact]
    public async Task Sigterm_stops_a_leader_cleanly_with_exit_code_zero_within_the_shutdown_timeout_and_frees_the_lease()
    {
        var ns = await fixture.CreateNamespaceAsync("term");
        await CrdInstaller.EnsureInstalledAsync(fixture);
        using var command = EcsBridgeCommand.Start(
        [
            "run", "--kubeconfig", fixture.KubeconfigPath, "--watch-namespaces=" + ns, "--leader-elect", "--leader-election-namespace=" + ns,
            "--metrics-bind-address=0", "--health-probe-bind-address=0",
        ]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!command.Stdout.Contains("Became leader", StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("not leader within 60 s:\n" + command.Stdout);
            }
            await Task.Delay(100);
        }

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        command.Terminate();
        var result = await command.WaitForExitAsync(Reasonable);
        stopping.Stop();

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("released lease");
        result.Stderr.ShouldBeEmpty();
        // The host's shutdown timeout (7 s) bounds the stop; with nothing in flight it is much shorter.
        stopping.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(7), result.ToString());
        using var admin = fixture.CreateAdminClient();
        var lease = await admin.GetAsync(EcsBridge.Kubernetes.Http.ResourceType.Leases, ns, "ecsbridge-leader", EcsBridge.Kubernetes.Json.KubeJsonContext.Default.JsonObject);
        (lease["spec"]?["holderIdentity"]?.GetValue<string>()).ShouldBeNullOrEmpty("a released lease has no holder");
    }

    private static void AssertOneClearLine(CommandResult result, int exitCode, string mentioning)
    {
        result.ExitCode.ShouldBe(exitCode, result.ToString());
        var lines = result.ErrorLines.Where(line => line != UsageHint).ToList();
        lines.Count.ShouldBe(1, result.ToString());
        lines[0].ShouldStartWith("ecsbridge: ", Case.Sensitive, result.ToString());
        lines[0].ShouldContain(mentioning, Case.Sensitive, result.ToString());
        (result.Stderr + result.Stdout).ShouldNotContain("   at ", Case.Sensitive, "a stack trace was printed:\n" + result);
        (result.Stderr + result.Stdout).ShouldNotContain("Unhandled exception", Case.Insensitive, result.ToString());
    }

    /// <summary>The admin kubeconfig with its server moved to a loopback port nothing listens on.</summary>
    private string ClosedPortKubeconfig()
    {
        var path = Path.Combine(_scratch, "closed-port-kubeconfig");
        if (!File.Exists(path))
        {
            var admin = File.ReadAllText(fixture.KubeconfigPath);
            var server = admin.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("server: ", StringComparison.Ordinal))["server: ".Length..];
            File.WriteAllText(path, admin.Replace(server, $"https://127.0.0.1:{ClosedPort()}", StringComparison.Ordinal));
        }
        return path;
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
