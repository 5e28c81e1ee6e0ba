using System.Text.Json.Nodes;
using Shouldly;
using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.EcsApi;

/// <summary>`aws ecs …` (aws-cli <paramref name="major"/>, 1 by default: the machine image's) against one ECS API
/// endpoint, with only the key given (<see cref="AwsCli"/> keeps the machine's AWS settings out); no key means
/// --no-sign-request.</summary>
internal sealed class AwsEcsCli(string endpoint, string folder, ITestOutputHelper output, int major = 1)
{
    public async Task<JsonNode> JsonAsync(AwsKey? key, params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(key, args);
        exit.ShouldBe(0, $"aws ecs {string.Join(' ', args)}: {stderr}");
        return stdout.Trim().Length == 0 ? new JsonObject() : JsonNode.Parse(stdout)!;
    }

    public async Task<string> FailsAsync(AwsKey? key, params string[] args)
    {
        var (exit, _, stderr) = await RunAsync(key, args);
        exit.ShouldNotBe(0, $"aws ecs {string.Join(' ', args)} should have been refused");
        return stderr;
    }

    public async Task<(int Exit, string Stdout, string Stderr)> RunAsync(AwsKey? key, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = key?.Id ?? "",
            ["AWS_SECRET_ACCESS_KEY"] = key?.Secret ?? "",
            ["AWS_DEFAULT_REGION"] = "us-east-1",
        };
        string[] call = ["ecs", .. args, "--endpoint-url", endpoint, "--output", "json", .. key is null ? ["--no-sign-request"] : Array.Empty<string>()];
        var (exit, stdout, stderr) = await AwsCli.RunAsync(major, environment, folder, call);
        output.WriteLine($"aws ecs {string.Join(' ', args)} ({key?.Id ?? "unsigned"}) → {exit}{(exit == 0 ? "" : ": " + stderr.Trim())}");
        return (exit, stdout, stderr);
    }

    public static IEnumerable<string> Strings(JsonNode? array) => (array as JsonArray ?? []).Select(a => a!.GetValue<string>());
}

/// <summary>An access key of the test's keys file.</summary>
internal sealed record AwsKey(string Id, string Secret);
