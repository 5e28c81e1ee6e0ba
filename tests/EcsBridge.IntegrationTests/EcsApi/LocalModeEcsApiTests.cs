using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.ControlPlane;
using EcsBridge.IntegrationTests.Runtime;

namespace EcsBridge.IntegrationTests.EcsApi;

/// <summary>`ecsbridge run --local --ecs-api-bind-address …` with no keys file: the run makes a key, prints the
/// environment lines and an example command, and both AWS CLIs work with exactly what was printed. The secret appears
/// once in the whole output (the export line) and the keys file is owner-only and goes with the run. Runs its own
/// control plane (no node), as <see cref="LocalModeTests"/> does.</summary>
[Collection(StandaloneCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class LocalModeEcsApiTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("ecsbridge-home-");
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ecsbridge-tmp-");

    [Fact]
    public async Task Local_mode_generates_a_key_and_prints_lines_both_aws_clis_use_as_printed()
    {
        var assets = ControlPlaneAssets.Locate();
        assets.ShouldNotBeNull("run `make envtest` or set KUBEBUILDER_ASSETS");
        // Found before the run starts, so a missing CLI fails the test at once.
        AwsCli.Path(1).ShouldNotBeNull();
        AwsCli.Path(2).ShouldNotBeNull();
        var apiPort = FreePort.Next();
        using var command = EcsBridgeCommand.Start(
            ["run", "--local", "--no-node", $"--metrics-bind-address=127.0.0.1:{FreePort.Next()}", $"--health-probe-bind-address=127.0.0.1:{FreePort.Next()}",
             $"--ecs-api-bind-address=127.0.0.1:{apiPort}"],
            EcsBridgeCommand.NoClusterEnvironment(assets, _home.FullName, _temp.FullName));

        var stdout = await Infrastructure.Ecs.EventuallyAsync(
            () => Task.FromResult(command.Stdout.Contains("aws ecs list-clusters --endpoint-url", StringComparison.Ordinal) || command.HasExited ? command.Stdout : null),
            "the ECS API's environment lines on stdout", 180);
        command.HasExited.ShouldBeFalse(stdout);
        var environment = ExportLine().Matches(stdout).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        environment.Keys.ShouldBe(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_ECS"], ignoreOrder: true);
        environment["AWS_ENDPOINT_URL_ECS"].ShouldBe($"http://127.0.0.1:{apiPort}");
        var example = stdout.Split('\n').Single(l => l.StartsWith("aws ecs ", StringComparison.Ordinal)).Trim();
        var credentialsFile = KeysFile().Match(stdout).Groups["path"].Value;
        File.GetUnixFileMode(credentialsFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Path.GetDirectoryName(Path.GetDirectoryName(credentialsFile)).ShouldBe(_temp.FullName.TrimEnd('/'), "the keys file lives in the run's own folder");

        foreach (var major in new[] { 1, 2 })
        {
            var (exit, output, error) = await AwsCli.RunAsync(major, environment, _temp.FullName, example.Split(' ')[1..]);
            exit.ShouldBe(0, $"aws-cli {major}: {example}: {error}");
            JsonNode.Parse(output)!["clusterArns"]!.AsArray().Select(a => a!.GetValue<string>())
                .ShouldContain("arn:aws:ecs:us-east-1:000000000000:cluster/default", $"aws-cli {major}");
            // The same key id with another secret is refused: the printed secret is what authenticates.
            var wrong = new Dictionary<string, string>(environment) { ["AWS_SECRET_ACCESS_KEY"] = "not" + environment["AWS_SECRET_ACCESS_KEY"][3..] };
            var refused = await AwsCli.RunAsync(major, wrong, _temp.FullName, example.Split(' ')[1..]);
            refused.Exit.ShouldNotBe(0);
            refused.Stderr.ShouldContain("InvalidSignatureException");
        }

        command.Interrupt();
        var result = await command.WaitForExitAsync(TimeSpan.FromSeconds(60));
        result.ExitCode.ShouldBe(0, result.Stderr);
        var secret = environment["AWS_SECRET_ACCESS_KEY"];
        Regex.Count(result.Stdout, Regex.Escape(secret)).ShouldBe(1, "the secret is printed once, in its export line, and never logged");
        result.Stderr.ShouldNotContain(secret);
        File.Exists(credentialsFile).ShouldBeFalse("the keys file goes with the local control plane's folder");
    }

    [GeneratedRegex(@"^export (?<name>AWS_[A-Z_]+)=(?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();

    [GeneratedRegex(@"with a generated key \((?<path>/[^,]+), removed on stop\)")]
    private static partial Regex KeysFile();

    public void Dispose()
    {
        foreach (var directory in new[] { _home, _temp })
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
